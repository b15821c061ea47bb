// One cell: optimizers and losses train, divergence and stop conditions, skipped measurements,
// no tensor leaks, and wasm against cpu.

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import { PLANNED_MEASUREMENTS } from '../../../src/run/measure/registry.js';
import type { TidyRecord } from '../../../src/run/results.js';
import { makeCell } from '../helpers.js';

const series = (records: TidyRecord[], name: string): number[] =>
  records.filter((r) => r.measurement === name && r.layer === undefined).map((r) => r.value!);

afterAll(async () => { await initBackend('wasm'); });

describe('optimizers and losses train', () => {
  const cases = [
    { name: 'sgd/mse', train: { optimizer: { kind: 'sgd' as const, lr: 0.5, batch: 8 } } },
    { name: 'momentum/mse', train: { optimizer: { kind: 'momentum' as const, lr: 0.2, beta: 0.9, batch: null } } },
    { name: 'adam/bce', train: { loss: 'bce' as const, optimizer: { kind: 'adam' as const, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: null } } },
    { name: 'gd/cross_entropy', train: { loss: 'cross_entropy' as const }, model: { outputDim: 2, head: 'softmax' as const } },
  ];
  for (const c of cases) {
    test(`${c.name}: train loss falls`, async () => {
      const backend = await initBackend('wasm');
      const cell = makeCell({ ...c, train: { ...c.train, steps: 60 }, measure: [{ name: 'train_loss', options: {} }, { name: 'train_accuracy', options: {} }] });
      const r = await trainCell(cell, backend);
      expect(r.status).toBe('ok');
      const loss = series(r.records, 'train_loss');
      expect(loss[loss.length - 1]!).toBeLessThan(0.9 * loss[0]!);
      expect(series(r.records, 'train_accuracy').every((a) => a >= 0 && a <= 1)).toBe(true);
    });
  }
});

test('a diverging cell stops with status diverged, the step and the reason', async () => {
  const backend = await initBackend('wasm');
  const r = await trainCell(makeCell({ train: { optimizer: { kind: 'gd', lr: 400 }, steps: 100, divergeFactor: 100 } }), backend);
  expect(r.status).toBe('diverged');
  expect(r.divergedAt).toBeGreaterThan(0);
  expect(r.divergedAt).toBeLessThan(100);
  expect(r.reason).toMatch(/initial loss|NaN|Infinity/);
  expect(r.records.every((x) => x.step < r.divergedAt!)).toBe(true);
});

test('a stop condition never met: status unconverged with the limit, every step still measured', async () => {
  const backend = await initBackend('wasm');
  const r = await trainCell(makeCell({ train: { steps: 5, stopLoss: 1e-12 }, measure: [{ name: 'train_loss', options: {} }] }), backend);
  expect(r.status).toBe('unconverged');
  expect(r.steps).toBe(5);
  expect(r.reason).toMatch(/step limit 5 without training loss ≤ 1e-12/);
  expect(Math.max(...r.records.map((x) => x.step))).toBe(5);
  const plain = await trainCell(makeCell({ train: { steps: 5 } }), backend);
  expect(plain.status).toBe('ok');
});

test('stop_loss ends training early and the last step is measured', async () => {
  const backend = await initBackend('wasm');
  const r = await trainCell(makeCell({ train: { steps: 500, stopLoss: 0.05 } }), backend);
  expect(r.status).toBe('stopped');
  expect(r.steps).toBeLessThan(500);
  const loss = r.records.filter((x) => x.measurement === 'train_loss');
  expect(loss[loss.length - 1]!.step).toBe(r.steps);
  expect(loss[loss.length - 1]!.value!).toBeLessThanOrEqual(0.0501);
});

test('measurements not implemented yet, or unknown, are skipped with a note', async () => {
  const backend = await initBackend('wasm');
  PLANNED_MEASUREMENTS.push('future_measure');
  try {
    const r = await trainCell(makeCell({ measure: [{ name: 'future_measure', options: {} }, { name: 'frobnicate', options: {} }, { name: 'trajectory_sum', options: {} }] }), backend);
    expect(r.status).toBe('ok');
    expect(r.notes).toEqual([
      'skipped measurement future_measure: not implemented yet',
      'skipped measurement frobnicate: unknown measurement',
    ]);
    expect(series(r.records, 'trajectory_sum')[0]).toBe(0);
  } finally {
    PLANNED_MEASUREMENTS.pop();
  }
});

test('movement measurements follow their definitions at step 0 and move later', async () => {
  const backend = await initBackend('wasm');
  const measure = ['normalized_movement', 'activation_unchanged', 'trajectory_sum', 'weight_change'].map((name) => ({ name, options: {} }));
  const r = await trainCell(makeCell({ measure }), backend);
  expect(series(r.records, 'activation_unchanged')[0]).toBe(1);
  expect(series(r.records, 'normalized_movement')[0]).toBe(0);
  const wc = series(r.records, 'weight_change');
  expect(wc[wc.length - 1]!).toBeGreaterThan(0);
});

test('no tensor leaks: tf.memory().numTensors is unchanged by a cell', async () => {
  for (const name of ['wasm', 'cpu'] as const) {
    const backend = await initBackend(name);
    const cell = makeCell({ model: { init: { layers: [{ kind: 'normal', std: 1 }], symmetrized: true, frozenCopy: true } }, train: { optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-8, batch: 8 } }, measure: [{ name: 'activation_unchanged', options: {} }, { name: 'test_loss', options: {} }] });
    await trainCell(cell, backend);
    const before = tf.memory().numTensors;
    await trainCell(cell, backend);
    await trainCell(makeCell({ train: { optimizer: { kind: 'gd', lr: 1e4 } } }), backend);
    expect(tf.memory().numTensors).toBe(before);
  }
});

test('wasm and cpu agree to float32 tolerance on a small cell', async () => {
  const cell = makeCell({ model: { hidden: [24], bias: true, biasStd: 0.1, activation: 'tanh', multipliers: [1 / Math.sqrt(5), 1 / Math.sqrt(24)] }, train: { steps: 50 } });
  const a = await trainCell(cell, await initBackend('wasm'));
  const b = await trainCell(cell, await initBackend('cpu'));
  expect(a.backend.name).toBe('wasm');
  expect(b.backend.name).toBe('cpu');
  expect(b.records.length).toBe(a.records.length);
  a.records.forEach((r, i) => {
    const other = b.records[i]!;
    expect(other.measurement).toBe(r.measurement);
    expect(Math.abs(other.value! - r.value!)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(r.value!)));
  });
});
