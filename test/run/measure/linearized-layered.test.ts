// The linearized layered network: its explicitly stepped trajectory equals an independent
// float64 linearized gradient descent built from jacobian() rows (on the network's augmented
// batches when the cell augments), and through a cell run the
// linearization gap is small at large α and larger at α = 1 (Chizat's lazy regime), with the
// linearized accuracies recorded and no tensor leaked.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RunCell } from '../../../src/plan/cell.js';
import { initBackend } from '../../../src/run/backend.js';
import { makeDataset } from '../../../src/run/data/index.js';
import { initParams } from '../../../src/run/model/params.js';
import { augmentBatch } from '../../../src/run/data/augment.js';
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

/** Float64 trajectory of one split's f_lin at the log steps (every 4 of 12). */
interface Reference { f0: { train: Float32Array; test: Float32Array }; want: { train: number[]; test: number[] }[] }

/**
 * Independent float64 full-batch GD (mse, no schedule) on F = ‖f0 + α·J(w0)Δ − y‖²/(2nα²),
 * where step t trains on the rows batchAt(t) (the stored images, or their augmented copy) with
 * f0 and J taken on those rows; f_lin is recorded on the stored train and test images.
 */
function reference(cell: RunCell, data: ReturnType<typeof makeDataset>, initial: ReturnType<typeof initParams>, batchAt: (t: number) => Float32Array): Reference {
  const alpha = cell.model.outputScale, k = 3, n = data.train.n, d = 36;
  const lr = (cell.train.optimizer as { lr: number }).lr;
  const w0 = Float64Array.from(initial.flatMap((l) => [...l.w, ...(l.b ?? [])]));
  const net = compileNetwork(cell.model.layers!, cell.model.inputShape!);
  const rows = (x: Float32Array): Float64Array[] => Array.from({ length: x.length / d }, (_, i) => Float64Array.from(x.subarray(i * d, (i + 1) * d)));
  // f(w0) on rows: α·h(w0), or 0 with a frozen copy; J[c][i] = ∂h_c(x_i)/∂w at w0 (one VJP per sample and unit).
  const f0Of = (xs: Float64Array[]): number[] => xs.flatMap((x) => Array.from(forwardSample(net, w0, x).output, (v) => (cell.model.init.frozenCopy ? 0 : alpha * v)));
  const jOf = (xs: Float64Array[]): Float64Array[][] => [0, 1, 2].map((c) => jacobian(net, w0, xs, c));
  const lin = (f0: number[], J: Float64Array[][], delta: Float64Array): number[] =>
    f0.map((v, j) => v + alpha * J[j % k]![Math.floor(j / k)]!.reduce((acc, g, p) => acc + g * delta[p]!, 0));
  const at = { train: rows(data.train.x), test: rows(data.test.x) };
  const f0 = { train: f0Of(at.train), test: f0Of(at.test) };
  const J = { train: jOf(at.train), test: jOf(at.test) };
  let delta = new Float64Array(net.paramCount);
  const want: Reference['want'] = [];
  for (let t = 0; t <= 12; t++) {
    if (t % 4 === 0) want.push({ train: lin(f0.train, J.train, delta), test: lin(f0.test, J.test, delta) });
    const xs = rows(batchAt(t)), Jt = jOf(xs);
    const r = lin(f0Of(xs), Jt, delta).map((v, j) => (v - data.train.y[j]!) / (n * alpha)); // ∂F/∂h = (1/α)·(f − y)/n
    const g = new Float64Array(net.paramCount);
    r.forEach((rj, j) => Jt[j % k]![Math.floor(j / k)]!.forEach((v, p) => { g[p]! += v * rj; }));
    delta = delta.map((dp, p) => dp - lr * g[p]!);
  }
  return { f0: { train: Float32Array.from(f0.train), test: Float32Array.from(f0.test) }, want };
}

/**
 * The largest error over log steps and splits, relative to the reference's largest size on that
 * split (with a frozen copy f_lin starts at 0, so a step's own size cannot be the scale).
 */
function worstError(want: Reference['want'], got: { train: Float32Array[]; test: Float32Array[] }): number {
  return Math.max(...(['train', 'test'] as const).map((s) => {
    const scale = Math.max(...want.map((w) => Math.hypot(...w[s])));
    return Math.max(...want.map((w, i) => Math.hypot(...w[s].map((v, j) => v - got[s][i]![j]!)))) / scale;
  }));
}

describe('linearized layered network', () => {
  // Tolerance: float32 stepping (12 steps of sums over ≲ 600 parameters) against float64:
  // relative errors ~1e-6 per step; 1e-4 of the trajectory's size fails at once on a wrong
  // scale (α, 1/n), a transposed Jacobian or a tangent through the wrong pool winner.
  test('gd: the stepped trajectory equals float64 GD on f0 + α·J(w0)Δ built from jacobian() (relative 1e-4)', () => {
    const cell = layeredCell(2, false, { optimizer: { kind: 'gd', lr: 1.5 } });
    const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
    const initial = initParams(cell.model, cell.seed);
    const ref = reference(cell, data, initial, () => data.train.x);
    const before = tf.memory().numTensors;
    const got = stepLinearizedLayered(cell, data, initial, ref.f0.train, ref.f0.test);
    expect(tf.memory().numTensors).toBe(before);
    expect(got.steps).toEqual([0, 4, 8, 12]);
    const moved = Math.hypot(...ref.want[3]!.train.map((v, j) => v - ref.f0.train[j]!));
    expect(moved).toBeGreaterThan(0.1 * Math.hypot(...ref.f0.train)); // the trajectory really moves
    expect(worstError(ref.want, got)).toBeLessThan(1e-4);
  });

  // With crop_flip the linearized network must train on the network's augmented batches (the
  // draws of augmentBatch for the cell's seed and step), f(w0) taken on each augmented batch.
  // Same 1e-4 tolerance; the un-augmented trajectory lies far outside it (> 1e-2), so a run on the
  // stored images fails. Both f0 paths: α·h(w0) (no frozen copy) and 0 (frozen copy).
  test.each([false, true])('gd with crop_flip (frozen copy %s): equals float64 GD on the augmented batches, not on the stored ones', (frozen) => {
    const base = layeredCell(2, frozen, { optimizer: { kind: 'gd', lr: 1.5 } });
    const cell: RunCell = { ...base, data: { ...base.data, augment: { kind: 'crop_flip', padding: 2, flip: true } } };
    const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
    const initial = initParams(cell.model, cell.seed);
    const shape = { h: 6, w: 6, c: 1 };
    const augmented = reference(cell, data, initial, (t) => augmentBatch(data.train.x, null, shape, cell.data.augment!, [0], cell.seed, t));
    const stored = reference(cell, data, initial, () => data.train.x);
    const before = tf.memory().numTensors;
    const got = stepLinearizedLayered(cell, data, initial, augmented.f0.train, augmented.f0.test);
    expect(tf.memory().numTensors).toBe(before);
    expect(worstError(augmented.want, got)).toBeLessThan(1e-4);
    expect(worstError(stored.want, got)).toBeGreaterThan(1e-2);
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
