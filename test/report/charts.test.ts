// Charts from records: means and bands over seeds, the `at` step, whole-network rows only,
// log axes, facets, heatmaps with iso-lines, the fitted power law next to the predicted slope,
// and SVG ids made unique per figure.

import { describe, expect, test } from 'vitest';
import type { TidyRecord } from '../../src/run/results.js';
import { aggregate, aggregateGrid, pickAt, stats } from '../../src/report/aggregate.js';
import { edges } from '../../src/report/chart.js';
import { buildFigure } from '../../src/report/figures.js';
import { parseSpec } from '../../src/lang/parse.js';
import { readReportSpec, type ChartDef } from '../../src/report/spec.js';
import { renderSvg, renumberIds } from '../../src/report/svg.js';
import { powerLawOverlay } from '../../src/report/theory.js';
import { seedPoints } from '../../src/report/aggregate.js';

const chart = (over: Partial<ChartDef>): ChartDef => ({
  name: 'c', title: '', caption: '', x: 'm', y: 'weight_change', color: null, facet: null, log: { x: true, y: true },
  band: 'std', mark: 'line', at: 'final', theory: null, ...over,
});

function rec(values: Record<string, number | string>, seed: number, step: number, measurement: string, value: number, layer?: number): TidyRecord {
  const cell = JSON.stringify([values, seed]);
  return layer === undefined ? { cell, values, seed, step, measurement, value } : { cell, values, seed, step, measurement, value, layer };
}

/** weight change = c·m^(−1/2)·(1 ± 0.1) over two seeds, at steps 0 and 10. */
function widthRecords(widths = [16, 64, 256, 1024]): TidyRecord[] {
  return widths.flatMap((m) => [0, 1].flatMap((seed) => [
    rec({ m }, seed, 0, 'weight_change', 0),
    rec({ m }, seed, 10, 'weight_change', 2 * m ** -0.5 * (seed ? 1.1 : 0.9)),
    rec({ m }, seed, 10, 'weight_change', 99, 1),
  ]));
}

describe('aggregate', () => {
  test('mean and sample std over seeds at the final step; per-layer rows are ignored', () => {
    const pts = aggregate(widthRecords(), chart({ log: { x: true, y: false } }));
    expect(pts.map((p) => p.x)).toEqual([16, 64, 256, 1024]);
    const p = pts[0]!;
    expect(p.y).toBeCloseTo(2 / 4, 12);
    const sd = Math.sqrt(2 * (0.1 * 0.5) ** 2); // two values 0.45, 0.55: sample std
    expect(p.hi! - p.y).toBeCloseTo(sd, 12);
    expect(p.n).toBe(2);
  });

  test('band kinds: sem = std/√n, minmax, none; one seed has no band', () => {
    expect(stats([1, 3], 'sem').hi).toBeCloseTo(2 + Math.SQRT2 / Math.SQRT2, 12);
    expect(stats([1, 3], 'minmax')).toEqual({ mean: 2, lo: 1, hi: 3 });
    expect(stats([1, 3], 'none')).toEqual({ mean: 2, lo: null, hi: null });
    expect(stats([5], 'std')).toEqual({ mean: 5, lo: null, hi: null });
  });

  test('at: final, initial, best and a step number', () => {
    const rows = [rec({}, 0, 0, 'l', 3), rec({}, 0, 5, 'l', 1), rec({}, 0, 9, 'l', 2)];
    expect(pickAt(rows, 'l', 'final')).toBe(2);
    expect(pickAt(rows, 'l', 'initial')).toBe(3);
    expect(pickAt(rows, 'l', 'best')).toBe(1);
    expect(pickAt(rows, 'l', 6)).toBe(1);
  });

  test('x = step keeps trajectories; a log x axis drops step 0', () => {
    const pts = aggregate(widthRecords([16]), chart({ x: 'step', log: { x: true, y: false } }));
    expect(pts.map((p) => p.x)).toEqual([10]);
    expect(aggregate(widthRecords([16]), chart({ x: 'step', log: { x: false, y: false } })).map((p) => p.x)).toEqual([0, 10]);
  });

  test('heatmap cells average seeds on the (x, y) grid', () => {
    const rs = [1, 2].flatMap((tau) => [0.1, 1].flatMap((alpha) => [0, 1].map((seed) => rec({ tau, alpha }, seed, 5, 'test_loss', tau * alpha + seed))));
    const grid = aggregateGrid(rs, chart({ x: 'tau', y: 'alpha', color: 'test_loss', mark: 'heatmap' }));
    expect(grid).toHaveLength(4);
    expect(grid[0]).toMatchObject({ x: 1, y: 0.1, n: 2 });
    expect(grid[0]!.v).toBeCloseTo(0.6, 12);
  });

  test('heatmap edges are log-space midpoints on a log axis', () => {
    const e = edges([1, 100, 10], true);
    expect(e.get(10)![0]).toBeCloseTo(Math.sqrt(10), 12);
    expect(e.get(10)![1]).toBeCloseTo(Math.sqrt(1000), 12);
  });
});

