// Augmented training (`augment = crop_flip(padding: 4)`) through trainCell and the layered
// session: the same seed gives bit-identical records, augmentation changes training but not what
// is measured on the images as they are (test set, training-set measurements), and the frozen
// copy sees the same augmented batch as the network (f(w0) − f(w0) = 0 on it).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import { LayeredSession } from '../../../src/run/train/layered-session.js';
import { makeDataset } from '../../../src/run/data/index.js';
import { initParams } from '../../../src/run/model/params.js';
import type { TidyRecord } from '../../../src/run/results.js';
import type { LayerSpec } from '../../../src/theory/net/spec.js';
import type { AugmentConfig } from '../../../src/plan/cell.js';
import { makeCell } from '../helpers.js';

const series = (records: TidyRecord[], name: string): number[] =>
  records.filter((r) => r.measurement === name && r.layer === undefined).map((r) => r.value!);

const layers: LayerSpec[] = [
  { kind: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 1, bias: true, multiplier: 1 / 3 }, { kind: 'activation', fn: 'relu' },
  { kind: 'global_avgpool' }, { kind: 'dense', units: 2, bias: true, multiplier: 1 / 2 },
];

function cell(augment: AugmentConfig | undefined, frozen = false) {
  const c = makeCell({
    values: { model: 'cnn', data: 'digits' },
    data: { name: 'digits', source: { kind: 'mnist', classes: [3, 8] }, dim: 784, nTrain: 24, nTest: 8, labelScale: 1, seed: 3 },
    model: {
      name: 'cnn', inputDim: 784, hidden: [], outputDim: 2, head: 'softmax', bias: true, multipliers: [1 / 3, 1 / 2],
      init: { layers: [0, 1].map(() => ({ kind: 'normal' as const, std: 1 })), symmetrized: false, frozenCopy: frozen },
      layers, inputShape: { kind: 'image', h: 28, w: 28, c: 1 },
    },
    train: { loss: 'mse', optimizer: { kind: 'momentum', lr: 0.5, beta: 0.9, batch: 8 }, steps: 12, log: { kind: 'every', every: 4 } },
    measure: [{ name: 'train_loss', options: {} }, { name: 'test_loss', options: {} }, { name: 'test_accuracy', options: {} }],
  });
  return augment ? { ...c, data: { ...c.data, augment } } : c;
}

const cropFlip: AugmentConfig = { kind: 'crop_flip', padding: 4, flip: true };

describe('augmented training', () => {
  test('same seed → bit-identical records; measurements at step 0 see the images as they are; training differs', async () => {
    const backend = await initBackend('wasm');
    const before = tf.memory().numTensors;
    const [a, b, plain] = [await trainCell(cell(cropFlip), backend), await trainCell(cell(cropFlip), backend), await trainCell(cell(undefined), backend)];
    expect(tf.memory().numTensors).toBe(before);
    expect(a.status, a.reason).toBe('ok');
    expect(a.records).toEqual(b.records);
    for (const name of ['train_loss', 'test_loss', 'test_accuracy']) expect(series(a.records, name)[0]).toBe(series(plain.records, name)[0]);
    expect(series(a.records, 'train_loss').at(-1)).not.toBe(series(plain.records, 'train_loss').at(-1));
  });

  test('a step trains on augmented images: the batch loss differs from the clean batch\'s, and the frozen copy cancels on it', async () => {
    await initBackend('wasm');
    const batch = Int32Array.from([0, 5, 9, 17]);
    const loss = (c: ReturnType<typeof cell>, t: number): number => {
      const data = makeDataset(c.data, c.train.loss, c.model.outputDim);
      const s = new LayeredSession(c, data, initParams(c.model, c.seed));
      try { return s.step(t, batch, true); } finally { s.dispose(); }
    };
    const clean = loss(cell(undefined), 0);
    expect(loss(cell(cropFlip), 0)).not.toBe(clean);
    expect(loss(cell(cropFlip), 0)).toBe(loss(cell(cropFlip), 0));
    expect(loss(cell(cropFlip), 1)).not.toBe(loss(cell(cropFlip), 0)); // a fresh draw at every step
    // mse on one-hot targets with f = α(h(w0) − h(w0)) = 0 on the augmented batch: exactly Σ_k y_k² / 2 = 1/2.
    expect(loss(cell(cropFlip, true), 0)).toBe(0.5);
  });
});
