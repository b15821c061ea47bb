// The linearized layered network: its explicitly stepped trajectory equals an independent
// float64 linearized gradient descent built from jacobian() rows, and through a cell run the
// linearization gap is small at large α and larger at α = 1 (Chizat's lazy regime), with the
// linearized accuracies recorded and no tensor leaked.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RunCell } from '../../../src/plan/cell.js';
import { initBackend } from '../../../src/run/backend.js';
import { makeDataset } from '../../../src/run/data/index.js';
import { initParams } from '../../../src/run/model/params.js';
import { stepLinearizedLayered } from '../../../src/run/measure/linearized-layered.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import type { TidyRecord } from '../../../src/run/results.js';
import { jacobian } from '../../../src/theory/net/kernel.js';
import { compileNetwork, forwardSample } from '../../../src/theory/net/network.js';
import type { LayerSpec } from '../../../src/theory/net/spec.js';
import { makeCell } from '../helpers.js';

beforeAll(async () => { await initBackend('wasm'); });

const values = (records: TidyRecord[], name: string): number[] => records.filter((r) => r.measurement === name).map((r) => r.value!);
const relu: LayerSpec = { kind: 'activation', fn: 'relu' };

/** conv → relu → max pool → residual → flatten → dense on 6×6×1 gaussian images, 3 classes (one-hot). */
function layeredCell(alpha: number, frozen: boolean, train: Partial<RunCell['train']>): RunCell {
  const layers: LayerSpec[] = [
    { kind: 'conv2d', filters: 3, kernel: 3, stride: 1, padding: 1, bias: true, multiplier: 1 / 3 }, relu,
    { kind: 'maxpool', size: 2, stride: 2 },
    { kind: 'residual', body: [{ kind: 'conv2d', filters: 3, kernel: 3, stride: 1, padding: 1, bias: true, multiplier: 1 / Math.sqrt(27) }, relu], shortcut: [] },
    { kind: 'flatten' }, { kind: 'dense', units: 3, bias: true, multiplier: 1 / Math.sqrt(27) },
  ];
  return makeCell({
    values: { alpha, model: 'cnn', data: 'blobs' },
    data: { name: 'blobs', source: { kind: 'gaussian', std: 1, classes: 3 }, dim: 36, nTrain: 16, nTest: 12, labelScale: 1, seed: 4 },
    model: {
      name: 'cnn', inputDim: 36, hidden: [], outputDim: 3, head: 'softmax', bias: true, multipliers: [1 / 3, 1 / Math.sqrt(27), 1 / Math.sqrt(27)],
      outputScale: alpha, init: { layers: [0, 1, 2].map(() => ({ kind: 'normal' as const, std: 1 })), symmetrized: false, frozenCopy: frozen },
      layers, inputShape: { kind: 'image', h: 6, w: 6, c: 1 },
    },
    train: { loss: 'mse', steps: 12, log: { kind: 'every', every: 4 }, ...train } as RunCell['train'],
    measure: [{ name: 'test_accuracy', options: {} }, { name: 'train_accuracy', options: {} }, { name: 'linearization_gap', options: {} }],
  });
}

