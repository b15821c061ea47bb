// Unit tests of parseSpec: operator precedence and associativity, literals and escapes,
// """ dedent, sweep targets, error recovery (all errors reported, at the right line:col).

import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import type { Expr, LetStatement, SweepStatement } from '../../src/lang/ast.js';
import { allSpans, assertValidPositions, spanProblem } from './helpers.js';

/** The value of `let x = <src>`, as a compact s-expression. */
function sexpr(src: string): string {
  const { spec, diagnostics } = parseSpec(`let x = ${src}\n`);
  expect(diagnostics).toEqual([]);
  return show((spec.statements[0] as LetStatement).value);
}

function show(e: Expr): string {
  switch (e.kind) {
    case 'number': return e.raw;
    case 'string': return JSON.stringify(e.value);
    case 'ref': return e.name;
    case 'call': return `${e.callee}(${e.args.map((a) => (a.name ? `${a.name}: ` : '') + show(a.value)).join(' ')})`;
    case 'list': return `[${e.items.map(show).join(' ')}]`;
    case 'unary': return `(${e.op} ${show(e.operand)})`;
    case 'binary': return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'compare': {
      const tol = e.tolerance ? ` within ${show(e.tolerance.value)}${e.tolerance.percent ? '%' : ''}` : '';
      return `(${e.op} ${show(e.left)} ${show(e.right)}${tol})`;
    }
    case 'missing': return '?';
  }
}

const at = (d: { span: { start: { line: number; col: number } } }): string => `${d.span.start.line}:${d.span.start.col}`;

describe('precedence and associativity', () => {
  it.each([
    ['-2^2', '(- (^ 2 2))'],
    ['2^-1', '(^ 2 (- 1))'],
    ['2^3^2', '(^ 2 (^ 3 2))'],
    ['(2^3)^2', '(^ (^ 2 3) 2)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a - (b - c)', '(- a (- b c))'],
    ['a / b * c', '(* (/ a b) c)'],
    ['a + b * c', '(+ a (* b c))'],
    ['0.1 / tau^2', '(/ 0.1 (^ tau 2))'],
    ['-a * b', '(* (- a) b)'],
    ['not a and b or c', '(or (and (not a) b) c)'],
    ['a or b and c', '(or a (and b c))'],
    ['a + 1 == b * 2', '(== (+ a 1) (* b 2))'],
    ['s == -0.5 within 0.15', '(== s (- 0.5) within 0.15)'],
    ['x <= y within 20%', '(<= x y within 20%)'],
    ['min(10, 0.1 / tau^2)', 'min(10 (/ 0.1 (^ tau 2)))'],
    ['normal(std: tau)', 'normal(std: tau)'],
    ['[1, [2, 3], f()]', '[1 [2 3] f()]'],
  ])('%s', (src, tree) => {
    expect(sexpr(src)).toBe(tree);
  });
});

describe('literals', () => {
  it('keeps the raw text of numbers and reads exponents', () => {
    const e = parseSpec('let x = 1e-3').spec.statements[0] as LetStatement;
    expect(e.value).toMatchObject({ kind: 'number', value: 0.001, raw: '1e-3' });
    expect(sexpr('2.5E+2 + .5 + 3.')).toBe('(+ (+ 2.5E+2 .5) 3.)');
  });

  it('decodes string escapes', () => {
    expect(sexpr(String.raw`"a\"b\\c\nd\te\u{1F600}\0"`)).toBe(JSON.stringify('a"b\\c\nd\te\u{1F600}\0'));
  });

  it('reports an unknown escape as E0104 at its column', () => {
    const { diagnostics } = parseSpec('let s = "ab\\qc"');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'E0104', span: { start: { line: 1, col: 12 }, end: { col: 14 } } });
  });

  it('reports a bad escape on a later line at its column', () => {
    const { diagnostics } = parseSpec('let a = 1\n  let s = "\\u{zz}"');
    expect(diagnostics.map((d) => `${d.code} ${at(d)}`)).toEqual(['E0104 2:12']);
  });

  it('dedents """ blocks and drops their blank first and last lines', () => {
    const text = 'let t = """\n      # Title\n\n        indented\n      end   \n   """\n';
    const e = (parseSpec(text).spec.statements[0] as LetStatement).value;
    expect(e).toMatchObject({ kind: 'string', triple: true, value: '# Title\n\n  indented\nend' });
  });

  it('keeps backslashes in """ blocks as written', () => {
    const e = (parseSpec('let t = """$\\|w\\|$"""').spec.statements[0] as LetStatement).value;
    expect(e).toMatchObject({ value: '$\\|w\\|$' });
  });
});

