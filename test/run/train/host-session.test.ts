// The host step executor against the tfjs session on the native matrix path: for every
// activation × loss × optimizer, the records of a short run agree within a float32 tolerance;
// structure variants (bias, depth, symmetrized init, frozen copy with α ≠ 1, no hidden layer,
// minibatches); two runs are bit-identical; what it does not cover falls back to tfjs; the cell
// records which executor ran. Native-only tests skip, naming why, without a BLAS.

import { afterAll, afterEach, describe, expect, test } from 'vitest';
import type { Activation, Loss, OptimizerConfig, RunCell } from '../../../src/plan/cell.js';
import { initBackend } from '../../../src/run/backend.js';
import { makeDataset } from '../../../src/run/data/index.js';
import { initParams } from '../../../src/run/model/params.js';
import { findBlas } from '../../../src/run/native/blas.js';
import type { CellResult, TidyRecord } from '../../../src/run/results.js';
import { hostSupports, hostUnsupported } from '../../../src/run/train/host-session.js';
import { openSession } from '../../../src/run/train/session.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import { badStepEnv, hostStepUnavailable } from '../../../src/messages/run.js';
import { makeCell } from '../helpers.js';

const found = await findBlas();
const skipReason = typeof found === 'string' ? ` (skipped: ${found})` : '';
if (skipReason) console.warn(`native path tests skipped: ${found}`);

afterAll(async () => { await initBackend('wasm'); });
afterEach(() => { delete process.env['LAZYLAB_STEP']; });

const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'erf', 'sigmoid', 'gelu', 'identity'];
const LOSSES: Loss[] = ['mse', 'bce', 'cross_entropy'];
const OPTIMIZERS: OptimizerConfig[] = [
  { kind: 'gd', lr: 0.3 },
  { kind: 'sgd', lr: 0.2, batch: 10 },
  { kind: 'momentum', lr: 0.1, beta: 0.9, batch: null },
  { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: 12 },
];
const N = (std = 1) => ({ kind: 'normal' as const, std });
const MEASURE = [
  { name: 'train_loss', options: {} }, { name: 'test_loss', options: {} },
  { name: 'weight_change', options: { per_layer: true } }, { name: 'test_accuracy', options: {} },
];

/** Two hidden layers (12, 8) with bias on gaussian data: k = 1 for mse and bce, 3 classes for cross-entropy. */
function comboCell(act: Activation, loss: Loss, optimizer: OptimizerConfig): RunCell {
  const k = loss === 'cross_entropy' ? 3 : 1;
  return makeCell({
    data: { name: 'g', source: { kind: 'gaussian', std: 1, classes: loss === 'cross_entropy' ? 3 : 2 }, nTrain: 30, nTest: 20 },
    model: {
      hidden: [12, 8], outputDim: k, activation: act, bias: true, biasStd: 0.5, head: k > 1 ? 'softmax' : 'scalar',
      multipliers: [1 / Math.sqrt(5), 1 / Math.sqrt(12), 1 / Math.sqrt(8)], init: { layers: [N(), N(), N()], symmetrized: false, frozenCopy: false },
    },
    train: { loss, optimizer, steps: 12, log: { kind: 'every', every: 4 } },
    measure: MEASURE,
  });
}

async function run(cell: RunCell, step: 'host' | 'tfjs'): Promise<CellResult> {
  process.env['LAZYLAB_STEP'] = step;
  try {
    return await trainCell(cell, await initBackend('wasm', 'native'));
  } finally {
    delete process.env['LAZYLAB_STEP'];
  }
}

const key = (r: TidyRecord): string => `${r.measurement}/${r.layer ?? '-'}/${r.step}`;

/**
 * Tolerance: the host executor does its elementwise work in float64 rounded once per stored
 * value, tfjs rounds every float32 operation (ε = 6e-8); both use the same sgemm. Over these
 * ≤ 20 steps the largest measured gap is 1.4e-6 relative (a small weight_change, a difference of
 * nearby weights). 2e-5 relative plus 1e-6 absolute (weight_change at step 0 is 0 on both) leaves
 * room for other CPUs' kernels; a real difference in the math fails it: dropping the bias
 * multiplier or Adam's bias correction fails 20 of these tests.
 */
function expectClose(host: CellResult, tfjs: CellResult, label: string): void {
  expect(host.status, `${label}: ${host.reason}`).toBe(tfjs.status);
  expect(host.records.map(key)).toEqual(tfjs.records.map(key));
  const want = new Map(tfjs.records.map((r) => [key(r), r.value]));
  for (const r of host.records) {
    const w = want.get(key(r))!;
    if (w === null) { expect(r.value, `${label} ${key(r)}`).toBeNull(); continue; }
    expect(Math.abs(r.value! - w), `${label} ${key(r)}: host ${r.value} tfjs ${w}`).toBeLessThanOrEqual(2e-5 * Math.abs(w) + 1e-6);
  }
}

