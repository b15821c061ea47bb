// Properties of fmt on valid input (example specs and random untidy specs): the output parses
// to the same AST (up to spans), keeps every comment, and formatting again changes nothing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSpec } from '../../src/fmt/index.js';
import { parseSpec } from '../../src/lang/parse.js';
import { exampleSpecs, stripSpans } from '../lang/helpers.js';
import { exprText, validSpecText } from './gen-spec.js';

/** Drops indentation (outside """ blocks) and the spaces around the `=` of settings. */
function untidy(text: string): string {
  let inTriple = false;
  return text.split('\n').map((line) => {
    const out = inTriple ? line : line.trimStart().replace(/^([\w.]+) = /, '$1=');
    if ((line.match(/"""/g) ?? []).length % 2 === 1) inTriple = !inTriple;
    return out;
  }).join('\n');
}

/** Offsets of matching `(` `)` pairs that group (not calls), outside strings. */
function groupingParens(text: string): [number, number][] {
  const pairs: [number, number][] = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (text.startsWith('"""', i)) i = text.indexOf('"""', i + 3) + 2;
    else if (c === '"') i = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i))![0].length + i - 1;
    else if (c === '(') stack.push(/[\w]/.test(text[i - 1] ?? '') ? -1 : i);
    else if (c === ')') {
      const open = stack.pop()!;
      if (open >= 0) pairs.push([open, i]);
    }
  }
  return pairs;
}

/** Checks every fmt property on one valid text; returns the formatted text. */
function checkFormat(text: string): string {
  const before = parseSpec(text);
  expect(before.diagnostics).toEqual([]);
  const once = formatSpec(text).text;
  expect(once).not.toBeNull();
  const after = parseSpec(once!);
  expect(after.diagnostics).toEqual([]);
  expect(stripSpans(after.spec)).toEqual(stripSpans(before.spec));
  expect(formatSpec(once!).text).toBe(once);
  return once!;
}

describe('fmt on the example specs', () => {
  it.each(exampleSpecs())('$file: same AST, idempotent', ({ text }) => {
    checkFormat(text);
  });

  it('restores each example from a copy without indentation and with `=` glued', () => {
    for (const { text } of exampleSpecs()) {
      expect(checkFormat(untidy(text))).toBe(text);
    }
  });
});

describe('fmt on random valid specs', () => {
  it('keeps the AST and the comments, and is idempotent', () => {
    fc.assert(fc.property(validSpecText, (text) => {
      checkFormat(text);
    }), { numRuns: 400 });
  });

  it('prints expressions with only the parentheses they need', () => {
    fc.assert(fc.property(exprText, (src) => {
      const out = checkFormat(`let x = ${src}`);
      const ast = stripSpans(parseSpec(out).spec);
      for (const [open, close] of groupingParens(out)) {
        const dropped = out.slice(0, open) + out.slice(open + 1, close) + out.slice(close + 1);
        const r = parseSpec(dropped);
        if (r.diagnostics.length === 0) expect(stripSpans(r.spec)).not.toEqual(ast);
      }
    }), { numRuns: 300 });
  });
});
