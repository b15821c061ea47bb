// Nesting limits (issue 9): an expression nested deeper than the parser's explicit counter
// allows, or deeper than the later stages accept, is one diagnostic with a position, never a
// stack overflow; just under the limits everything still parses, checks and formats.

import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { MAX_NESTING } from '../../src/lang/parser.js';
import { MAX_EXPR_DEPTH } from '../../src/lang/build-expr.js';
import { formatSpec } from '../../src/fmt/index.js';
import { checkSpec } from '../../src/check/index.js';
import * as M from '../../src/messages/index.js';
import { assertValidPositions } from './helpers.js';

const deep = {
  'unclosed (': (n: number) => `let a = ${'('.repeat(n)}1`,
  'nested ()': (n: number) => `let a = ${'('.repeat(n)}1${')'.repeat(n)}`,
  'nested calls': (n: number) => `let a = ${'f('.repeat(n)}1${')'.repeat(n)}`,
  'unclosed [': (n: number) => `let a = ${'['.repeat(n)}`,
  'unary -': (n: number) => `let a = ${'-'.repeat(n)}1`,
  'not': (n: number) => `let a = ${'not '.repeat(n)}1`,
  '^': (n: number) => `let a = 1${'^1'.repeat(n)}`,
  'mixed': (n: number) => `let a = ${'(-f(['.repeat(Math.ceil(n / 4))}`,
};

/** Where the first token of nesting level `level` starts, for each shape above. */
describe('nesting deeper than MAX_NESTING', () => {
  for (const [name, make] of Object.entries(deep)) {
    it(`${name}: one E0108 diagnostic at the token that opens the level too many`, () => {
      for (const n of [MAX_NESTING + 1, 200, 1500]) {
        const text = make(n);
        const { spec, diagnostics } = parseSpec(text);
        assertValidPositions(diagnostics, text);
        expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toContain(`E0108 ${M.nestedTooDeeply(MAX_NESTING)}`);
        expect(spec.statements).toEqual([]);
        expect(formatSpec(text).text).toBeNull();
      }
    });
  }

  it('points at the opening token of the level beyond the limit', () => {
    const text = `let ok = 1\nlet a = ${'('.repeat(MAX_NESTING + 5)}1`;
    const d = parseSpec(text).diagnostics.find((x) => x.code === 'E0108')!;
    expect(d.span.start).toEqual({ line: 2, col: 9 + MAX_NESTING, offset: 11 + 8 + MAX_NESTING });
    expect(d.span.end.offset).toBe(d.span.start.offset + 1);
  });

  it('up to MAX_NESTING levels, every shape parses (closed) and formats back to itself', () => {
    const closed = [
      `let a = ${'('.repeat(MAX_NESTING - 1)}1${')'.repeat(MAX_NESTING - 1)}\n`,
      `let a = ${'f('.repeat(MAX_NESTING)}1${')'.repeat(MAX_NESTING)}\n`,
      `let a = ${'['.repeat(MAX_NESTING)}1${']'.repeat(MAX_NESTING)}\n`,
      `let a = ${'-'.repeat(MAX_NESTING)}1\n`,
      `let a = 1${'^1'.repeat(MAX_NESTING)}\n`,
    ];
    for (const text of closed) {
      expect(parseSpec(text).diagnostics).toEqual([]);
      const once = formatSpec(text).text!;
      expect(formatSpec(once).text).toBe(once);
    }
  });

  it('the counter is reset between parses and after an error inside nested brackets', () => {
    const shallow = `let a = ${'('.repeat(MAX_NESTING - 1)}1${')'.repeat(MAX_NESTING - 1)}\n`;
    parseSpec(deep['unclosed ('](500));
    const broken = Array.from({ length: 30 }, () => `let b = ((((1 +\n`).join('');
    parseSpec(broken);
    expect(parseSpec(`${broken}${shallow}`).diagnostics.map((d) => d.code)).not.toContain('E0108');
    expect(parseSpec(shallow).diagnostics).toEqual([]);
  });
});

describe('long flat chains', () => {
  const chain = (n: number) => `let a = 1${' + 1'.repeat(n - 1)}\n`;

  it(`a chain of ${MAX_EXPR_DEPTH - 1} operations parses, checks and formats (fmt walks the chain in a loop)`, () => {
    const text = chain(MAX_EXPR_DEPTH);
    const { spec, diagnostics } = parseSpec(text);
    expect(diagnostics).toEqual([]);
    expect(() => checkSpec(spec)).not.toThrow();
    expect(formatSpec(text).text).toBe(text);
  });

  it('a longer chain is one E0108 diagnostic on the expression, and the rest of the spec is kept', () => {
    for (const n of [MAX_EXPR_DEPTH + 1, 4000, 20_000]) {
      const text = `let b = 2\n${chain(n)}`;
      const { spec, diagnostics } = parseSpec(text);
      assertValidPositions(diagnostics, text);
      expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([`E0108 ${M.expressionTooLong(MAX_EXPR_DEPTH)}`]);
      expect(diagnostics[0]!.span.start.line).toBe(2);
      expect(spec.statements.map((s) => s.kind)).toEqual(['let', 'let']);
      expect(() => checkSpec(spec)).not.toThrow();
    }
  });
});
