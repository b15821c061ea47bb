// CIFAR-10 read from a local folder in its standard binary format (nothing is downloaded):
// `data_batch_1.bin` … `data_batch_5.bin` and `test_batch.bin`, each a sequence of 3073-byte
// records: one label byte (0–9), then 1024 red, 1024 green and 1024 blue bytes of a 32×32 image
// in row-major order. Images are returned as 32×32×3 (h, w, c) floats in [0, 1], optionally
// normalized per channel, and can be augmented as in Chizat et al.'s code (random crop with
// zero padding 4, then a horizontal flip with probability 1/2), seeded.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rng } from '../rng.js';
import type { RawSamples } from './raw.js';

export const CIFAR_SIDE = 32;
export const CIFAR_PIXELS = CIFAR_SIDE * CIFAR_SIDE;
const RECORD = 1 + 3 * CIFAR_PIXELS;
export const CIFAR_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR_TEST_FILE = 'test_batch.bin';
/** Chizat et al.'s per-channel normalization (their `cnn/` code). */
export const CIFAR_MEAN = [0.4914, 0.4822, 0.4465] as const;
export const CIFAR_STD = [0.2023, 0.1994, 0.2010] as const;

/** `train`, `test`: images per class (0–9) in each split, so the planner can check n_train and n_test. */
export type CifarInspection = { ok: true; sha256: string; train: number[]; test: number[] } | { ok: false; problem: string };

/**
 * What the planner needs to know of a CIFAR-10 folder before training: every batch file is there
 * and holds whole records, the sha256 of their bytes in order (the cells' content key), and how
 * many images of each class each split holds.
 */
export function inspectCifar(folder: string): CifarInspection {
  const hash = createHash('sha256');
  const counts = { train: new Array<number>(10).fill(0), test: new Array<number>(10).fill(0) };
  for (const name of [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE]) {
    const path = join(folder, name);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      return { ok: false, problem: `${name} is missing` };
    }
    if (bytes.length === 0 || bytes.length % RECORD !== 0) return { ok: false, problem: `${name} has ${bytes.length} bytes, not a whole number of 3073-byte records` };
    hash.update(bytes);
    const split = name === CIFAR_TEST_FILE ? counts.test : counts.train;
    for (let i = 0; i < bytes.length; i += RECORD) if (bytes[i]! < 10) split[bytes[i]!]!++;
  }
  return { ok: true, sha256: hash.digest('hex'), ...counts };
}

/** Where the files come from, for the error a missing folder gives. */
export function cifarMissingHint(folder: string): string {
  return `put the CIFAR-10 binary version (cifar-10-binary.tar.gz from the CIFAR-10 page of the University of Toronto, ` +
    `Krizhevsky 2009) unpacked so that ${join(folder, 'data_batch_1.bin')} … ${CIFAR_TEST_FILE} exist; lazylab never downloads it`;
}

/** Parses one binary batch; labels and HWC images in [0, 1]. Throws naming the file on a bad size or label. */
export function parseCifarBatch(bytes: Uint8Array, file: string): { labels: Int32Array; images: Float64Array } {
  if (bytes.length === 0 || bytes.length % RECORD !== 0) {
    throw new Error(`${file}: ${bytes.length} bytes is not a whole number of 3073-byte CIFAR-10 records`);
  }
  const n = bytes.length / RECORD;
  const labels = new Int32Array(n);
  const images = new Float64Array(n * CIFAR_PIXELS * 3);
  for (let i = 0; i < n; i++) {
    const base = i * RECORD;
    const label = bytes[base]!;
    if (label > 9) throw new Error(`${file}: record ${i + 1} has label ${label}, CIFAR-10 labels are 0–9`);
    labels[i] = label;
    const out = i * CIFAR_PIXELS * 3;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < CIFAR_PIXELS; p++) images[out + p * 3 + c] = bytes[base + 1 + c * CIFAR_PIXELS + p]! / 255;
    }
  }
  return { labels, images };
}

export interface CifarRequest {
  folder: string;
  split: 'train' | 'test';
  /** CIFAR-10 class indices to keep; the sample's class is its position in this list. */
  classes: number[];
  /** The first n images of those classes, in file order. */
  n: number;
  normalize: boolean;
}

/** Reads the first n images of the chosen classes from the split's files. */
export function loadCifar(req: CifarRequest, read: (path: string) => Uint8Array = readFileSync): RawSamples {
  const files = req.split === 'train' ? CIFAR_TRAIN_FILES : [CIFAR_TEST_FILE];
  const keep = new Map(req.classes.map((c, i) => [c, i]));
  const dim = CIFAR_PIXELS * 3;
  const x = new Float64Array(req.n * dim);
  const classes = new Int32Array(req.n);
  let row = 0;
  for (const name of files) {
    if (row === req.n) break;
    const path = join(req.folder, name);
    if (!existsSync(path)) throw new Error(`${path}: file not found; ${cifarMissingHint(req.folder)}`);
    const batch = parseCifarBatch(read(path), path);
    for (let i = 0; i < batch.labels.length && row < req.n; i++) {
      const cls = keep.get(batch.labels[i]!);
      if (cls === undefined) continue;
      x.set(batch.images.subarray(i * dim, (i + 1) * dim), row * dim);
      classes[row++] = cls;
    }
  }
  if (row < req.n) {
    throw new Error(`${req.folder}: ${req.n} ${req.split} images of classes [${req.classes.join(', ')}] requested, the files hold ${row}`);
  }
  if (req.normalize) normalizeChannels(x);
  return { n: req.n, dim, x, classes, classCount: req.classes.length, value: null };
}

/** (v − mean_c) / std_c in place, per channel of HWC images. */
export function normalizeChannels(x: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const c = i % 3;
    x[i] = (x[i]! - CIFAR_MEAN[c]!) / CIFAR_STD[c]!;
  }
}

/**
 * Chizat et al.'s augmentation of one HWC image: pad by `pad` pixels on every side, crop a random
 * side×side window, flip horizontally with probability 1/2 (when `flip`). The padding is black
 * before normalization: `fill` is its value per channel in the image's units (0 for raw pixels,
 * −mean/std for normalized ones). Three uniforms are drawn whatever the options. Returns a new image.
 */
export function augmentImage(
  img: Float64Array | Float32Array, side: number, channels: number, pad: number, rng: Rng,
  opts: { flip?: boolean; fill?: readonly number[] } = {},
): Float64Array {
  const dy = Math.floor(rng.uniform() * (2 * pad + 1)) - pad;
  const dx = Math.floor(rng.uniform() * (2 * pad + 1)) - pad;
  const flip = rng.uniform() < 0.5 && opts.flip !== false;
  const out = new Float64Array(img.length);
  if (opts.fill) for (let i = 0; i < out.length; i++) out[i] = opts.fill[i % channels]!;
  for (let y = 0; y < side; y++) {
    const sy = y + dy;
    if (sy < 0 || sy >= side) continue;
    for (let x = 0; x < side; x++) {
      const sx = (flip ? side - 1 - x : x) + dx;
      if (sx < 0 || sx >= side) continue;
      for (let c = 0; c < channels; c++) out[(y * side + x) * channels + c] = img[(sy * side + sx) * channels + c]!;
    }
  }
  return out;
}
