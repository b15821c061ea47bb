// Shared helpers for the checker, planner and CLI tests: the diagnostics of a spec text the way
// `lazylab check` computes them, position sanity checks, and the fixture and example folders.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostics, hasErrors, type Diagnostic, type Position } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { planSpec } from '../../src/plan/plan.js';

export const ROOT = join(import.meta.dirname, '../..');
export const SPEC_DIR = join(ROOT, 'specs');
export const ERROR_FIXTURES = join(ROOT, 'test/fixtures/errors');

/**
 * Parse, then check when the parse has no error (as `lazylab check` does); with a profile, the
 * profile is planned too (as `lazylab plan --profile P` does) when the check found no error.
 */
export function diagnose(source: string, profile: string | null = null): Diagnostic[] {
  const { spec, diagnostics } = parseSpec(source);
  if (hasErrors(diagnostics)) return diagnostics;
  const all = [...diagnostics, ...checkSpec(spec)];
  if (profile === null || hasErrors(all)) return all;
  return [...all, ...planSpec(spec, { profile }).diagnostics];
}

/** The text a fixture's expected.txt holds: every diagnostic, formatted, under the name spec.lazy. */
export function renderDiagnostics(source: string, profile: string | null = null): string {
  const text = formatDiagnostics(diagnose(source, profile), 'spec.lazy', source);
  return text === '' ? '' : `${text}\n`;
}

function positionProblem(p: Position, text: string): string | null {
  if (![p.line, p.col, p.offset].every(Number.isFinite)) return `non-finite ${JSON.stringify(p)}`;
  if (p.line < 1 || p.col < 1 || p.offset < 0) return `below the start ${JSON.stringify(p)}`;
  if (p.offset > text.length) return `offset ${p.offset} past the end (${text.length})`;
  const lines = text.split(/\r\n|\r|\n/);
  if (p.line > lines.length) return `line ${p.line} past ${lines.length} lines`;
  return null;
}

/** Problems with the positions of some diagnostics (empty when all are finite and inside the text). */
export function positionProblems(ds: readonly Diagnostic[], text: string): string[] {
  return ds.flatMap((d) => {
    const p = positionProblem(d.span.start, text) ?? positionProblem(d.span.end, text);
    return p ? [`${d.code} ${d.message}: ${p}`] : [];
  });
}

export interface Fixture {
  name: string;
  dir: string;
  source: string;
  expected: string | null;
  profile: string | null;
  /** Why the current output is known to be wrong (the expectation says what is right). */
  knownBug: string | null;
}

const readOr = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

export function errorFixtures(): Fixture[] {
  return readdirSync(ERROR_FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(ERROR_FIXTURES, name);
      return {
        name,
        dir,
        source: readFileSync(join(dir, 'spec.lazy'), 'utf8'),
        expected: readOr(join(dir, 'expected.txt')),
        profile: readOr(join(dir, 'profile.txt'))?.trim() ?? null,
        knownBug: readOr(join(dir, 'known-bug.txt')),
      };
    });
}

export function exampleSpecs(): { file: string; path: string; text: string }[] {
  return readdirSync(SPEC_DIR)
    .filter((f) => f.endsWith('.lazy'))
    .sort()
    .map((file) => ({ file, path: join(SPEC_DIR, file), text: readFileSync(join(SPEC_DIR, file), 'utf8') }));
}
