// Training a layered (convolutional, residual) network end to end through trainCell: the loss
// falls, a frozen copy starts the output at exactly 0, activation stability is exactly 1 at
// initialization and falls when the weights move, per-layer weight change has one value per
// weight layer, the same seed gives bit-identical records, and no tensor leaks.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import type { TidyRecord } from '../../../src/run/results.js';
import type { LayerSpec } from '../../../src/theory/net/spec.js';
import { makeCell } from '../helpers.js';

const series = (records: TidyRecord[], name: string, layer?: number): number[] =>
  records.filter((r) => r.measurement === name && r.layer === layer).map((r) => r.value!);

const conv = (filters: number, multiplier: number, stride = 1): LayerSpec => ({ kind: 'conv2d', filters, kernel: 3, stride, padding: 1, bias: true, multiplier });
const relu: LayerSpec = { kind: 'activation', fn: 'relu' };

/** A small ResNet-style net on 28×28×1 digits, NTK multipliers (fan_in = c·9). */
const layers: LayerSpec[] = [
  conv(4, 1 / 3, 2), relu, { kind: 'maxpool', size: 2, stride: 2 },
  { kind: 'residual', body: [conv(4, 1 / 6), relu, conv(4, 1 / 6)], shortcut: [] }, relu,
  { kind: 'global_avgpool' }, { kind: 'dense', units: 2, bias: true, multiplier: 1 / 2 },
];

function cnnCell(frozen: boolean, lr: number) {
  return makeCell({
    values: { k: 1, model: 'cnn', data: 'digits' },
    data: { name: 'digits', source: { kind: 'mnist', classes: [3, 8] }, dim: 784, nTrain: 24, nTest: 8, labelScale: 1, seed: 3 },
    model: {
      name: 'cnn', inputDim: 784, hidden: [], outputDim: 2, head: 'softmax', bias: true, multipliers: [1 / 3, 1 / 6, 1 / 6, 1 / 2],
      init: { layers: [0, 1, 2, 3].map(() => ({ kind: 'normal' as const, std: 1 })), symmetrized: false, frozenCopy: frozen },
      layers, inputShape: { kind: 'image', h: 28, w: 28, c: 1 },
    },
    train: { loss: 'mse', optimizer: { kind: 'momentum', lr, beta: 0.9, batch: 8 }, steps: 30, log: { kind: 'every', every: 10 } },
    measure: [
      { name: 'train_loss', options: {} }, { name: 'test_accuracy', options: {} },
      { name: 'weight_change', options: { per_layer: true } }, { name: 'activation_stability', options: { probe: 16 } },
    ],
  });
}

describe('layered networks train through trainCell', () => {
  test('loss falls; frozen copy starts at 0; stability is 1 at init and falls; one weight change per weight layer', async () => {
    const backend = await initBackend('wasm');
    const before = tf.memory().numTensors;
    const r = await trainCell(cnnCell(true, 0.5), backend);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.status, r.reason).toBe('ok');
    const loss = series(r.records, 'train_loss');
    // mse on one-hot targets with f(w0) = 0: the initial loss is exactly Σ_k y_k² / 2 = 1/2.
    expect(loss[0]).toBe(0.5);
    expect(loss.at(-1)!).toBeLessThan(0.9 * loss[0]!);
    const stab = series(r.records, 'activation_stability');
    expect(stab[0]).toBe(1);
    expect(stab.at(-1)!).toBeLessThan(1);
    // pattern layers: relu, maxpool, relu (body), relu → 4
    expect([1, 2, 3, 4].map((l) => series(r.records, 'activation_stability', l)[0])).toEqual([1, 1, 1, 1]);
    expect([1, 2, 3, 4].every((l) => series(r.records, 'weight_change', l).at(-1)! > 0)).toBe(true);
    expect(series(r.records, 'weight_change', 5)).toEqual([]);
  });

  test('the same seed gives bit-identical records', async () => {
    const backend = await initBackend('wasm');
    const [a, b] = [await trainCell(cnnCell(false, 0.2), backend), await trainCell(cnnCell(false, 0.2), backend)];
    expect(a.records).toEqual(b.records);
    expect(series(a.records, 'train_loss')[0]).not.toBe(0.5); // without the frozen copy the output starts away from 0
  });
});
