// Robustness of parseSpec on arbitrary input: random token soup and random mutations of valid
// specs never throw, and every diagnostic and AST span has a real position inside the text.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { lazyLexer } from '../../src/lang/tokens.js';
import { validSpecText } from '../fmt/gen-spec.js';
import { allSpans, assertValidPositions, exampleSpecs, spanProblem } from './helpers.js';

/** Parses and checks every position; the test fails on a throw or a bad position. */
function checkParse(text: string): void {
  const { spec, diagnostics } = parseSpec(text);
  assertValidPositions(diagnostics, text);
  for (const s of allSpans(spec)) {
    const problem = spanProblem(s, text);
    if (problem) throw new Error(`AST span ${problem} in ${JSON.stringify(text)}`);
  }
}

const KEYWORDS = ['experiment', 'let', 'sweep', 'seeds', 'data', 'model', 'train', 'measure', 'expect',
  'report', 'profile', 'chart', 'text', 'within', 'and', 'or', 'not'];
const PUNCT = ['{', '}', '(', ')', '[', ']', ',', ':', '.', '%', '==', '!=', '<=', '>=', '<', '>', '=', '+', '-', '*', '/', '^'];
const OTHER = ['x', 'tau', 'lr', '0', '1.5', '1e-3', '.5', '"s"', '"a\\n"', '"bad\\q"', '"open', '"""md"""',
  '"""open', '# comment', '\n', '\r\n', '\r', ';', "'", '@', '//', '!', '\t', '\u00a0', '😀', '"""'];

const soupToken = fc.constantFrom(...KEYWORDS, ...PUNCT, ...OTHER);
const soup = fc.tuple(fc.array(soupToken, { maxLength: 40 }), fc.array(fc.constantFrom(' ', '', '\n'), { minLength: 40, maxLength: 40 }))
  .map(([toks, seps]) => toks.map((t, i) => t + seps[i]).join(''));

const examples = exampleSpecs().map((e) => e.text);

type Mutation = (text: string, a: number, b: number, piece: string) => string;

/** Character-level mutations: a and b are fractions of the text length. */
const charMutations: Mutation[] = [
  (t, a, b) => t.slice(0, pos(t, a)) + t.slice(pos(t, a) + 1 + Math.floor(b * 20)),
  (t, a, b) => t.slice(0, pos(t, a)) + t.slice(pos(t, a), pos(t, a) + 1 + Math.floor(b * 20)).repeat(2) + t.slice(pos(t, a) + 1 + Math.floor(b * 20)),
  (t, a, _b, piece) => t.slice(0, pos(t, a)) + piece + t.slice(pos(t, a)),
  (t, a, b) => {
    const [i, j] = [pos(t, a), pos(t, b)].sort((x, y) => x - y) as [number, number];
    return i === j ? t : t.slice(0, i) + t[j] + t.slice(i + 1, j) + t[i] + t.slice(j + 1);
  },
];

function pos(t: string, frac: number): number {
  return Math.min(t.length - 1, Math.max(0, Math.floor(frac * t.length)));
}

/** Token-level mutations: delete, duplicate, swap or insert whole tokens. */
function mutateTokens(text: string, a: number, b: number, piece: string, op: number): string {
  const toks = lazyLexer.tokenize(text).tokens;
  if (toks.length === 0) return piece;
  const i = Math.floor(a * toks.length) % toks.length;
  const j = Math.floor(b * toks.length) % toks.length;
  const ti = toks[i]!;
  const tj = toks[j]!;
  const cut = (s: string, from: number, to: number, ins: string): string => s.slice(0, from) + ins + s.slice(to);
  const endI = ti.endOffset! + 1;
  switch (op) {
    case 0: return cut(text, ti.startOffset, endI, '');
    case 1: return cut(text, ti.startOffset, ti.startOffset, `${ti.image} `);
    case 2: {
      if (i === j) return text;
      const [x, y] = i < j ? [ti, tj] : [tj, ti];
      const swapped = cut(text, y.startOffset, y.endOffset! + 1, x.image);
      return cut(swapped, x.startOffset, x.endOffset! + 1, y.image);
    }
    default: return cut(text, ti.startOffset, ti.startOffset, `${piece} `);
  }
}

const mutationArgs = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), soupToken);

describe('parseSpec never throws and positions stay real', () => {
  it('on random token soup', () => {
    fc.assert(fc.property(soup, checkParse), { numRuns: 1500 });
  });

  it('on random character mutations of the example specs', () => {
    const mutations = fc.array(fc.tuple(fc.nat(charMutations.length - 1), mutationArgs), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(fc.constantFrom(...examples), mutations, (text, ms) => {
      checkParse(ms.reduce((t, [k, [a, b, p]]) => (t.length ? charMutations[k]!(t, a, b, p) : p), text));
    }), { numRuns: 600 });
  });

  it('on random token mutations of example and generated specs', () => {
    const base = fc.oneof(fc.constantFrom(...examples), validSpecText);
    const mutations = fc.array(fc.tuple(fc.nat(3), mutationArgs), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(base, mutations, (text, ms) => {
      checkParse(ms.reduce((t, [op, [a, b, p]]) => mutateTokens(t, a, b, p, op), text));
    }), { numRuns: 600 });
  });

  it('on the example specs cut at 150 places each', () => {
    for (const text of examples) {
      const step = Math.ceil(text.length / 150);
      for (let i = 0; i <= text.length; i += step) checkParse(text.slice(0, i));
    }
    expect(true).toBe(true);
  });
});
