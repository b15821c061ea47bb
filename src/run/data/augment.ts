// Training-batch augmentation (`augment = crop_flip(padding: 4)` in a data block): every image of
// the batch a step trains on is cropped from its zero-padded copy and maybe mirrored, as in
// Chizat et al.'s CIFAR-10 code. The draws depend only on the cell's seed and the step, so a cell
// trains on the same augmented batches whenever it runs; the test set and every measurement see
// the images as they are.
import type { AugmentConfig, DataConfig } from '../../plan/cell.js';
import { makeRng } from '../rng.js';
import { augmentImage, CIFAR_MEAN, CIFAR_STD } from './cifar.js';

export interface ImageShape { h: number; w: number; c: number }

/** The value of a black pixel in the data's units, per channel: the padding's fill. */
export function augmentFill(data: DataConfig): number[] {
  const s = data.source;
  if (s.kind === 'cifar10' && s.normalize) return CIFAR_MEAN.map((m, c) => -m / CIFAR_STD[c]!);
  return [0];
}

/**
 * The augmented rows (`rows` of x, or all of them when null) for training step `step`: a new
 * rows × (h·w·c) array; x is not changed. One stream per step, the rows drawn in batch order.
 */
export function augmentBatch(
  x: Float32Array, rows: Int32Array | null, shape: ImageShape, aug: AugmentConfig, fill: readonly number[], seed: number, step: number,
): Float32Array {
  if (shape.h !== shape.w) throw new Error(`augmentation needs square images, found ${shape.h}×${shape.w}`);
  const dim = shape.h * shape.w * shape.c;
  const n = rows ? rows.length : x.length / dim;
  const rng = makeRng(seed, `augment:${step}`);
  const fills = Array.from({ length: shape.c }, (_, c) => fill[c % fill.length]!);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i;
    const img = x.subarray(r * dim, (r + 1) * dim);
    out.set(augmentImage(img, shape.w, shape.c, aug.padding, rng, { flip: aug.flip, fill: fills }), i * dim);
  }
  return out;
}