test('power-law overlay: the fit recovers the slope; the predicted line has the given slope', () => {
  const o = powerLawOverlay(seedPoints(widthRecords(), chart({})), -0.5);
  const line = (kind: RegExp) => o.points.filter((p) => kind.test(p.kind));
  for (const pts of [line(/fitted/), line(/predicted/)]) {
    const [a, b] = [pts[0]!, pts[pts.length - 1]!];
    expect(Math.log(b.y / a.y) / Math.log(b.x / a.x)).toBeCloseTo(-0.5, 6);
  }
  expect(o.notes[0]).toMatch(/^Fitted power law: slope −0\.5 \(95% bootstrap interval over seeds/);
});

describe('figures render to SVG with marks', () => {
  const spec = readReportSpec(parseSpec('experiment e { title = "t" }').spec, null);

  test('facets: one panel per facet value', async () => {
    const rs = ['a', 'b'].flatMap((model) => widthRecords().map((r) => ({ ...r, values: { ...r.values, model }, cell: r.cell + model })));
    const f = buildFigure(chart({ facet: 'model', color: null }), 1, rs, spec);
    const svg = await renderSvg(f.vl, 'f1', 'facets');
    expect(svg.match(/role-mark/g)!.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('>a<');
    expect(svg).toContain('>b<');
  });

  test('heatmap with iso-lines of alpha * tau^2', async () => {
    const rs = [0.1, 1, 10].flatMap((tau) => [0.1, 1, 10].map((alpha) => rec({ tau, alpha }, 0, 5, 'test_loss', Math.log1p(alpha * tau * tau))));
    const theoryExpr = parseSpec('report { chart h { x = tau  y = alpha  color = test_loss  mark = heatmap  log = [x, y]  theory = isolines(alpha * tau^2) } }').spec;
    const def = readReportSpec(theoryExpr, null).items[0]!;
    if (def.kind !== 'chart') throw new Error('no chart');
    const f = buildFigure(def.chart, 1, rs, spec);
    expect(f.notes.join(' ')).toContain('α·τ²');
    const svg = await renderSvg(f.vl, 'f1', 'heatmap');
    expect(svg.match(/<path[^>]*role="graphics-symbol"[^>]*aria-roledescription="rect mark"/g)?.length ?? 0).toBe(9);
    expect(svg).toContain('aria-roledescription="line mark"');
  });

  test('renumbered ids: each figure its own prefix, references follow', () => {
    const svg = '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"></g><use href="#clip7"/></svg>';
    expect(renumberIds(svg, 'f3')).toBe('<svg><clipPath id="f3-1"><rect/></clipPath><g clip-path="url(#f3-1)"></g><use href="#f3-1"/></svg>');
  });
});
