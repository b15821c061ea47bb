// Read-back: records stay bit-identical to those of the engine before the read-back fix (a
// committed fixture), tf.tidy only ever returns tensors (tfjs walks every element of a returned
// typed array), outputs() reads back only f, and nothing leaks.
//
// The fixture was written by the engine before the fix with
//   LAZYLAB_WRITE_READBACK=1 npx vitest run test/run/train/readback.test.ts

import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { makeDataset } from '../../../src/run/data/index.js';
import { initParams } from '../../../src/run/model/params.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import { openSession } from '../../../src/run/train/session.js';
import type { TidyRecord } from '../../../src/run/results.js';
import { makeCell } from '../helpers.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/readback-records.json', import.meta.url));

/** Cells covering gd/sgd/adam, frozen copy, α ≠ 1, two hidden layers with bias, softmax, and every read-back path. */
const cells = {
  gd: makeCell({
    train: { steps: 30, log: { kind: 'every', every: 3 } },
    measure: [
      { name: 'train_loss', options: {} }, { name: 'test_loss', options: {} }, { name: 'train_accuracy', options: {} },
      { name: 'weight_change', options: { per_layer: true } }, { name: 'activation_unchanged', options: {} },
      { name: 'ntk_change', options: {} }, { name: 'kappa', options: {} },
    ],
  }),
  sgdFrozen: makeCell({
    model: { outputScale: 0.5, init: { layers: [{ kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }], symmetrized: false, frozenCopy: true } },
    train: { optimizer: { kind: 'sgd', lr: 0.3, batch: 8 }, steps: 25, log: { kind: 'every', every: 5 } },
    measure: [
      { name: 'train_loss', options: {} }, { name: 'test_loss', options: {} },
      { name: 'activation_unchanged', options: { layer: 1 } }, { name: 'linearization_gap', options: {} },
    ],
  }),
  deepSoftmax: makeCell({
    model: {
      hidden: [12, 8], bias: true, biasStd: 1, outputDim: 2, head: 'softmax', multipliers: [1 / Math.sqrt(5), 1 / Math.sqrt(12), 1 / Math.sqrt(8)],
      init: { layers: [{ kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }], symmetrized: false, frozenCopy: false },
    },
    train: { loss: 'cross_entropy', optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: null }, steps: 20, log: { kind: 'every', every: 4 } },
    measure: [
      { name: 'train_loss', options: {} }, { name: 'test_accuracy', options: {} },
      { name: 'normalized_movement', options: {} }, { name: 'activation_unchanged', options: {} },
    ],
  }),
};

/** Records added after the fixture was written (not in it). */
const NEWER = new Set(['linearized_train_accuracy', 'linearized_test_accuracy']);

/** A record without its cell hash (which changes with the cell format, not with the numbers). */
type Row = [step: number, measurement: string, layer: number | null, value: number | null];
const rowOf = (r: TidyRecord): Row => [r.step, r.measurement, r.layer ?? null, r.value];

async function recordsOf(): Promise<Record<string, Row[]>> {
  // The fixture was written on wasm's own matrix kernels; the native path rounds differently.
  const backend = await initBackend('wasm', 'wasm');
  const out: Record<string, Row[]> = {};
  for (const [name, cell] of Object.entries(cells)) {
    const r = await trainCell(cell, backend);
    expect(r.status, `${name}: ${r.reason}`).toBe('ok');
    out[name] = r.records.map(rowOf);
  }
  return out;
}

afterEach(() => { vi.restoreAllMocks(); });

test('records are bit-identical to the fixture written before the read-back fix', async () => {
  const now = await recordsOf();
  if (process.env['LAZYLAB_WRITE_READBACK'] === '1') writeFileSync(FIXTURE, `{\n${Object.entries(now).map(([k, rows]) => ` "${k}": [\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n ]`).join(',\n')}\n}\n`);
  expect(existsSync(FIXTURE)).toBe(true);
  const before = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Row[]>;
  // JSON round-trips every double exactly, so toEqual on the parsed numbers is bit equality.
  for (const name of Object.keys(cells)) {
    expect(now[name]!.length, name).toBeGreaterThan(0);
    // linearization_gap has since added the linearized accuracies; every record that existed is unchanged.
    expect(now[name]!.filter((r) => !NEWER.has(r[1])), name).toEqual(before[name]);
  }
}, 120_000);

/** True when a tf.tidy result holds a typed array anywhere (tidy then walks all its elements). */
function holdsTypedArray(x: unknown): boolean {
  if (ArrayBuffer.isView(x)) return true;
  if (x instanceof tf.Tensor || x === null || typeof x !== 'object') return false;
  return Object.values(x as object).some(holdsTypedArray);
}

describe('read-back', () => {
  test('no tf.tidy in a cell returns a typed array (every read-back happens after its tidy)', async () => {
    const engine = tf.engine();
    const tidy = engine.tidy.bind(engine);
    const returned: unknown[] = [];
    vi.spyOn(engine, 'tidy').mockImplementation(((a: never, b: never) => {
      const r = tidy(a, b);
      returned.push(r);
      return r;
    }) as typeof engine.tidy);
    await recordsOf();
    expect(returned.length).toBeGreaterThan(100);
    expect(returned.filter(holdsTypedArray)).toEqual([]);
  }, 120_000);

  test('outputs() reads back f only until the cell asks for pre-activations; nothing leaks', async () => {
    // The tfjs session's read-backs (on the native path a fully connected cell runs on the host executor, which has no tensors).
    await initBackend('wasm', 'wasm');
    const cell = cells.deepSoftmax;
    const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
    const before = tf.memory().numTensors;
    const s = openSession(cell, data, initParams(cell.model, cell.seed));
    const reads = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    const f = s.outputs('train');
    expect(reads).toHaveBeenCalledTimes(1);
    expect(f.length).toBe(data.train.n * 2);
    const zs = s.preactivations('test', 'now');
    expect(reads).toHaveBeenCalledTimes(4);
    expect(zs.map((z) => z.length)).toEqual([12 * data.test.n, 8 * data.test.n]);
    expect(s.outputs('test')).toBe(s.outputs('test'));
    expect(reads).toHaveBeenCalledTimes(4);
    s.step(0, null, false);
    s.advance();
    // This cell uses pre-activations, so from now on one forward pass reads f and every z_l …
    reads.mockClear();
    const f1 = s.outputs('train').slice();
    expect(reads).toHaveBeenCalledTimes(3);
    const z1 = s.preactivations('train', 'now');
    expect(reads).toHaveBeenCalledTimes(3);
    // … and they equal what separate passes read.
    const fresh = openSession(cell, data, initParams(cell.model, cell.seed));
    fresh.step(0, null, false);
    fresh.advance();
    expect(fresh.outputs('train')).toEqual(f1);
    expect(fresh.preactivations('train', 'now')).toEqual(z1);
    fresh.dispose();
    s.preactivations('train', 'initial');
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
