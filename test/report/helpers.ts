// Hand-made results for the report tests: the cells of a fixture spec's plan with
// measurements from closed formulas (weight change ∝ m^(−1/2), loss decaying with the step),
// so the report's numbers are known without training anything.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSpec } from '../../src/lang/parse.js';
import { planSpec } from '../../src/plan/index.js';
import { logSteps } from '../../src/run/train/schedule.js';
import { RESULTS_FORMAT_VERSION, type CellSummary, type RunResults, type TidyRecord } from '../../src/run/results.js';
import type { ExpectationVerdict } from '../../src/theory/verdict.js';
import type { DiffSide, Environment } from '../../src/report/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/report/', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('../../test-output/report/', import.meta.url));

export function fixtureSpec(name: string): string {
  return readFileSync(join(FIXTURES, 'tiny', name), 'utf8');
}

const BACKEND = { name: 'cpu' as const, version: '4.22.0', threads: 1 };

/** Results for every cell of the spec's plan; `lrScale` shifts the numbers (a changed spec). */
export function makeResults(source: string, opts: { lrScale?: number; diverge?: boolean; profile?: string } = {}): RunResults {
  const { plan } = planSpec(parseSpec(source).spec, { profile: opts.profile ?? null });
  if (!plan) throw new Error('fixture spec does not plan');
  const k = opts.lrScale ?? 1;
  const records: TidyRecord[] = [];
  const cells: CellSummary[] = plan.cells.map((c, i) => {
    const m = Number(c.values['m']);
    const noise = 1 + 0.04 * (c.seed - 1) + 0.01 * ((i * 7) % 3);
    const names = c.measure.map((x) => x.name);
    const T = c.train.steps;
    for (const step of logSteps(c.train.log, T)) {
      const base = { cell: c.hash, values: c.values, seed: c.seed, step };
      const loss = 0.3 * Math.exp((-k * step * 8) / (4 * T)) * (1 + 8 / m) * noise;
      records.push({ ...base, measurement: 'train_loss', value: loss });
      if (names.includes('test_loss')) records.push({ ...base, measurement: 'test_loss', value: 1.2 * loss });
      records.push({ ...base, measurement: 'weight_change', value: (0.9 * k * step / T) * m ** -0.5 * noise });
      const layers = c.model.hidden.length + 1;
      for (let l = 1; l <= layers; l++) records.push({ ...base, measurement: 'weight_change', layer: l, value: (0.5 * step / T) * m ** -0.5 / l });
    }
    const diverged = opts.diverge === true && i === 0;
    return {
      hash: c.hash, index: c.index, values: c.values, seed: c.seed, status: diverged ? 'diverged' : 'ok', steps: c.train.steps,
      ...(diverged ? { reason: 'loss 3.1e7 above 1e6 × the initial loss at step 6', divergedAt: 6 } : {}),
      notes: [], seconds: 0.25 + 0.01 * i, stepsPerSecond: 32, backend: BACKEND, cached: i % 2 === 0,
    };
  });
  const cached = cells.filter((c) => c.cached).length;
  return {
    formatVersion: RESULTS_FORMAT_VERSION, experiment: plan.experiment, profile: null, shard: null,
    totals: { cells: cells.length, cached, trained: cells.length - cached, diverged: opts.diverge ? 1 : 0, failed: 0, seconds: 2.5 },
    backend: BACKEND, cells, records,
  };
}

export function verdict(over: Partial<ExpectationVerdict> = {}): ExpectationVerdict {
  return {
    name: 'lee', claim: 'slope(weight_change, m) == -0.5 within 0.1', source: 'Lee et al. 2019',
    says: 'Relative weight change falls like m^(-1/2).', figure: null, predicted: -0.5,
    tolerance: { value: 0.1, relative: false },
    measured: { value: -0.49, interval: [-0.53, -0.46] }, verdict: 'pass',
    detail: 'log-log slope −0.49, 95% interval [−0.53, −0.46] contains −0.5 within 0.1.',
    ...over,
  };
}

export const ENV: Environment = { lazylab: '0.0.0-test', node: 'v20.0.0', cpu: 'Test CPU (2 cores)', git: { commit: '0123456789abcdef0123456789abcdef01234567', dirty: false } };
export const DATE = '2025-01-02T03:04:05.000Z';

/** Rounds long decimals (SVG coordinates) so the golden files do not hang on the last float digit. */
export function normalize(html: string): string {
  return html.replace(/(\d+\.\d\d)\d+/g, '$1').replace(/[ \t]+$/gm, '');
}

/** The tiny fixture before (a) and after (b) an edit, with a verdict that flips. */
export function tinySides(): DiffSide[] {
  const a = fixtureSpec('a.lazy'), b = fixtureSpec('b.lazy');
  return [
    { label: 'a.lazy', source: a, results: makeResults(a), verdicts: [verdict()] },
    { label: 'b.lazy', source: b, results: makeResults(b, { lrScale: 0.5 }), verdicts: [verdict({ verdict: 'fail', measured: { value: -0.2, interval: [-0.3, -0.1] } })] },
  ];
}
