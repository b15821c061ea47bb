// Kernel measurements on layered networks: the engine's layered NTK (LayerParams in, α² scaling,
// trace over outputs) against the float64 empiricalNtk of src/theory/net; ntk_change and
// ntk_eigen through trainCell (0 at init, moving after training; Weyl's inequality
// λ_min(Σ_l Θ_l) ≥ Σ_l λ_min(Θ_l) between the rate records); and the cost guard.
// Tolerance: 2e-5 relative Frobenius error (float32 Gram sums; see layered-jacobian.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ModelConfig } from '../../../src/plan/cell.js';
import { initBackend } from '../../../src/run/backend.js';
import { initParams } from '../../../src/run/model/params.js';
import { flatParams, networkOf, ntkLayered, ntkLayeredLayers } from '../../../src/run/measure/ntk-layered.js';
import { planMeasurements, trainCell } from '../../../src/run/train/trainCell.js';
import type { TidyRecord } from '../../../src/run/results.js';
import * as M from '../../../src/messages/index.js';
import { empiricalNtk } from '../../../src/theory/net/kernel.js';
import { layeredNtkMisfit } from '../../../src/theory/net/kernel-cost.js';
import { cnnCell } from './layered-cells.js';

beforeAll(async () => { await initBackend('wasm'); });

const relFrob = (a: ArrayLike<number>[], b: number[][]): number => {
  let d = 0, s = 0;
  b.forEach((row, i) => row.forEach((v, j) => { d += (a[i]![j]! - v) ** 2; s += v * v; }));
  return Math.sqrt(d / s);
};

describe('the engine\'s layered NTK', () => {
  test('trace over outputs and one unit\'s kernel = α² × float64 empiricalNtk; per-layer kernels sum to it; no leak', () => {
    const cell = cnnCell(3);
    const params = initParams(cell.model, 4);
    const net = networkOf(cell.model);
    const w = Float64Array.from(flatParams(params));
    let s = 9;
    const n = 5;
    const x = Float32Array.from({ length: n * 784 }, () => ((s = (s * 16807) % 2147483647) / 2147483647));
    const xs = Array.from({ length: n }, (_, i) => x.subarray(i * 784, (i + 1) * 784));
    const a2 = cell.model.outputScale ** 2;
    const unit = (k: number): number[][] => empiricalNtk(net, w, xs, k).map((r) => r.map((v) => v * a2));
    const trace = [0, 1, 2].map(unit).reduce((acc, m) => acc.map((r, i) => r.map((v, j) => v + m[i]![j]!)));
    const before = tf.memory().numTensors;
    expect(relFrob(ntkLayered(cell.model, params, { x, n }), trace)).toBeLessThan(2e-5);
    expect(relFrob(ntkLayered(cell.model, params, { x, n }, { kind: 'unit', k: 1 }), unit(1))).toBeLessThan(2e-5);
    const perLayer = ntkLayeredLayers(cell.model, params, { x, n });
    expect(perLayer).toHaveLength(4);
    expect(relFrob(perLayer.reduce((acc, l) => acc.map((r, i) => r.map((v, j) => v + l[i]![j]!)), trace.map((r) => r.map(() => 0))), trace)).toBeLessThan(2e-5);
    expect(tf.memory().numTensors).toBe(before);
  });
});

const series = (records: TidyRecord[], name: string): number[] => records.filter((r) => r.measurement === name).map((r) => r.value!);

describe('ntk_change and ntk_eigen on a layered network', () => {
  test('softmax head: change 0 at init and > 0 after training; λ_max ≥ λ_min > 0 and condition = λ_max/λ_min', async () => {
    const cell = cnnCell(3, { measure: [{ name: 'ntk_change', options: { probe: 6 } }, { name: 'ntk_eigen', options: { probe: 6 } }] });
    const r = await trainCell(cell, await initBackend('wasm'));
    expect(r.status, r.reason).toBe('ok');
    expect(r.notes).toEqual([]);
    const change = series(r.records, 'ntk_change');
    expect(change).toHaveLength(3);
    expect(change[0]).toBe(0);
    expect(change[2]!).toBeGreaterThan(0);
    const [lo, hi, cond] = ['ntk_lambda_min', 'ntk_lambda_max', 'ntk_condition'].map((m) => series(r.records, m)[0]!);
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeGreaterThanOrEqual(lo!);
    expect(Math.abs(cond! - hi! / lo!) / cond!).toBeLessThan(1e-9);
    expect(series(r.records, 'ntk_predicted_rate')).toEqual([]); // a rate needs a scalar output
  });

  test('scalar head with gd + mse: the rate records, and Weyl: λ_min(Θ) ≥ Σ_l λ_min(Θ_l)', async () => {
    const cell = cnnCell(1, { measure: [{ name: 'ntk_eigen', options: { probe: 6, at: 'final' } }] });
    const r = await trainCell(cell, await initBackend('wasm'));
    const lam = series(r.records, 'ntk_train_lambda_min')[0]!;
    const sum = series(r.records, 'ntk_layer_lambda_sum')[0]!;
    expect(lam).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(lam * (1 + 1e-6));
    expect(series(r.records, 'ntk_predicted_rate')).toHaveLength(1);
    expect(series(r.records, 'ntk_lambda_min').length).toBe(1); // at: final only
  });
});

describe('the cost guard', () => {
  test('a probe over the limits is refused with the largest probe that fits, and that one fits', () => {
    const cell = cnnCell(3, { nTrain: 10000, measure: [{ name: 'ntk_change', options: { probe: 10000 } }] });
    const reason = layeredNtkMisfit(cell, 10000)!;
    const fitting = Number(/use probe: (\d+) or fewer/.exec(reason)![1]);
    expect(fitting).toBeGreaterThan(1);
    expect(layeredNtkMisfit(cell, fitting)).toBeNull();
    expect(layeredNtkMisfit(cell, fitting + 1)).not.toBeNull();
    expect(reason).toMatch(/^the empirical NTK on 10000 points × 3 outputs × [\d,]+ parameters (would take|needs)/);
    expect(planMeasurements(cell).notes).toEqual([`skipped measurement ntk_change: ${reason}`]);
  });

  test('the message names memory when memory is what is over', () => {
    const text = M.layeredNtkTooCostly({ points: 9, what: 'probe', units: 1, params: 1000, seconds: 1, bytes: 2 ** 31, secondsLimit: 60, bytesLimit: 2 ** 30, fitting: 4 });
    expect(text).toBe('the empirical NTK on 9 points × 1 outputs × 1,000 parameters needs about 2.00 GiB of memory (limit 1.00 GiB) at each measured step; use probe: 4 or fewer');
  });
});