describe('hostSupports (pure)', () => {
  test('fully connected cells run on the host; layered networks, augmentation and unknown optimizer settings do not', () => {
    const cell = makeCell();
    expect(hostSupports(cell)).toBe(true);
    expect(hostUnsupported(cell)).toBeNull();
    const layered = makeCell({ model: { layers: [{ kind: 'dense', units: 4, activation: 'relu', bias: false, multiplier: 1 }] as never } });
    expect(hostSupports(layered)).toBe(false);
    expect(hostUnsupported(layered)).toMatch(/layered network/);
    const augmented = makeCell({ data: { augment: { kind: 'crop_flip', padding: 2, flip: true } } });
    expect(hostUnsupported(augmented)).toBe('data augmentation');
    // A setting added to an optimizer later (weight decay, say) is not silently ignored; a schedule is implemented.
    const decayed = makeCell({ train: { optimizer: { kind: 'gd', lr: 0.1, weightDecay: 0.01 } as never } });
    expect(hostUnsupported(decayed)).toBe('optimizer setting weightDecay');
    const scheduled = makeCell({ train: { optimizer: { kind: 'gd', lr: 0.1, schedule: { kind: 'cosine', epochs: 5, min: 0, stepsPerEpoch: 1 } } } });
    expect(hostUnsupported(scheduled)).toBeNull();
    expect(cell.train.optimizer).toEqual({ kind: 'gd', lr: 0.5 }); // pure: the cell is untouched
  });
});

