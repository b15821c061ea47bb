// Fixture folders of bad specs: test/fixtures/errors/<name>/spec.lazy with expected.txt, the
// exact text `lazylab check` prints for it (file name spec.lazy). An optional profile.txt plans
// that profile too; an optional known-bug.txt marks an expectation the front end does not meet
// yet (the test then asserts that it still fails, so a fix is noticed).
// UPDATE_FIXTURES=1 rewrites expected.txt from the current output: read every change.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasErrors, sortDiagnostics } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import { diagnose, errorFixtures, positionProblems, renderDiagnostics } from './helpers.js';

const UPDATE = process.env['UPDATE_FIXTURES'] === '1';
const fixtures = errorFixtures();
/** `spec.lazy:L:C: error[E…]: …`, or `spec.lazy: error[E…]: …` for what concerns the whole file. */
const HEAD = /^spec\.lazy:(?:(\d+):(\d+):)? (error|warning)\[([EW]\d{4})\]: (.+)$/;
/** The only codes about the file as a whole (a missing block, a profile named by the caller). */
const WHOLE_FILE = ['E0401', 'E0220'];

describe.each(fixtures)('fixture $name', (f) => {
  const actual = renderDiagnostics(f.source, f.profile);
  if (UPDATE && f.knownBug === null) writeFileSync(join(f.dir, 'expected.txt'), actual);
  const expected = UPDATE && f.knownBug === null ? actual : f.expected;

  if (f.knownBug === null) {
    it('prints exactly expected.txt', () => {
      expect(expected, 'expected.txt is missing: run with UPDATE_FIXTURES=1 and read it').not.toBeNull();
      expect(actual).toBe(expected);
    });
  } else {
    it.fails(`prints expected.txt (known bug: ${f.knownBug.trim().split('\n')[0]})`, () => {
      expect(actual).toBe(expected);
    });
  }

  it('expects at least one diagnostic, each with a code, a message and a position (unless about the whole file)', () => {
    const heads = (expected ?? '').split('\n').filter((l) => l.startsWith('spec.lazy:'));
    expect(heads.length).toBeGreaterThan(0);
    for (const h of heads) {
      const m = h.match(HEAD);
      expect(m, h).not.toBeNull();
      if (m![1] === undefined) expect(WHOLE_FILE, h).toContain(m![4]);
    }
  });

  it('exits 1 exactly when an error is expected (warnings alone exit 0)', () => {
    expect(hasErrors(diagnose(f.source, f.profile))).toBe((expected ?? '').includes(': error['));
  });

  it('gives every diagnostic and AST span a finite position inside the text', () => {
    expect(positionProblems(diagnose(f.source, f.profile), f.source)).toEqual([]);
  });
});

describe('the fixture set', () => {
  const heads = fixtures.flatMap((f) => (f.expected ?? '').split('\n').map((l) => l.match(HEAD)).filter((m) => m !== null));

  it('has at least 30 folders, each a distinct situation', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(new Set(fixtures.map((f) => f.source)).size).toBe(fixtures.length);
  });

  it('covers syntax, name, type, range, structure and fit errors and warnings', () => {
    const codes = new Set(heads.map((m) => m?.[4]));
    for (const code of [
      'E0101', 'E0102', 'E0103', 'E0104', 'E0105', 'E0107', // syntax
      'E0201', 'E0202', 'E0203', 'E0204', 'E0205', 'E0206', 'E0208', 'E0209', 'E0210', 'E0211', 'E0212', 'E0220', 'E0221', // names
      'E0305', 'E0310', 'E0311', 'E0312', 'E0321', 'E0327', 'E0328', // values
      'E0401', 'E0402', 'E0406', 'E0408', 'E0409', // structure and fit
      'W0501', 'W0502',
    ]) expect(codes, code).toContain(code);
    expect(codes.size).toBeGreaterThanOrEqual(40);
  });

  it('reports three syntax errors of one file in one pass', () => {
    const f = fixtures.find((x) => x.name === 'syntax-three-errors')!;
    const { diagnostics } = parseSpec(f.source);
    expect(sortDiagnostics(diagnostics).map((d) => `${d.span.start.line}:${d.span.start.col} ${d.code}`)).toEqual(["7:1 E0105", "10:15 E0101", "15:14 E0103"]);
  });
});
