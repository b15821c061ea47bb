// Every committed report's verdicts are what the evaluator computes from its committed results:
// for each reports/NAME/ we parse the spec the run used (reports/NAME/spec.lazy, written by
// `lazylab run` beside results.json), apply the run's profile (quick for the reproductions, none
// for the quickstart), re-evaluate every claim and control on reports/NAME/results.json and
// compare with the verdicts stored there. Nothing is trained and nothing is timed, so the test
// holds whenever the reports were regenerated, as long as results and verdicts came from one run.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { applyProfile } from '../../src/plan/profile.js';
import { readResults } from '../../src/run/results.js';
import { evaluateExpectations } from '../../src/theory/expect.js';

const root = join(__dirname, '..', '..');
const reportsDir = join(root, 'reports');
const shipped = readdirSync(join(root, 'specs')).filter((f) => f.endsWith('.lazy')).map((f) => f.replace(/\.lazy$/, ''));
const reported = readdirSync(reportsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(reportsDir, d.name, 'results.json')))
  .map((d) => d.name)
  .sort();

/** JSON as stored: drops undefined fields and turns non-finite numbers into null, as results.json does. */
const asStored = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('committed reports', () => {
  it('include at least one shipped spec, and every report belongs to a shipped spec', () => {
    expect(reported.length).toBeGreaterThan(0);
    for (const name of reported) expect(shipped, `reports/${name} has no specs/${name}.lazy`).toContain(name);
  });

  describe.each(reported)('reports/%s', (name) => {
    it('stores the verdicts its spec and results give', () => {
      const results = readResults(join(reportsDir, name, 'results.json'));
      const { spec, diagnostics } = parseSpec(readFileSync(join(reportsDir, name, 'spec.lazy'), 'utf8'));
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const profiled = applyProfile(spec, results.profile ?? null);
      expect(profiled.diagnostics).toEqual([]);
      const verdicts = evaluateExpectations(profiled.spec, results);
      const stored = results.expectations ?? [];
      const expects = spec.statements.filter((s) => s.kind === 'expect').length;
      expect(stored.length, 'every expect block has a stored verdict').toBe(expects);
      expect(asStored(verdicts)).toEqual(asStored(stored));
    });
  });
});