describe('linearized layered network', () => {
  // Tolerance: float32 stepping (12 steps of sums over ≲ 600 parameters) against float64:
  // relative errors ~1e-6 per step; 1e-4 of the trajectory's size fails at once on a wrong
  // scale (α, 1/n), a transposed Jacobian or a tangent through the wrong pool winner.
  test('gd: the stepped trajectory equals float64 GD on f0 + α·J(w0)Δ built from jacobian() (relative 1e-4)', () => {
    const alpha = 2, lr = 1.5;
    const cell = layeredCell(alpha, false, { optimizer: { kind: 'gd', lr } });
    const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
    const initial = initParams(cell.model, cell.seed);
    const w0 = Float64Array.from(initial.flatMap((l) => [...l.w, ...(l.b ?? [])]));
    const net = compileNetwork(cell.model.layers!, cell.model.inputShape!);
    const k = 3, n = data.train.n;
    const rows = (s: 'train' | 'test'): Float64Array[] => Array.from({ length: data[s].n }, (_, i) => Float64Array.from(data[s].x.subarray(i * 36, (i + 1) * 36)));
    const xs = { train: rows('train'), test: rows('test') };
    const f0 = { train: xs.train.flatMap((x) => Array.from(forwardSample(net, w0, x).output, (v) => alpha * v)), test: xs.test.flatMap((x) => Array.from(forwardSample(net, w0, x).output, (v) => alpha * v)) };
    // J[s][c][i]: ∂h_c(x_i)/∂w at w0, one VJP per (sample, output unit).
    const J = { train: [0, 1, 2].map((c) => jacobian(net, w0, xs.train, c)), test: [0, 1, 2].map((c) => jacobian(net, w0, xs.test, c)) };
    const lin = (s: 'train' | 'test', d: Float64Array): number[] => f0[s].map((v, j) => {
      const row = J[s][j % k]![Math.floor(j / k)]!;
      return v + alpha * row.reduce((acc, g, p) => acc + g * d[p]!, 0);
    });
    let delta = new Float64Array(net.paramCount);
    const want: { train: number[]; test: number[] }[] = [];
    for (let t = 0; t <= 12; t++) {
      if (t % 4 === 0) want.push({ train: lin('train', delta), test: lin('test', delta) });
      const r = lin('train', delta).map((v, j) => (v - data.train.y[j]!) / (n * alpha)); // ∂F/∂h = (1/α)·(f − y)/n
      const g = new Float64Array(net.paramCount);
      r.forEach((rj, j) => J.train[j % k]![Math.floor(j / k)]!.forEach((v, p) => { g[p]! += v * rj; }));
      delta = delta.map((d, p) => d - lr * g[p]!);
    }
    const before = tf.memory().numTensors;
    const got = stepLinearizedLayered(cell, data, initial, Float32Array.from(f0.train), Float32Array.from(f0.test));
    expect(tf.memory().numTensors).toBe(before);
    expect(got.steps).toEqual([0, 4, 8, 12]);
    const moved = Math.hypot(...want[3]!.train.map((v, j) => v - f0.train[j]!));
    expect(moved).toBeGreaterThan(0.1 * Math.hypot(...f0.train)); // the trajectory really moves
    got.steps.forEach((_, i) => {
      for (const s of ['train', 'test'] as const) {
        const a = want[i]![s], b = got[s][i]!;
        const err = Math.hypot(...a.map((v, j) => v - b[j]!));
        expect(err, `${s} at log ${i}`).toBeLessThan(1e-4 * Math.hypot(...a));
      }
    });
  });

  test('through a cell run (frozen copy, momentum): the gap is small at α = 1000 and larger at α = 1; linearized accuracies are recorded', async () => {
    const run = async (alpha: number) => {
      const cell = layeredCell(alpha, true, { optimizer: { kind: 'momentum', lr: 0.5, beta: 0.9, batch: 8 }, steps: 40, log: { kind: 'every', every: 10 } });
      const before = tf.memory().numTensors;
      const r = await trainCell(cell, await initBackend('wasm'));
      expect(tf.memory().numTensors).toBe(before);
      expect(r.status, r.reason).toBe('ok');
      expect(r.notes).toEqual([]);
      return r.records;
    };
    const rich = await run(1), lazy = await run(1000);
    const last = (rs: TidyRecord[], name: string): number => values(rs, name).at(-1)!;
    // At step 0 f_lin = f: zero gap, equal accuracies.
    expect(values(rich, 'linearization_gap')[0]).toBe(0);
    expect(values(rich, 'linearized_test_accuracy')[0]).toBe(values(rich, 'test_accuracy')[0]);
    expect(last(rich, 'linearization_gap')).toBeGreaterThan(0.05);
    expect(last(lazy, 'linearization_gap')).toBeLessThan(0.1 * last(rich, 'linearization_gap'));
    expect(last(lazy, 'linearization_gap_test')).toBeLessThan(last(rich, 'linearization_gap_test'));
    expect(values(lazy, 'linearized_train_accuracy').length).toBe(5);
    expect(Math.abs(last(lazy, 'linearized_test_accuracy') - last(lazy, 'test_accuracy'))).toBeLessThanOrEqual(1 / 12);
    // With a frozen copy, f_lin = α·J(w0)Δ and ∂F/∂Δ = J(w0)ᵀ(f_lin − y)/(nα): Δ_t scales like 1/α and
    // f_lin,t does not depend on α at all. Float32 stepping keeps the two runs within 1e-4 relative.
    const a = values(rich, 'linearized_train_loss'), b = values(lazy, 'linearized_train_loss');
    expect(a.length).toBe(5);
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-4 * v));
  });
});
