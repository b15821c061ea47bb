// Linearization gap and the linearized model: zero gap for a model linear in its weights (closed
// form and explicit stepping), the closed form equals explicit stepping of the linearized network
// under gd + mse, and the measurement records a running maximum on train and test.

import { beforeAll, expect, test } from 'vitest';
import type { RunCell } from '../../../src/plan/cell.js';
import { initBackend } from '../../../src/run/backend.js';
import { makeDataset } from '../../../src/run/data/index.js';
import { initParams } from '../../../src/run/model/params.js';
import { closedFormAt, closedFormSetup } from '../../../src/run/measure/linearized.js';
import { stepLinearized } from '../../../src/run/measure/linearized-tf.js';
import type { TrainingState } from '../../../src/run/measure/types.js';
import { openSession } from '../../../src/run/train/session.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import type { TidyRecord } from '../../../src/run/results.js';
import { makeCell } from '../helpers.js';

beforeAll(async () => { await initBackend('cpu'); });

const values = (records: TidyRecord[], name: string): number[] => records.filter((r) => r.measurement === name).map((r) => r.value!);

/** A model linear in its weights: no hidden layer, f = α·c·(xW + b). */
function linearCell(over: Parameters<typeof makeCell>[0] = {}): RunCell {
  return makeCell({
    ...over,
    model: { hidden: [], multipliers: [1 / Math.sqrt(5)], bias: true, outputScale: 2, init: { layers: [{ kind: 'normal', std: 1 }], symmetrized: false, frozenCopy: false } },
    measure: [{ name: 'linearization_gap', options: {} }, { name: 'train_loss', options: {} }],
  });
}

test('linear in the weights, gd + mse (closed form): the gap is zero to float32 rounding (≤ 1e-5)', async () => {
  const r = await trainCell(linearCell({ train: { steps: 40, optimizer: { kind: 'gd', lr: 0.5 } } }), await initBackend('cpu'));
  expect(r.status).toBe('ok');
  const loss = values(r.records, 'train_loss');
  expect(loss[loss.length - 1]!).toBeLessThan(0.9 * loss[0]!);
  for (const name of ['linearization_gap', 'linearization_gap_test']) {
    const gaps = values(r.records, name);
    expect(gaps.length).toBe(9);
    expect(Math.max(...gaps)).toBeLessThan(1e-5);
  }
  // A model linear in its weights is its own linearization: the linearized losses it records
  // equal the network's at every logged step (relative 1e-4, float32 training vs float64 loss).
  const lin = values(r.records, 'linearized_train_loss');
  expect(lin.length).toBe(loss.length);
  lin.forEach((v, i) => expect(Math.abs(v - loss[i]!)).toBeLessThanOrEqual(1e-4 * Math.abs(loss[i]!) + 1e-7));
  expect(values(r.records, 'linearized_test_loss').length).toBe(9);
});

test('linear in the weights, Adam + bce with minibatches (explicit stepping): the gap is zero to rounding (≤ 1e-5)', async () => {
  const cell = linearCell({
    data: { source: { kind: 'gaussian', std: 1, classes: 2 } },
    train: { loss: 'bce', steps: 30, optimizer: { kind: 'adam', lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: 8 } },
  });
  const r = await trainCell({ ...cell, model: { ...cell.model, head: 'sigmoid' } }, await initBackend('cpu'));
  expect(r.status).toBe('ok');
  expect(Math.max(...values(r.records, 'linearization_gap'))).toBeLessThan(1e-5);
  expect(Math.max(...values(r.records, 'linearization_gap_test'))).toBeLessThan(1e-5);
});

test('softmax head, cross-entropy (linearized in its logits): a linear model is its own linearization, gap ≤ 1e-5 and equal accuracies', async () => {
  const cell = linearCell({
    data: { source: { kind: 'gaussian', std: 1, classes: 3 } },
    train: { loss: 'cross_entropy', steps: 30, optimizer: { kind: 'sgd', lr: 0.5, batch: 8 } },
  });
  const over = { ...cell, model: { ...cell.model, head: 'softmax' as const, outputDim: 3 } };
  over.measure = [...over.measure, { name: 'train_accuracy', options: {} }, { name: 'test_accuracy', options: {} }];
  const r = await trainCell(over, await initBackend('cpu'));
  expect(r.status, r.reason).toBe('ok');
  expect(r.notes).toEqual([]);
  expect(Math.max(...values(r.records, 'linearization_gap'), ...values(r.records, 'linearization_gap_test'))).toBeLessThan(1e-5);
  for (const split of ['train', 'test']) {
    expect(values(r.records, `linearized_${split}_accuracy`)).toEqual(values(r.records, `${split}_accuracy`));
    expect(values(r.records, `linearized_${split}_loss`).length).toBe(7);
  }
  // The linearized loss is the cross-entropy of three logits per point (k = 3), as train_loss is.
  const loss = values(r.records, 'train_loss'), lin = values(r.records, 'linearized_train_loss');
  lin.forEach((v, i) => expect(Math.abs(v - loss[i]!)).toBeLessThanOrEqual(1e-4 * loss[i]!));
});

test('gd + mse: the closed form equals explicit stepping of the linearized network (relative 1e-4)', () => {
  const cell = makeCell({ model: { outputScale: 1.5 }, train: { steps: 25, optimizer: { kind: 'gd', lr: 0.8 }, log: { kind: 'every', every: 5 } } });
  const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
  const initial = initParams(cell.model, cell.seed);
  const session = openSession(cell, data, initial);
  const f0 = { train: session.outputs('train').slice(), test: session.outputs('test').slice() };
  session.dispose();
  const state = { cell, step: 0, data, initial } as unknown as TrainingState;
  const setup = closedFormSetup(state);
  const stepped = stepLinearized(cell, data, initial, f0.train, f0.test);
  expect(stepped.steps).toEqual([0, 5, 10, 15, 20, 25]);
  stepped.steps.forEach((t, i) => {
    const closed = closedFormAt(state, setup, f0.train, f0.test, t);
    for (const split of ['train', 'test'] as const) {
      const a = closed[split], b = stepped[split][i]!;
      const err = Math.sqrt(a.reduce((s, v, j) => s + (v - b[j]!) ** 2, 0));
      const size = Math.sqrt(a.reduce((s, v) => s + v * v, 0));
      expect(err / size).toBeLessThan(1e-4);
    }
  });
  // The linearized model trains: its final training residual is smaller than at init.
  const r0 = Math.hypot(...Array.from(f0.train, (v, j) => v - data.train.y[j]!));
  const rT = Math.hypot(...Array.from(stepped.train[5]!, (v, j) => v - data.train.y[j]!));
  expect(rT).toBeLessThan(r0);
});

test('nonlinear net: the gap is a running maximum, positive, and larger for a narrow net than a wide one', async () => {
  const gapOf = async (m: number): Promise<number[]> => {
    const cell = makeCell({
      model: { hidden: [m], multipliers: [1 / Math.sqrt(5), 1 / Math.sqrt(m)] },
      train: { steps: 30, optimizer: { kind: 'gd', lr: 0.5 } },
      measure: [{ name: 'linearization_gap', options: {} }],
    });
    const r = await trainCell(cell, await initBackend('cpu'));
    return values(r.records, 'linearization_gap');
  };
  const narrow = await gapOf(8), wide = await gapOf(512);
  narrow.slice(1).forEach((g, i) => expect(g).toBeGreaterThanOrEqual(narrow[i]!));
  expect(narrow[narrow.length - 1]!).toBeGreaterThan(0);
  expect(wide[wide.length - 1]!).toBeLessThan(narrow[narrow.length - 1]!);
});
