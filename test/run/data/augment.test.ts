// augmentBatch: every augmented image is a crop of the padded image (maybe mirrored), checked by
// brute force over all (2p+1)² offsets × 2 flips; draws depend only on (seed, step); the input is
// not changed; normalized CIFAR-10 pads with the value a black pixel normalizes to.
import { describe, expect, it } from 'vitest';
import { augmentBatch, augmentFill } from '../../../src/run/data/augment.js';
import type { DataConfig } from '../../../src/plan/cell.js';

const shape = { h: 5, w: 5, c: 2 };
const dim = 5 * 5 * 2;
const x = Float32Array.from({ length: 4 * dim }, (_, i) => 1 + i); // every pixel distinct and nonzero
const aug = { kind: 'crop_flip' as const, padding: 2, flip: true };

/** Independent crop: pixel (y, x) of the padded image at offset (dy, dx), then mirrored. */
function crop(img: Float32Array, dy: number, dx: number, flip: boolean, fill: number[]): number[] {
  const out: number[] = [];
  for (let y = 0; y < 5; y++) for (let xx = 0; xx < 5; xx++) for (let c = 0; c < 2; c++) {
    const sx = (flip ? 4 - xx : xx) + dx, sy = y + dy;
    out.push(sy >= 0 && sy < 5 && sx >= 0 && sx < 5 ? img[(sy * 5 + sx) * 2 + c]! : fill[c]!);
  }
  return out;
}

function explain(img: Float32Array, out: Float32Array, fill: number[]): string | null {
  for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) for (const flip of [false, true]) {
    if (crop(img, dy, dx, flip, fill).join() === Array.from(out).join()) return `${dy},${dx},${flip}`;
  }
  return null;
}

describe('augmentBatch', () => {
  it('gives each row a padded crop of its own image, maybe mirrored (brute force over every offset and flip)', () => {
    const rows = Int32Array.from([2, 0, 3]);
    const before = Float32Array.from(x);
    const kinds = new Set<string>();
    for (let step = 0; step < 30; step++) {
      const out = augmentBatch(x, rows, shape, aug, [0], 9, step);
      expect(out.length).toBe(3 * dim);
      rows.forEach((r, i) => {
        const how = explain(x.subarray(r * dim, (r + 1) * dim), out.subarray(i * dim, (i + 1) * dim), [0, 0]);
        expect(how, `step ${step} row ${r}`).not.toBeNull();
        kinds.add(how!);
      });
    }
    expect(x).toEqual(before);
    expect(kinds.size).toBeGreaterThan(20); // many of the 50 crops occur, mirrored and not
    expect([...kinds].some((k) => k.endsWith('true')) && [...kinds].some((k) => k.endsWith('false'))).toBe(true);
  });

  it('is the same for the same seed and step, and differs between steps and seeds', () => {
    const a = augmentBatch(x, null, shape, aug, [0], 1, 5);
    expect(a).toEqual(augmentBatch(x, null, shape, aug, [0], 1, 5));
    expect(a).not.toEqual(augmentBatch(x, null, shape, aug, [0], 1, 6));
    expect(a).not.toEqual(augmentBatch(x, null, shape, aug, [0], 2, 5));
  });

  it('never mirrors with flip: false', () => {
    for (let step = 0; step < 20; step++) {
      const out = augmentBatch(x, Int32Array.from([1]), shape, { ...aug, flip: false }, [0], 3, step);
      expect(explain(x.subarray(dim, 2 * dim), out, [0, 0])!.endsWith('false')).toBe(true);
    }
  });

  it('pads normalized CIFAR-10 with the normalized black, raw images with 0', () => {
    const data = (normalize: boolean): DataConfig => ({
      name: 'c', source: { kind: 'cifar10', path: 'x', classes: [0, 1], normalize }, dim: 3072, nTrain: 1, nTest: 0, labelScale: 1, seed: 0,
    });
    expect(augmentFill(data(true))).toEqual([-0.4914 / 0.2023, -0.4822 / 0.1994, -0.4465 / 0.2010]);
    expect(augmentFill(data(false))).toEqual([0]);
    const fill = [-7, -9];
    let padded = false;
    for (let step = 0; step < 10; step++) {
      const out = augmentBatch(x, Int32Array.from([0]), shape, aug, fill, 4, step);
      expect(explain(x.subarray(0, dim), out, fill)).not.toBeNull();
      padded ||= out.includes(-7);
    }
    expect(padded).toBe(true);
  });
});