describe.skipIf(typeof found === 'string')(`host step executor against tfjs on the native path${skipReason}`, () => {
  for (const act of ACTIVATIONS) {
    for (const loss of LOSSES) {
      test(`${act} × ${loss} × gd, sgd, momentum, adam`, async () => {
        for (const opt of OPTIMIZERS) {
          const cell = comboCell(act, loss, opt);
          const host = await run(cell, 'host'), tfjs = await run(cell, 'tfjs');
          expect(host.backend.matmul?.step).toBe('host');
          expect(tfjs.backend.matmul?.step).toBe('tfjs');
          expectClose(host, tfjs, `${act} ${loss} ${opt.kind}`);
        }
      });
    }
  }

  const variants: Record<string, Parameters<typeof makeCell>[0]> = {
    'symmetrized, one output': {
      data: { nTrain: 40, nTest: 24 },
      model: { hidden: [16], multipliers: [1, 1 / 16], init: { layers: [N(), N()], symmetrized: true, frozenCopy: false } },
      train: { optimizer: { kind: 'gd', lr: 2 }, steps: 20 },
      measure: [...MEASURE, { name: 'activation_unchanged', options: {} }],
    },
    'symmetrized, three outputs, bias': {
      data: { source: { kind: 'gaussian', std: 1, classes: 3 } },
      model: { hidden: [10], outputDim: 3, head: 'softmax', bias: true, multipliers: [1, 0.1], init: { layers: [N(), N()], symmetrized: true, frozenCopy: false } },
      train: { loss: 'cross_entropy', optimizer: { kind: 'momentum', lr: 0.5, beta: 0.5, batch: 8 }, steps: 20 },
    },
    'frozen copy, α = 0.5, minibatches': {
      model: { outputScale: 0.5, init: { layers: [N(), N()], symmetrized: false, frozenCopy: true } },
      train: { optimizer: { kind: 'sgd', lr: 0.3, batch: 7 }, steps: 20 },
    },
    'frozen copy, α = 4, adam, bce': {
      data: { source: { kind: 'uniform', low: 0, high: 1, classes: 2 } },
      model: { outputScale: 4, activation: 'tanh', init: { layers: [N(), N()], symmetrized: false, frozenCopy: true } },
      train: { loss: 'bce', optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-7, batch: null }, steps: 20 },
    },
    // Learning-rate schedules (src/plan/lr-schedule.ts): the same lr at every update on both executors.
    'momentum, inverse-time schedule over minibatch epochs': {
      train: { optimizer: { kind: 'momentum', lr: 0.5, beta: 0.9, batch: 7, schedule: { kind: 'inverse_time', epochs: 1, stepsPerEpoch: 3 } }, steps: 20 },
    },
    'adam, step decay': {
      train: { optimizer: { kind: 'adam', lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: null, schedule: { kind: 'step_decay', every: 4, factor: 0.1, stepsPerEpoch: 1 } }, steps: 20 },
    },
    'gd, cosine schedule': {
      train: { optimizer: { kind: 'gd', lr: 2, schedule: { kind: 'cosine', epochs: 12, min: 0.1, stepsPerEpoch: 1 } }, steps: 20 },
    },
    'no hidden layer': {
      model: { hidden: [], multipliers: [0.5], bias: true, init: { layers: [N()], symmetrized: false, frozenCopy: false } },
      measure: [{ name: 'train_loss', options: {} }, { name: 'weight_change', options: {} }],
    },
    'three hidden layers, one of width 1': {
      model: { hidden: [6, 1, 5], activation: 'gelu', bias: true, multipliers: [0.5, 0.4, 1, 0.3], init: { layers: [N(), N(), N(), N()], symmetrized: false, frozenCopy: false } },
    },
  };
  for (const [name, over] of Object.entries(variants)) {
    test(name, async () => {
      const cell = makeCell(over);
      expectClose(await run(cell, 'host'), await run(cell, 'tfjs'), name);
    });
  }

  test('a diverging cell diverges at the same step on both executors', async () => {
    const cell = makeCell({ train: { optimizer: { kind: 'gd', lr: 40 }, steps: 30, divergeFactor: 100 } });
    const host = await run(cell, 'host'), tfjs = await run(cell, 'tfjs');
    expect(host.status).toBe('diverged');
    expect(host.divergedAt).toBe(tfjs.divergedAt);
    expectClose(host, tfjs, 'diverging');
  });

  test('pre-activations and parameters read at a log step agree with tfjs', async () => {
    await initBackend('wasm', 'native');
    const cell = comboCell('tanh', 'mse', OPTIMIZERS[2]!);
    const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
    const [h, t] = (['host', 'tfjs'] as const).map((e) => openSession(cell, data, initParams(cell.model, cell.seed), e));
    expect([h!.executor, t!.executor]).toEqual(['host', 'tfjs']);
    for (let s = 0; s < 5; s++) for (const x of [h!, t!]) { x.step(s, null, false); x.advance(); }
    const close = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-5 * Math.abs(b[i]!) + 1e-6);
    };
    for (const at of ['now', 'initial'] as const) h!.preactivations('test', at).forEach((z, l) => close(z, t!.preactivations('test', at)[l]!));
    h!.params().forEach((p, l) => { close(p.w, t!.params()[l]!.w); close(p.b!, t!.params()[l]!.b!); });
    close(h!.outputs('train'), t!.outputs('train'));
    h!.dispose();
    t!.dispose();
  });

  test('two runs on the host executor give bit-identical records', async () => {
    const cell = comboCell('relu', 'cross_entropy', OPTIMIZERS[3]!);
    const a = await run(cell, 'host'), b = await run(cell, 'host');
    expect(a.records.length).toBeGreaterThan(10);
    expect(JSON.stringify(b.records)).toBe(JSON.stringify(a.records));
  });

  test('the host executor is what the native path runs; wasm kernels, layered networks and unknown settings fall back to tfjs', async () => {
    const cell = makeCell();
    const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
    await initBackend('wasm', 'native');
    expect(openSession(cell, data, initParams(cell.model, cell.seed)).executor).toBe('host');
    const decayed = makeCell({ train: { optimizer: { kind: 'gd', lr: 0.1, weightDecay: 0.01 } as never } });
    expect(openSession(decayed, data, initParams(decayed.model, decayed.seed)).executor).toBe('tfjs');
    expect(() => openSession(decayed, data, initParams(decayed.model, decayed.seed), 'host')).toThrow(hostStepUnavailable('optimizer setting weightDecay'));
    process.env['LAZYLAB_STEP'] = 'fast';
    expect(() => openSession(cell, data, initParams(cell.model, cell.seed))).toThrow(badStepEnv('fast'));
    delete process.env['LAZYLAB_STEP'];
    const wasm = await initBackend('wasm', 'wasm');
    expect(openSession(cell, data, initParams(cell.model, cell.seed)).executor).toBe('tfjs');
    expect(() => openSession(cell, data, initParams(cell.model, cell.seed), 'host')).toThrow(hostStepUnavailable(null));
    // On wasm's kernels a cell records no executor (there is only tfjs); on the native path it does.
    expect((await trainCell(cell, wasm)).backend.matmul).toEqual({ path: 'wasm' });
    expect((await trainCell(cell, await initBackend('wasm', 'native'))).backend.matmul).toMatchObject({ path: 'native', step: 'host' });
  });
});
