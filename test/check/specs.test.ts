// Every example spec in specs/ (globbed, so a new spec is covered by adding the file) parses and
// checks with no error (warnings allowed), and every one of its profiles plans.

import { describe, expect, it } from 'vitest';
import { formatDiagnostics, hasErrors } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { csvDimsRelativeTo, planSpec } from '../../src/plan/index.js';
import { profileNames } from '../../src/plan/profile.js';
import { exampleSpecs } from './helpers.js';

const specs = exampleSpecs();

it('finds the example specs', () => {
  expect(specs.map((s) => s.file)).toContain('quickstart.lazy');
});

describe.each(specs)('specs/$file', ({ file, path, text }) => {
  const { spec, diagnostics } = parseSpec(text);

  it('parses and checks with no error', () => {
    const all = [...diagnostics, ...checkSpec(spec, { csvDims: csvDimsRelativeTo(path) })];
    const errors = all.filter((d) => d.severity === 'error');
    expect(formatDiagnostics(errors, `specs/${file}`, text)).toBe('');
    expect(hasErrors(all)).toBe(false);
  });

  it.each([null, ...profileNames(spec)])('plans with profile %s', (profile) => {
    const planned = planSpec(spec, { profile, csvDims: csvDimsRelativeTo(path) });
    expect(formatDiagnostics(planned.diagnostics, `specs/${file}`, text)).toBe('');
    expect(planned.plan?.cells.length).toBeGreaterThan(0);
  });
});
