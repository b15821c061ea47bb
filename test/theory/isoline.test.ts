// Iso-line slopes from the structure tensor, checked on surfaces whose iso-lines are known in
// closed form: z = g(v + q·u) has iso-lines v = c − q·u, so dv/du = −q exactly.

import { describe, expect, it } from 'vitest';
import { fitIsolineSlope, isolineSlope, type Grid } from '../../src/theory/isoline.js';
import { createRng } from '../../src/theory/rng.js';

function grid(f: (u: number, v: number) => number, n = 10): Grid {
  const u = Array.from({ length: n }, (_, i) => -3 + (4 * i) / (n - 1));
  const v = Array.from({ length: n }, (_, j) => -2 + (6 * j) / (n - 1));
  return { u, v, z: u.map((ui) => v.map((vj) => f(ui, vj))) };
}

describe('isolineSlope', () => {
  it('recovers dv/du = −q of a linear surface exactly (1e-12)', () => {
    for (const q of [2, 1, 0.5, -1]) expect(isolineSlope(grid((u, v) => v + q * u))!).toBeCloseTo(-q, 12);
  });

  it('recovers −2 for a saturating function of α τ² within 2% (finite differences on a 10 × 10 grid)', () => {
    const s = isolineSlope(grid((u, v) => Math.tanh(v + 2 * u) + 0.3 * (v + 2 * u)));
    expect(Math.abs(s! + 2)).toBeLessThan(0.04);
    const fine = isolineSlope(grid((u, v) => Math.tanh(v + 2 * u) + 0.3 * (v + 2 * u), 80));
    expect(Math.abs(fine! + 2)).toBeLessThan(Math.abs(s! + 2));
  });

  it('is null on a flat surface', () => {
    expect(isolineSlope(grid(() => 1))).toBeNull();
  });
});

describe('fitIsolineSlope', () => {
  // Noise adds a small anisotropic term to the structure tensor (cells are not square), so the
  // estimate is biased by a few thousandths here; the test allows 0.05 around the clean slope.
  it('gives a bootstrap interval over noisy seeds within 0.05 of the noise-free slope', () => {
    const rng = createRng(7);
    const surface = (u: number, v: number) => Math.tanh(v + 2 * u);
    const clean = isolineSlope(grid(surface))!;
    const seeds = Array.from({ length: 8 }, () => grid((u, v) => surface(u, v) + 0.1 * rng.normal()));
    const fit = fitIsolineSlope(seeds);
    expect(Math.abs(fit.estimate! - clean)).toBeLessThan(0.05);
    expect(fit.interval![0]).toBeLessThanOrEqual(fit.estimate!);
    expect(fit.interval![1]).toBeGreaterThanOrEqual(fit.estimate!);
    expect(fit.interval![0]).toBeGreaterThan(clean - 0.05);
    expect(fit.interval![1]).toBeLessThan(clean + 0.05);
    expect(fit.interval![1] - fit.interval![0]).toBeGreaterThan(0);
  });

  it('says there is no interval with one seed', () => {
    const fit = fitIsolineSlope([grid((u, v) => v + 2 * u)]);
    expect(fit.interval).toBeNull();
    expect(fit.reason).toBe('one seed: no interval');
    expect(fit.estimate!).toBeCloseTo(-2, 12);
  });
});
