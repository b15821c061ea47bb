// grammar/REFERENCE.md is generated from the checker's tables: the committed file matches a fresh
// generation, every table entry has its docs and example (and no doc names a thing the tables
// lack), and every example, embedded in a minimal spec, parses and checks without errors.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics, hasErrors } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { BLOCKS, CALLS } from '../../src/check/schema.js';
import { CLAIM_FUNCTIONS, MEASUREMENTS } from '../../src/check/catalogue.js';
import { MEASUREMENT_DOCS } from '../../src/check/docs.js';
import { CALL_EXAMPLES, CLAIM_EXAMPLES, FUNCTION_DOCS, SETTING_EXAMPLES, STATEMENTS, type Example } from '../../src/check/examples.js';
import { embedExample, embedStatement, shownExample, type ExampleHome } from '../../src/check/reference-example.js';
import { FAMILY_HOME, referenceMarkdown } from '../../src/check/reference.js';
import { FUNCTION_NAMES } from '../../src/plan/eval.js';
import type { DataFiles } from '../../src/plan/data-files.js';
import { ROOT } from './helpers.js';

const REFERENCE = join(ROOT, 'grammar/REFERENCE.md');

/** Data files as the checker would see them: any CSV has columns x1, x2 and a class label y; any CIFAR folder is complete. */
const FILES: DataFiles = {
  csv: () => ({ ok: true, header: ['x1', 'x2', 'y'], rows: 40, sha256: '0'.repeat(64), classes: { x1: null, x2: null, y: 2 } }),
  where: (p) => `/data/${p}`,
  cifar: () => ({ ok: true, sha256: '0'.repeat(64), train: new Array<number>(10).fill(5000), test: new Array<number>(10).fill(1000) }),
};

/** Errors of a spec text, parsed then checked as `lazylab check` does, printed for the failure message. */
function errorsOf(text: string): string {
  const parsed = parseSpec(text);
  const all = hasErrors(parsed.diagnostics) ? parsed.diagnostics : [...parsed.diagnostics, ...checkSpec(parsed.spec, { files: FILES })];
  return formatDiagnostics(all.filter((d) => d.severity === 'error'), 'example.lazy', text);
}

const cases: [string, ExampleHome, Example][] = [
  ...Object.entries(SETTING_EXAMPLES).flatMap(([block, table]) => Object.entries(table).map(([k, e]) => [`${block}.${k}`, block as ExampleHome, e] as [string, ExampleHome, Example])),
  ...Object.entries(CALL_EXAMPLES).flatMap(([family, table]) => Object.entries(table).map(([k, e]) => [`${family} ${k}`, FAMILY_HOME[family as keyof typeof CALLS], e] as [string, ExampleHome, Example])),
  ...Object.entries(MEASUREMENT_DOCS).map(([k, d]) => [`measure ${k}`, 'measure', d.example] as [string, ExampleHome, Example]),
  ...Object.entries(FUNCTION_DOCS).map(([k, d]) => [`function ${k}`, 'top', d.example] as [string, ExampleHome, Example]),
];

describe('grammar/REFERENCE.md', () => {
  it('is up to date with the tables: run `npm run grammar` when this fails', () => {
    expect(readFileSync(REFERENCE, 'utf8') === referenceMarkdown()).toBe(true);
  });

  it('documents every setting, constructor, measurement and output, claim function and expression function, and nothing else', () => {
    for (const [block, settings] of Object.entries(BLOCKS)) expect(Object.keys(SETTING_EXAMPLES[block] ?? {}).sort(), block).toEqual(Object.keys(settings).sort());
    for (const [family, calls] of Object.entries(CALLS)) expect(Object.keys(CALL_EXAMPLES[family] ?? {}).sort(), family).toEqual(Object.keys(calls).sort());
    expect(Object.keys(MEASUREMENT_DOCS).sort()).toEqual(Object.keys(MEASUREMENTS).sort());
    for (const [name, m] of Object.entries(MEASUREMENTS)) expect(Object.keys(MEASUREMENT_DOCS[name]!.outputs).sort(), name).toEqual([...m.outputs].sort());
    expect(Object.keys(FUNCTION_DOCS).sort()).toEqual([...FUNCTION_NAMES].sort());
    const text = referenceMarkdown();
    for (const name of [...Object.keys(MEASUREMENTS), ...Object.keys(CLAIM_FUNCTIONS)]) expect(text).toContain(`\`${name}`);
    expect(Object.keys(CLAIM_EXAMPLES).sort()).toEqual(Object.keys(CLAIM_FUNCTIONS).sort());
  });

  it.each(cases)('example of %s checks without errors in a minimal spec', (_, home, example) => {
    expect(errorsOf(embedExample(home, example))).toBe('');
  });

  it.each(Object.keys(CLAIM_FUNCTIONS))('example of the claim function %s checks without errors', (name) => {
    expect(errorsOf(embedExample('expect', CLAIM_EXAMPLES[name]!))).toBe('');
  });

  it.each(STATEMENTS.map((s) => [s.form, s.example]))('example of the statement %s checks without errors in a minimal spec', (_, example) => {
    expect(errorsOf(embedStatement(example))).toBe('');
  });

  it('the harness catches a bad example: a misspelt enum and a measurement that does not fit are errors', () => {
    expect(errorsOf(embedExample('model', 'activation = tanhh'))).toContain('tanhh');
    expect(errorsOf(embedExample('measure', 'frozen_pattern_accuracy'))).toContain('E0408');
  });

  it('shows every example as written, without its `-key` removals', () => {
    const text = referenceMarkdown();
    for (const [, , e] of cases) {
      const shown = shownExample(e);
      expect(shown).not.toMatch(/^-/m);
      for (const line of shown.split('\n')) expect(text).toContain(line);
    }
  });

  it('every lazy code block in it parses', () => {
    const blocks = [...readFileSync(REFERENCE, 'utf8').matchAll(/```lazy\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(50);
    for (const b of blocks) expect(parseSpec(b).diagnostics, b).toEqual([]);
  });
});
