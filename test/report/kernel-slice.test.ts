// Charts along a recorded coordinate (`x = gamma` for `y = ntk_slice`): the checker accepts the
// coordinate only for a measurement recorded along it; the chart draws the seed means per angle
// at the step `at` selects; `theory = analytic` draws the analytic values dashed, or says why not.

import { expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { readReportSpec } from '../../src/report/spec.js';
import { buildFigures } from '../../src/report/render.js';
import { seedPoints } from '../../src/report/aggregate.js';
import type { RunResults, TidyRecord } from '../../src/run/results.js';
import { MSG } from '../../src/report/messages.js';
import { diagnose } from '../check/helpers.js';

const spec = (x: string, y: string, at = 'initial'): string => `experiment k { title = "t" }
sweep m = [8, 64]
seeds = 2
data d { source = teacher_student()  dim = 2  n_train = 8  n_test = 8 }
model mlp { hidden = [m]  parameterization = ntk  init = normal(std: 1) }
train { optimizer = gd(lr: 0.1)  steps = 20 }
measure { train_loss  ntk_slice(points: 3) }
report { chart slice { x = ${x}  y = ${y}  color = m  at = ${at}  theory = analytic } }
`;

const GAMMAS = [-Math.PI, 0, Math.PI];

function results(withAnalytic: boolean): RunResults {
  const records: TidyRecord[] = [];
  for (const m of [8, 64]) for (const seed of [0, 1]) for (const step of [0, 20]) {
    const base = { cell: `c${m}-${seed}`, values: { m }, seed, step };
    records.push({ ...base, measurement: 'train_loss', value: 1 - step / 40 });
    GAMMAS.forEach((gamma, i) => {
      records.push({ ...base, measurement: 'ntk_slice', value: 10 * step + i + seed + m / 100, coords: { gamma } });
      if (withAnalytic && step === 0) records.push({ ...base, measurement: 'ntk_slice_analytic', value: i + 0.5, coords: { gamma } });
    });
  }
  return { formatVersion: 1, experiment: 'k', profile: null, shard: null, totals: { cells: 4, cached: 0, trained: 4, diverged: 0, failed: 0, seconds: 0 }, backend: { name: 'cpu', version: '', threads: 1 }, cells: [], records };
}

it('checks `x = gamma` with y = ntk_slice, and refuses it with a measurement not recorded along gamma', () => {
  expect(diagnose(spec('gamma', 'ntk_slice'))).toEqual([]);
  const bad = diagnose(spec('gamma', 'train_loss'));
  expect(bad.map((d) => d.code)).toEqual(['E0201']);
  expect(bad[0]!.message).toContain('gamma');
});

it('draws one point per angle and width at the chosen step, the mean over seeds', () => {
  const item = readReportSpec(parseSpec(spec('gamma', 'ntk_slice')).spec, null).items[0]!;
  if (item.kind !== 'chart') throw new Error('expected a chart');
  const chart = item.chart;
  const init = seedPoints(results(true).records, chart);
  expect(init).toHaveLength(2 * 2 * 3);
  expect(new Set(init.map((p) => p.x))).toEqual(new Set(GAMMAS));
  expect(init.every((p) => p.y < 10)).toBe(true);
  const final = seedPoints(results(true).records, { ...chart, at: 'final' });
  expect(final.every((p) => p.y >= 200)).toBe(true);
  const [figure] = buildFigures(readReportSpec(parseSpec(spec('gamma', 'ntk_slice')).spec, null), results(true));
  // m = 8, γ = 0 (i = 1), step 0: mean over seeds 0 and 1 of 1 + seed + 0.08.
  expect(JSON.stringify(figure!.vl)).toContain('1.58');
});

it('draws the analytic slice dashed, or says it was not recorded', () => {
  const s = readReportSpec(parseSpec(spec('gamma', 'ntk_slice')).spec, null);
  const [drawn] = buildFigures(s, results(true));
  expect(drawn!.notes).toContain(MSG.analyticDrawn);
  const json = JSON.stringify(drawn!.vl);
  expect(json).toContain('analytic (infinite width)');
  expect(json).toContain('"line":"analytic');
  const [missing] = buildFigures(s, results(false));
  expect(missing!.notes).toContain(MSG.analyticMissing('ntk_slice'));
});

const gridSpec = (x: string, y: string): string => `experiment k { title = "t" }
sweep m = [8, 64]
seeds = 2
data d { source = teacher_student()  dim = 2  n_train = 8  n_test = 8 }
model mlp { hidden = [m]  parameterization = ntk  init = normal(std: 1) }
train { optimizer = gd(lr: 0.1)  steps = 20 }
measure { ntk_grid(points: 2) }
report { chart plane { x = ${x}  y = ${y}  color = ntk_grid  facet = m  mark = heatmap  at = initial } }
`;

it('charts ntk_grid as a heatmap over its coordinates u, v: the seed mean per grid point at the chosen step', async () => {
  expect(diagnose(gridSpec('u', 'v'))).toEqual([]);
  expect(diagnose(gridSpec('u', 'w')).map((d) => d.code)).toEqual(['E0201']);
  const { aggregateGrid } = await import('../../src/report/aggregate.js');
  const item = readReportSpec(parseSpec(gridSpec('u', 'v')).spec, null).items[0]!;
  if (item.kind !== 'chart') throw new Error('expected a chart');
  const records: TidyRecord[] = [];
  for (const m of [8, 64]) for (const seed of [0, 1]) for (const step of [0, 20]) for (const u of [-1, 1]) for (const v of [-1, 1]) {
    records.push({ cell: `c${m}-${seed}`, values: { m }, seed, step, measurement: 'ntk_grid', value: step + u + 10 * v + seed, coords: { u, v } });
  }
  const points = aggregateGrid(records, item.chart);
  expect(points).toHaveLength(8);
  // m = 8, (u, v) = (1, −1), step 0: mean over seeds 0 and 1 of 1 − 10 + seed = −8.5.
  expect(points.find((p) => p.facet === 8 && p.x === 1 && p.y === -1)?.v).toBe(-8.5);
  expect(aggregateGrid(records, { ...item.chart, at: 'final' }).every((p) => p.v > 0 || p.y === -1)).toBe(true);
});

it('a faceted heatmap draws one panel per facet value with a shared color scale (not the facets on top of each other)', async () => {
  const { buildChart } = await import('../../src/report/chart.js');
  const item = readReportSpec(parseSpec(gridSpec('u', 'v')).spec, null).items[0]!;
  if (item.kind !== 'chart') throw new Error('expected a chart');
  const grid = [8, 64].flatMap((m) => [-1, 1].map((u) => ({ x: u, y: 1, v: m + u, n: 2, facet: m })));
  const vl = buildChart(item.chart, { points: [], grid, lines: [] }) as unknown as { concat: { title: { text: string }; layer: { data: { values: { v: number }[] } }[] }[]; resolve: unknown };
  expect(vl.concat.map((p) => p.title.text)).toEqual(['width m = 8', 'width m = 64']);
  expect(vl.concat.map((p) => p.layer[0]!.data.values.map((r) => r.v))).toEqual([[7, 9], [63, 65]]);
  expect(vl.resolve).toEqual({ scale: { color: 'shared' } });
});
