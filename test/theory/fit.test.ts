// Fits recover known exponents from noisy synthetic data; the bootstrap interval covers the
// truth and is reproducible; one seed gives no interval.
import { describe, expect, it } from 'vitest';
import { agreesWith, fitExponentialRate, fitPowerLaw, leastSquares, type SeedSeries } from '../../src/theory/fit.js';
import { createRng } from '../../src/theory/rng.js';

const widths = [64, 128, 256, 512, 1024, 2048];

/** y = 3·m^{−1/2}·e^{ε}, ε ~ N(0, 0.1²) independently per point, one series per seed. */
function powerLawData(seeds: number): SeedSeries[] {
  return Array.from({ length: seeds }, (_, s) => {
    const rng = createRng(100 + s);
    return { x: widths, y: widths.map((m) => 3 * m ** -0.5 * Math.exp(0.1 * rng.normal())) };
  });
}

describe('leastSquares', () => {
  it('is exact on a line', () => {
    const r = leastSquares([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(r.slope).toBeCloseTo(2, 14);
    expect(r.intercept).toBeCloseTo(1, 14);
  });
});

describe('fitPowerLaw', () => {
  it('recovers slope −0.5 within 0.05 from 10 noisy seeds; 95% interval contains −0.5', () => {
    // Standard error of the pooled slope ≈ 0.1/(√60 · sd(log m) ≈ 1.2) ≈ 0.011; 0.05 is > 4 SE.
    const fit = fitPowerLaw(powerLawData(10));
    expect(Math.abs(fit.estimate + 0.5)).toBeLessThan(0.05);
    expect(Math.exp(fit.intercept)).toBeGreaterThan(2.5);
    expect(fit.interval).not.toBeNull();
    expect(fit.interval!.low).toBeLessThan(-0.5);
    expect(fit.interval!.high).toBeGreaterThan(-0.5);
    expect(fit.interval!.high - fit.interval!.low).toBeLessThan(0.2);
    expect(agreesWith(fit, -0.5, 0)).toBe(true);
    expect(agreesWith(fit, -1, 0.05)).toBe(false);
  });

  it('is reproducible (seeded bootstrap) and depends on the bootstrap seed only through the interval', () => {
    const data = powerLawData(5);
    expect(fitPowerLaw(data)).toEqual(fitPowerLaw(data));
    const other = fitPowerLaw(data, { seed: 9 });
    expect(other.estimate).toBe(fitPowerLaw(data).estimate);
  });

  it('with one seed: the estimate, and interval null with the reason "one seed: no interval"', () => {
    const fit = fitPowerLaw(powerLawData(1));
    expect(Math.abs(fit.estimate + 0.5)).toBeLessThan(0.15);
    expect(fit.interval).toBeNull();
    expect(fit.reason).toBe('one seed: no interval');
  });

  it('drops points whose logarithm is undefined and says how many', () => {
    const fit = fitPowerLaw([{ x: [1, 2, 4, 0], y: [1, 0.5, 0.25, 3] }, { x: [1, 2, 4], y: [1, 0.5, -1] }]);
    expect(fit.excluded).toBe(2);
    expect(fit.estimate).toBeCloseTo(-1, 12);
  });
});

describe('fitExponentialRate', () => {
  it('recovers rate 0.02/step within 5% from 6 noisy seeds; interval contains 0.02', () => {
    const steps = Array.from({ length: 30 }, (_, i) => 10 * i);
    const data = Array.from({ length: 6 }, (_, s) => {
      const rng = createRng(500 + s);
      return { x: steps, y: steps.map((t) => 2 * Math.exp(-0.02 * t + 0.2 * rng.normal())) };
    });
    const fit = fitExponentialRate(data);
    expect(Math.abs(fit.estimate - 0.02) / 0.02).toBeLessThan(0.05);
    expect(fit.interval!.low).toBeLessThan(0.02);
    expect(fit.interval!.high).toBeGreaterThan(0.02);
  });

  it('one seed: no interval', () => {
    const fit = fitExponentialRate([{ x: [0, 1, 2], y: [1, Math.exp(-0.5), Math.exp(-1)] }]);
    expect(fit.estimate).toBeCloseTo(0.5, 12);
    expect(fit.interval).toBeNull();
    expect(fit.reason).toBe('one seed: no interval');
  });
});
