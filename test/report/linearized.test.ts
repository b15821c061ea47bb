// `theory = linearized`: the linearized network's recorded loss drawn next to the network's
// (dashed, one line per series), or a caption saying it was not measured.

import { expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { readReportSpec } from '../../src/report/spec.js';
import { buildFigures } from '../../src/report/render.js';
import type { RunResults, TidyRecord } from '../../src/run/results.js';
import { MSG } from '../../src/report/messages.js';

const SPEC = `experiment lin { title = "t" }
sweep m = [8, 64]
seeds = 2
data d { source = gaussian()  dim = 3  n_train = 8 }
model mlp { hidden = [m] }
train { optimizer = gd(lr: 0.1)  steps = 20 }
measure { train_loss  linearization_gap }
report { chart loss { x = step  y = train_loss  color = m  theory = linearized } }
`;

function results(withLinearized: boolean): RunResults {
  const records: TidyRecord[] = [];
  for (const m of [8, 64]) for (const seed of [0, 1]) for (const step of [0, 10, 20]) {
    const base = { cell: `c${m}-${seed}`, values: { m }, seed, step };
    records.push({ ...base, measurement: 'train_loss', value: Math.exp(-step / 10) });
    if (withLinearized) records.push({ ...base, measurement: 'linearized_train_loss', value: Math.exp(-step / 12) + seed * 1e-3 });
  }
  return { formatVersion: 1, experiment: 'lin', profile: null, shard: null, totals: { cells: 4, cached: 0, trained: 4, diverged: 0, failed: 0, seconds: 0 }, backend: { name: 'cpu', version: '', threads: 1 }, cells: [], records };
}

it('draws the linearized trajectory as dashed lines, one per series, at the seed means', () => {
  const spec = readReportSpec(parseSpec(SPEC).spec, null);
  const [figure] = buildFigures(spec, results(true));
  const json = JSON.stringify(figure!.vl);
  expect(figure!.notes).toContain(MSG.linearizedDrawn);
  expect(json).toContain('linearized model');
  const lines = new Set<string>();
  JSON.parse(json, (key, value) => {
    if (key === 'line' && typeof value === 'string' && value.startsWith('linearized')) lines.add(value);
    return value;
  });
  // The linearized loss here is the same for both widths (colours): one line, drawn once in ink.
  expect(lines.size).toBe(1);
  // Seed mean at step 20 for m = 8: e^{-20/12} + 0.5e-3.
  expect(json).toContain(String(Math.exp(-20 / 12) + 0.5e-3).slice(0, 8));
});

it('says so in the caption when the linearized loss was not recorded', () => {
  const spec = readReportSpec(parseSpec(SPEC).spec, null);
  const [figure] = buildFigures(spec, results(false));
  expect(figure!.notes).toContain(MSG.linearizedMissing);
  expect(JSON.stringify(figure!.vl)).not.toContain('linearized model');
});
