// Seed statistics and their intervals against independent computations: the percentile bootstrap
// of a mean against the normal approximation x̄ ± 1.96·s/√n (tolerance 15 % of the half-width:
// the bootstrap interval is a little narrower, by √((n−1)/n), and B = 2000 adds ~3 % noise), the
// range of few seeds against min/max, and pairing: a difference of two sides that move together
// seed by seed has a narrow interval though each side alone is wide.

import { describe, expect, test } from 'vitest';
import { combine, intervalOf, MIN_SEEDS, pointOf, seedMean, type Stat } from '../../src/theory/expect-stats.js';

function meanStat(values: number[]): Stat {
  const perSeed = new Map(values.map((v, i) => [i, v] as [number, number]));
  return { kind: 'stat', what: 'x', seeds: [...perSeed.keys()], estimate: seedMean(perSeed), fitted: false, cells: [] };
}

describe('intervalOf', () => {
  test('bootstrap interval of a mean of 40 seeds ≈ x̄ ± 1.96 s/√n', () => {
    const xs = Array.from({ length: 40 }, (_, i) => Math.sin(1.7 * i) * 2 + 5);
    const n = xs.length, m = xs.reduce((a, b) => a + b, 0) / n;
    const s = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
    const half = 1.96 * s / Math.sqrt(n);
    const iv = intervalOf(meanStat(xs))!;
    expect(iv.kind).toBe('bootstrap');
    expect(Math.abs(iv.low - (m - half))).toBeLessThan(0.15 * half);
    expect(Math.abs(iv.high - (m + half))).toBeLessThan(0.15 * half);
  });

  test(`fewer than ${MIN_SEEDS} seeds: the range of the per-seed values, labelled as such`, () => {
    expect(intervalOf(meanStat([3, 1, 2]))).toEqual({ low: 1, high: 3, kind: 'range', seeds: 3 });
    expect(intervalOf(meanStat([]))).toBeNull();
  });

  test('a paired difference: sides sharing the seed-to-seed noise give a narrow interval of their difference', () => {
    const noise = [0, 3, -2, 5, -4, 1, 2, -3];
    const a = meanStat(noise.map((e) => 10 + e)), b = meanStat(noise.map((e) => 9 + e));
    const d = combine(a, b, (x, y) => x - y, 'a − b');
    expect(pointOf(d)).toBeCloseTo(1, 12);
    const ia = intervalOf(a)!, id = intervalOf(d)!;
    expect(ia.high - ia.low).toBeGreaterThan(2);
    expect(id.low).toBeCloseTo(1, 12);
    expect(id.high).toBeCloseTo(1, 12);
  });
});
