// `theory = infinite_width`: the infinite-width network's recorded loss (infinite_train_loss from
// the infinite_width measurement) drawn dashed next to the network's, or a caption saying it was
// not measured; the checker knows the theory name.

import { expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { readReportSpec } from '../../src/report/spec.js';
import { buildFigures } from '../../src/report/render.js';
import type { RunResults, TidyRecord } from '../../src/run/results.js';
import { MSG } from '../../src/report/messages.js';
import { diagnose } from '../check/helpers.js';

const SPEC = `experiment inf { title = "t" }
sweep m = [8, 64]
seeds = 2
data d { source = teacher_student()  dim = 3  n_train = 8  n_test = 8 }
model mlp { hidden = [m]  parameterization = ntk  init = normal(std: 1) }
train { optimizer = gd(lr: 0.1)  steps = 20 }
measure { test_loss  infinite_width }
report { chart loss { x = step  y = test_loss  color = m  theory = infinite_width } }
`;

function results(withInfinite: boolean): RunResults {
  const records: TidyRecord[] = [];
  for (const m of [8, 64]) for (const seed of [0, 1]) for (const step of [0, 10, 20]) {
    const base = { cell: `c${m}-${seed}`, values: { m }, seed, step };
    records.push({ ...base, measurement: 'test_loss', value: Math.exp(-step / 10) });
    if (withInfinite) records.push({ ...base, measurement: 'infinite_test_loss', value: Math.exp(-step / 12) + seed * 1e-3 });
  }
  return { formatVersion: 1, experiment: 'inf', profile: null, shard: null, totals: { cells: 4, cached: 0, trained: 4, diverged: 0, failed: 0, seconds: 0 }, backend: { name: 'cpu', version: '', threads: 1 }, cells: [], records };
}

it('checks without diagnostics', () => {
  expect(diagnose(SPEC)).toEqual([]);
});

it('draws the infinite-width test loss dashed, one line per colour where they differ, at the seed means', () => {
  const spec = readReportSpec(parseSpec(SPEC).spec, null);
  const [figure] = buildFigures(spec, results(true));
  const vl = figure!.vl as unknown as { layer?: unknown[] };
  const json = JSON.stringify(vl);
  expect(figure!.notes).toContain(MSG.infiniteDrawn);
  const lines = new Set<string>();
  let dash: { domain: string[]; range: number[][] } | null = null;
  JSON.parse(json, (key, value) => {
    if (key === 'line' && typeof value === 'string' && value.startsWith('infinite width')) lines.add(value);
    if (key === 'scale' && value?.domain?.includes?.('infinite width')) dash = value;
    return value;
  });
  // The infinite-width loss here is the same for both widths (colours): one line, drawn once in ink.
  expect(lines.size).toBe(1);
  expect(dash).not.toBeNull();
  const d = dash as unknown as { domain: string[]; range: number[][] };
  expect(d.range[d.domain.indexOf('infinite width')]).toEqual([6, 4]);
  // Seed mean at step 20 for m = 8: e^{-20/12} + 0.5e-3.
  expect(json).toContain(String(Math.exp(-20 / 12) + 0.5e-3).slice(0, 8));
});

it('says so in the caption when the infinite-width loss was not recorded', () => {
  const spec = readReportSpec(parseSpec(SPEC).spec, null);
  const [figure] = buildFigures(spec, results(false));
  expect(figure!.notes).toContain(MSG.infiniteMissing);
  expect(JSON.stringify(figure!.vl)).not.toContain('infinite width');
});
