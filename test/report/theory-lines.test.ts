// Theory lines with colour groups: one caption for all groups (not one per colour), lines that
// coincide across colours drawn once in ink, theory drawn above the bands; in a diff the two
// revisions differ by dash as well as colour, with line symbols named before and after.

import { describe, expect, test } from 'vitest';
import type { TidyRecord } from '../../src/run/results.js';
import { buildChart } from '../../src/report/chart.js';
import { buildFigure, buildOverlayFigure } from '../../src/report/figures.js';
import { MSG } from '../../src/report/messages.js';
import type { ChartDef, ReportSpec } from '../../src/report/spec.js';
import { mergeCoincident, type LinePoint } from '../../src/report/theory.js';

const chart = (over: Partial<ChartDef>): ChartDef => ({
  name: 'c', title: '', caption: '', x: 'm', y: 'weight_change', color: null, facet: null, log: { x: true, y: true },
  band: 'std', mark: 'line', at: 'final', theory: null, ...over,
});
const spec = { bindings: new Map() } as unknown as ReportSpec;

/** weight change = k·m^(−1/2)·(1 ± 0.05) for k = 1, 2 (colour `k`), two seeds. */
function records(): TidyRecord[] {
  return [1, 2].flatMap((k) => [16, 64, 256].flatMap((m) => [0, 1].map((seed) => ({
    cell: JSON.stringify([k, m, seed]), values: { k, m }, seed, step: 1, measurement: 'weight_change', value: k * m ** -0.5 * (seed ? 1.05 : 0.95),
  }))));
}

const line = (id: string, color: number, ys: number[]): LinePoint[] => ys.map((y, i) => ({ line: id, kind: 'infinite width', x: i + 1, y, color, facet: null }));

describe('theory with colour groups', () => {
  test('the fitted power laws of all colours are one caption sentence', () => {
    const f = buildFigure(chart({ color: 'k', theory: { kind: 'power_law', slope: -0.5 } }), 1, records(), spec);
    const fitNotes = f.notes.filter((n) => n.startsWith('Fitted'));
    expect(fitNotes).toHaveLength(1);
    expect(fitNotes[0]).toMatch(/^Fitted power laws, slope \(95% bootstrap interval over seeds\): 1 −0\.5 \(.*\); 2 −0\.5 \(.*\); dashed: the predicted slope −0\.5 through each group's data\.$/);
  });

  test('lines that agree across colours within 2% are drawn once, in ink; lines that differ keep their colours', () => {
    const agree = [...line('a', 16, [1, 0.5, 0.25]), ...line('b', 64, [1.01, 0.505, 0.251])];
    const merged = mergeCoincident(agree);
    expect(merged).toHaveLength(3);
    expect(merged.every((p) => p.color === null)).toBe(true);
    const differ = [...line('a', 16, [1, 0.5, 0.25]), ...line('b', 64, [1.2, 0.6, 0.3])];
    expect(mergeCoincident(differ)).toEqual(differ);
  });

  test('theory lines are drawn after (above) the bands, dashed by kind', () => {
    const f = buildFigure(chart({ color: 'k', theory: { kind: 'power_law', slope: -0.5 } }), 1, records(), spec);
    const layers = (f.vl as unknown as { layer: { mark: { type: string } | string; data?: unknown }[] }).layer;
    const kinds = layers.map((l) => (typeof l.mark === 'string' ? l.mark : l.mark.type));
    expect(kinds.indexOf('area')).toBeLessThan(kinds.lastIndexOf('line'));
    expect(layers[layers.length - 1]!.data).toBeDefined(); // the overlay layer, with its own data, last
  });
});

describe('revisions overlaid in a diff', () => {
  test('two sides are named before and after, and differ by dash with line symbols in the legend', () => {
    const sides = [{ label: 'a.lazy', records: records() }, { label: 'b.lazy', records: records() }];
    const f = buildOverlayFigure(chart({}), 1, sides);
    const json = JSON.stringify(f.vl);
    expect(json).toContain(JSON.stringify(MSG.sideLabel('a.lazy', true)));
    expect(json).toContain('"a.lazy (before)"');
    expect(json).toContain('"b.lazy (after)"');
    const line = (f.vl as unknown as { layer: { encoding: Record<string, { field?: string; legend?: { symbolType?: string } }> }[] }).layer[1]!;
    expect(line.encoding['strokeDash']!.field).toBe('revision');
    expect(line.encoding['strokeDash']!.legend!.symbolType).toBe('stroke');
    // With a colour of its own (color = k), the revisions still differ by dash.
    const colored = buildChart(chart({ color: 'k' }), { points: [], grid: [], lines: [], revisions: ['x', 'y'] });
    expect(JSON.stringify(colored)).toContain('"strokeDash":{"field":"revision"');
  });
});
