// End to end: the issue-4 fixture spec (NTK change, linearization gap, κ across widths, 3 seeds)
// is planned, executed into a temporary directory, and its expectations evaluated. Checks the
// structure: every measurement recorded in every cell, fitted slopes with bootstrap intervals, a
// verdict with numbers for each expectation. Only robust verdicts are asserted.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { parseSpec } from '../../../src/lang/parse.js';
import { loadPlanFromFile } from '../../../src/plan/index.js';
import { applyProfile } from '../../../src/plan/profile.js';
import { executePlan } from '../../../src/run/index.js';
import { evaluateExpectations, strictExitCode } from '../../../src/theory/expect.js';

const SPEC = join(import.meta.dirname, '../../fixtures/specs/kernels.lazy');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('kernels.lazy plans, runs, and every expectation gets a verdict with its numbers', async () => {
  const loaded = await loadPlanFromFile(SPEC, { profile: null, force: false });
  expect(loaded.report).toBe('');
  const plan = loaded.plan!;
  expect(plan.cells).toHaveLength(20);
  const dir = mkdtempSync(join(tmpdir(), 'lazylab-kernels-'));
  dirs.push(dir);
  const results = await executePlan(plan, { outDir: dir, jobs: 1 });
  expect(results.cells.every((c) => c.status === 'ok' && c.notes.length === 0)).toBe(true);
  for (const name of ['ntk_change', 'ntk_lambda_min', 'ntk_condition', 'ntk_predicted_rate', 'linearization_gap', 'linearization_gap_test', 'kappa']) {
    const cells = new Set(results.records.filter((r) => r.measurement === name && r.value !== null).map((r) => r.cell));
    expect(cells.size, name).toBe(20);
  }

  const spec = applyProfile(parseSpec(loaded.source).spec, null).spec;
  const verdicts = Object.fromEntries(evaluateExpectations(spec, results).map((v) => [v.name, v]));
  expect(Object.keys(verdicts)).toEqual(['lee_weights', 'lee_ntk', 'lee_gap', 'chizat_kappa', 'linear_rate', 'trains']);
  for (const name of ['lee_weights', 'lee_ntk', 'lee_gap']) {
    const v = verdicts[name]!;
    expect(v.measured.value, name).toBeLessThan(0);
    expect(v.measured.interval, name).not.toBeNull();
    expect(v.predicted).toBe(-0.5);
    expect(v.detail).toMatch(/95% seed-bootstrap interval .* \(5 seeds\)/);
  }
  for (const v of Object.values(verdicts)) expect(['pass', 'fail', 'inconclusive']).toContain(v.verdict);
  expect(verdicts['linear_rate']!.compared!.value).toBeGreaterThan(0);
  expect(verdicts['trains']!.verdict).toBe('pass');
  expect(verdicts['lee_weights']!.verdict).toBe('pass');
  expect([0, 1]).toContain(strictExitCode(Object.values(verdicts)));
  // Print the table once for the record (visible with --reporter verbose).
  console.log(Object.values(verdicts).map((v) => `${v.name}: ${v.verdict} — ${v.detail}`).join('\n'));
}, 120_000);