describe('statements', () => {
  it('reads zipped sweep targets', () => {
    const { spec, diagnostics } = parseSpec('sweep (alpha, lr) = zip([1, 10], [0.1, 0.01])\nsweep m = [64, 128]');
    expect(diagnostics).toEqual([]);
    const [zipped, single] = spec.statements as SweepStatement[];
    expect(zipped!.names).toEqual(['alpha', 'lr']);
    expect(zipped!.nameSpans.map((s) => s.start.col)).toEqual([8, 15]);
    expect(show(zipped!.value)).toBe('zip([1 10] [0.1 0.01])');
    expect(single!.names).toEqual(['m']);
  });

  it('lets soft keywords serve as setting keys and profile paths', () => {
    const { spec, diagnostics } = parseSpec('profile p {\n  seeds = 1\n  train.steps = 2\n  data.sphere.n = 3\n}\n');
    expect(diagnostics).toEqual([]);
    expect(spec.statements[0]).toMatchObject({
      kind: 'profile',
      entries: [{ path: ['seeds'] }, { path: ['train', 'steps'] }, { path: ['data', 'sphere', 'n'] }],
    });
  });
});

describe('error recovery', () => {
  it('reports three separate syntax errors at their line:col', () => {
    const text = 'experiment e {\n  a = 1\n  b = (2\n}\nlet c = 3 3\nmodel m { x = = 1 }\n';
    const { diagnostics } = parseSpec(text);
    expect(diagnostics.map(at)).toEqual(['3:7', '5:11', '6:15']);
    assertValidPositions(diagnostics, text);
  });

  it('reports errors in three statements in a row', () => {
    const text = 'let a = 1 +\nlet b = * 2\ndata x { y = }\n';
    expect(parseSpec(text).diagnostics.map((d) => `${d.code} ${at(d)}`)).toEqual(['E0105 2:1', 'E0105 2:9', 'E0105 3:14']);
  });

  it('reports an unclosed """ block once, at its opening quotes', () => {
    const { diagnostics } = parseSpec('let a = 1\nlet t = """abc\n  more }\n\n');
    expect(diagnostics.map((d) => `${d.code} ${at(d)}-${d.span.end.col}`)).toEqual(['E0107 2:9-12']);
  });

  it('reports an unclosed string once, up to the end of its line', () => {
    const { diagnostics } = parseSpec('let x = "abc def, 1 + ) \nlet y = 1');
    expect(diagnostics.map((d) => `${d.code} ${at(d)}-${d.span.end.col}`)).toEqual(['E0102 1:9-25']);
  });

  it('words trailing input after a statement as an unexpected token', () => {
    const { diagnostics } = parseSpec('let c = 3 3\nlet d = 4');
    expect(diagnostics.map((d) => d.message)).toEqual(['unexpected `3`: expected a statement']);
  });

  it.each([
    'let a = 1 +',
    'data {',
    'sweep (a, b = 1',
    'model m { x = f(1, }',
    'report { chart { } text }',
    'measure { a( }',
    'let = \n\n',
    '{{{{',
    ')',
    'profile p { a. = 1 }',
    'expect e { c = a == b within }',
  ])('invented tokens get real positions: %j', (text) => {
    const { spec, diagnostics } = parseSpec(text);
    expect(diagnostics.length).toBeGreaterThan(0);
    assertValidPositions(diagnostics, text);
    for (const s of allSpans(spec)) expect(spanProblem(s, text)).toBeNull();
  });
});
