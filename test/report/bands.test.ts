// Honest bands: on a log y axis the mean is geometric and the band ×/÷ the geometric std
// (never below zero, symmetric on the axis); a band never leaves the measurement's range
// (accuracies in [0, 1], losses ≥ 0); the caption says which band is drawn.

import { describe, expect, test } from 'vitest';
import type { TidyRecord } from '../../src/run/results.js';
import { aggregate, clipBand, logStats, stats } from '../../src/report/aggregate.js';
import { bandNote, buildFigure } from '../../src/report/figures.js';
import { MSG } from '../../src/report/messages.js';
import type { ChartDef, ReportSpec } from '../../src/report/spec.js';

const chart = (over: Partial<ChartDef>): ChartDef => ({
  name: 'c', title: '', caption: '', x: 'm', y: 'weight_change', color: null, facet: null, log: { x: true, y: true },
  band: 'std', mark: 'line', at: 'final', theory: null, ...over,
});

const rec = (m: number, seed: number, measurement: string, value: number): TidyRecord =>
  ({ cell: JSON.stringify([m, seed, measurement]), values: { m }, seed, step: 10, measurement, value });

const spec = { bindings: new Map() } as unknown as ReportSpec;

describe('bands in log space', () => {
  test('geometric mean ×/÷ geometric std, checked against logs computed by hand', () => {
    // ln 1 = 0, ln 100 = 2 ln 10: mean ln 10, sample sd √2 · ln 10.
    const s = logStats([1, 100], 'std')!;
    const sd = Math.SQRT2 * Math.LN10;
    expect(s.mean).toBeCloseTo(10, 12);
    expect(s.hi!).toBeCloseTo(10 * Math.exp(sd), 9);
    expect(s.lo!).toBeCloseTo(10 / Math.exp(sd), 12);
    expect(s.lo! * s.hi!).toBeCloseTo(s.mean * s.mean, 9); // symmetric on a log axis
    // The arithmetic band of the same values reaches below zero: what a log axis cannot show.
    expect(stats([1, 100], 'std').lo!).toBeLessThan(0);
  });

  test('sem divides the log sd by √n; minmax keeps the extremes; a value ≤ 0 has no log band', () => {
    const s = logStats([1, 10, 100], 'sem')!;
    expect(Math.log(s.hi! / s.mean)).toBeCloseTo(Math.LN10 / Math.sqrt(3), 12);
    const mm = logStats([2, 8], 'minmax')!;
    expect(mm.mean).toBeCloseTo(4, 12);
    expect([mm.lo, mm.hi]).toEqual([2, 8]);
    expect(logStats([0, 1], 'std')).toBeNull();
  });

  test('on a log y axis the drawn point is the geometric mean and the band stays above zero', () => {
    const records = [rec(4, 0, 'weight_change', 0.01), rec(4, 1, 'weight_change', 1), rec(4, 2, 'weight_change', 0.1)];
    const [p] = aggregate(records, chart({}));
    expect(p!.y).toBeCloseTo(0.1, 12);
    expect(p!.lo!).toBeGreaterThan(0);
    expect(p!.logSpace).toBe(true);
    const [lin] = aggregate(records, chart({ log: { x: true, y: false } }));
    expect(lin!.y).toBeCloseTo(0.37, 12);
  });
});

describe('bands inside the measurement range', () => {
  test('an accuracy band stops at 1 and a loss band at 0', () => {
    expect(clipBand({ mean: 0.97, lo: 0.92, hi: 1.02 }, 'fraction')).toEqual({ mean: 0.97, lo: 0.92, hi: 1 });
    expect(clipBand({ mean: 0.1, lo: -0.05, hi: 0.25 }, 'nonnegative')).toEqual({ mean: 0.1, lo: 0, hi: 0.25 });
    expect(clipBand({ mean: 0.1, lo: -0.05, hi: 0.25 }, 'any')).toEqual({ mean: 0.1, lo: -0.05, hi: 0.25 });
    const records = [0.9, 1, 1].map((v, seed) => rec(8, seed, 'test_accuracy', v));
    const [p] = aggregate(records, chart({ y: 'test_accuracy', log: { x: true, y: false } }));
    expect(p!.hi).toBe(1);
    expect(p!.clipped).toBe(true);
  });

  test('the caption names the band, its seeds, log space and the cut', () => {
    const records = [0.9, 1, 1].map((v, seed) => rec(8, seed, 'test_accuracy', v));
    const c = chart({ y: 'test_accuracy', log: { x: true, y: false } });
    expect(buildFigure(c, 1, records, spec).notes).toContain(MSG.bandNote('std', '3 seeds', false, '[0, 1]'));
    const logged = [1, 2, 3, 4, 5].map((v, seed) => rec(8, seed, 'weight_change', v));
    expect(bandNote(chart({}), aggregate(logged, chart({})))).toEqual([MSG.bandNote('std', '5 seeds', true, null)]);
    expect(MSG.bandNote('std', '5 seeds', true, null)).toBe('Band: ±1 s.d. over 5 seeds, in log space (line: geometric mean; band ×/÷ the geometric s.d.).');
    expect(bandNote(chart({ band: 'none' }), aggregate(logged, chart({ band: 'none' })))).toEqual([]);
  });
});
