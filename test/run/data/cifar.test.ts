// The CIFAR-10 reader on small files generated in the exact binary format (label byte, then
// 1024 R, 1024 G, 1024 B bytes per record), its errors, normalization and augmentation.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  augmentImage, CIFAR_MEAN, CIFAR_PIXELS, CIFAR_STD, loadCifar, parseCifarBatch,
} from '../../../src/run/data/cifar.js';
import { makeRng } from '../../../src/run/rng.js';

/** A record whose pixel (y, x) of channel c is (label·7 + c·50 + y + x) mod 256. */
function record(label: number): Uint8Array {
  const r = new Uint8Array(1 + 3 * CIFAR_PIXELS);
  r[0] = label;
  for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) {
    r[1 + c * CIFAR_PIXELS + y * 32 + x] = (label * 7 + c * 50 + y + x) % 256;
  }
  return r;
}

function batch(labels: number[]): Uint8Array {
  const out = new Uint8Array(labels.length * (1 + 3 * CIFAR_PIXELS));
  labels.forEach((l, i) => out.set(record(l), i * (1 + 3 * CIFAR_PIXELS)));
  return out;
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lazylab-cifar-'));
  writeFileSync(join(dir, 'data_batch_1.bin'), batch([3, 5, 3, 0, 5]));
  writeFileSync(join(dir, 'data_batch_2.bin'), batch([5, 3, 9]));
  for (const i of [3, 4, 5]) writeFileSync(join(dir, `data_batch_${i}.bin`), batch([1]));
  writeFileSync(join(dir, 'test_batch.bin'), batch([5, 3]));
  return dir;
}

describe('CIFAR-10 binary reader', () => {
  it('reads labels and HWC pixels scaled to [0, 1]', () => {
    const { labels, images } = parseCifarBatch(batch([3, 8]), 'b.bin');
    expect(Array.from(labels)).toEqual([3, 8]);
    const px = (i: number, y: number, x: number, c: number): number => images[i * 3072 + (y * 32 + x) * 3 + c]!;
    expect(px(0, 0, 0, 0)).toBeCloseTo(21 / 255, 15);
    expect(px(0, 2, 5, 1)).toBeCloseTo((21 + 50 + 7) / 255, 15);
    expect(px(1, 31, 31, 2)).toBeCloseTo(((56 + 100 + 62) % 256) / 255, 15);
  });

  it('keeps the chosen classes in file order across batches, the class index being the position in the list', () => {
    const s = loadCifar({ folder: folder(), split: 'train', classes: [5, 3], n: 5, normalize: false });
    // batch 1 labels 3, 5, 3, 0, 5 then batch 2 labels 5, 3, 9: class 5 → 0, class 3 → 1, others skipped.
    expect(Array.from(s.classes!)).toEqual([1, 0, 1, 0, 0]);
    expect(s.x[2 * 3072]).toBeCloseTo(21 / 255, 15); // the third kept image is the second label-3 record
  });

  it('normalizes per channel with Chizat et al.\'s means and stds', () => {
    const s = loadCifar({ folder: folder(), split: 'test', classes: [5], n: 1, normalize: true });
    for (let c = 0; c < 3; c++) expect(s.x[c]).toBeCloseTo(((35 + c * 50) / 255 - CIFAR_MEAN[c]!) / CIFAR_STD[c]!, 12);
  });

  it('says where to put the files when they are missing, and names a damaged file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'lazylab-cifar-none-'));
    expect(() => loadCifar({ folder: empty, split: 'train', classes: [0], n: 1, normalize: false }))
      .toThrow(/data_batch_1\.bin: file not found; put the CIFAR-10 binary version .* lazylab never downloads it/);
    const bad = mkdtempSync(join(tmpdir(), 'lazylab-cifar-bad-'));
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'test_batch.bin'), new Uint8Array(3000));
    expect(() => loadCifar({ folder: bad, split: 'test', classes: [0], n: 1, normalize: false }))
      .toThrow(/test_batch\.bin: 3000 bytes is not a whole number of 3073-byte CIFAR-10 records/);
    expect(() => loadCifar({ folder: folder(), split: 'test', classes: [5, 3], n: 3, normalize: false }))
      .toThrow(/3 test images of classes \[5, 3\] requested, the files hold 2/);
  });

  it('augments by a seeded shift within ±4 pixels and a horizontal flip', () => {
    const side = 6;
    const img = Float64Array.from({ length: side * side }, (_, i) => i + 1);
    const a = augmentImage(img, side, 1, 2, makeRng(1, 'aug'));
    expect(Array.from(a)).toEqual(Array.from(augmentImage(img, side, 1, 2, makeRng(1, 'aug'))));
    // Every nonzero output pixel is an input pixel, and the set of kept pixels is a shifted (maybe mirrored) window.
    const seen = new Set<number>();
    for (let s = 0; s < 40; s++) {
      const out = augmentImage(img, side, 1, 2, makeRng(s, 'aug'));
      for (const v of out) if (v !== 0) expect(img).toContain(v);
      seen.add(out[0]! === 0 ? -1 : out[0]!);
    }
    expect(seen.size).toBeGreaterThan(3); // different seeds give different crops
    // With no padding an augmented image is the image or its mirror, and both occur.
    const mirror = Float64Array.from(img, (_, i) => img[Math.floor(i / side) * side + (side - 1 - (i % side))]!);
    const kinds = new Set<string>();
    for (let s = 0; s < 20; s++) {
      const out = Array.from(augmentImage(img, side, 1, 0, makeRng(s, 'aug')));
      const k = out.join() === Array.from(img).join() ? 'same' : out.join() === Array.from(mirror).join() ? 'mirror' : 'other';
      kinds.add(k);
    }
    expect([...kinds].sort()).toEqual(['mirror', 'same']);
  });
});
