// A fast-check generator of random valid specs written untidily: every statement kind,
// expressions with all operators (parenthesized where precedence needs it, and sometimes
// where it does not), nested calls, lists, strings with escapes, """ blocks, and comments and
// odd whitespace between any two tokens.

import fc from 'fast-check';

interface Ex { toks: string[]; prec: number }

const ATOM = 8;
// No soft keyword as a reference: `let m = model` then `train {` reads as a block `model train {`.
const names = fc.constantFrom('a', 'b', 'tau', 'm', 'lr', 'alpha', 'x_1', 'steps', 'relu');
const keys = fc.constantFrom('title', 'x', 'steps', 'lr', 'log', 'data', 'model', 'seeds', 'n_train');

const numberLit = fc.constantFrom('0', '1', '2', '10', '0.1', '2.5', '1e-3', '3E+2', '.5', '1.', '64', '128');
const stringPiece = fc.constantFrom('a', 'Z', ' ', 'é', '😀', '\\n', '\\t', '\\"', '\\\\', '\\u{41}', '\\u{1F600}', '\\0', '#', '%', '{');
const stringLit = fc.array(stringPiece, { maxLength: 6 }).map((ps) => `"${ps.join('')}"`);

const tripleLine = fc.tuple(
  fc.constantFrom('', '  ', '    ', '\t', '      '),
  fc.constantFrom('alpha beta', '$\\|w\\|$', '# Title', '', '  ', '*em*', 'x = 1 # not a comment', '\u00a0'),
).map(([ind, s]) => ind + s);
const tripleLit = fc
  .tuple(fc.boolean(), fc.array(tripleLine, { maxLength: 5 }), fc.constantFrom('', '  ', '\t'))
  .map(([inline, lines, close]) => `"""${inline ? '' : '\n'}${lines.join('\n')}\n${close}"""`);

const atom = (t: string): Ex => ({ toks: [t], prec: ATOM });

/** Parenthesizes when the slot needs a tighter binding, or when `extra` says so anyway. */
function wrap(e: Ex, need: number, extra: boolean): string[] {
  return e.prec < need || extra ? ['(', ...e.toks, ')'] : e.toks;
}

const BIN: [string, number][] = [['or', 1], ['and', 2], ['+', 4], ['-', 4], ['*', 5], ['/', 5]];

function commaList(items: string[][], trailing: boolean): string[] {
  const out = items.flatMap((it, i) => (i === 0 ? it : [',', ...it]));
  return trailing && items.length > 0 ? [...out, ','] : out;
}

const { expr } = fc.letrec<{ expr: Ex }>((tie) => {
  const sub = tie('expr');
  const extra = fc.nat(9).map((n) => n < 3); // redundant parentheses, 30% of the time
  const arg = fc.tuple(fc.option(names), sub).map(([n, v]) => (n ? [n, ':', ...v.toks] : v.toks));
  return {
    expr: fc.oneof(
      { maxDepth: 4, depthSize: 'small' },
      numberLit.map(atom), names.map(atom), stringLit.map(atom), tripleLit.map(atom),
      fc.tuple(fc.constantFrom(...BIN), sub, sub, extra).map(([[op, p], l, r, x]): Ex =>
        ({ toks: [...wrap(l, p, x), op, ...wrap(r, p + 1, false)], prec: p })),
      fc.tuple(sub, sub, extra).map(([l, r, x]): Ex => ({ toks: [...wrap(l, ATOM, x), '^', ...wrap(r, 6, false)], prec: 7 })),
      fc.tuple(fc.constantFrom('-', '+', 'not'), sub, extra).map(([op, e, x]): Ex => ({ toks: [op, ...wrap(e, 6, x)], prec: 6 })),
      fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>='), sub, sub, fc.option(fc.tuple(sub, fc.boolean())))
        .map(([op, l, r, tol]): Ex => {
          const within = tol ? ['within', ...wrap(tol[0], 4, false), ...(tol[1] ? ['%'] : [])] : [];
          return { toks: [...wrap(l, 4, false), op, ...wrap(r, 4, false), ...within], prec: 3 };
        }),
      fc.tuple(names, fc.array(arg, { maxLength: 3 }), fc.boolean())
        .map(([f, args, tr]): Ex => ({ toks: [f, '(', ...commaList(args, tr), ')'], prec: ATOM })),
      fc.tuple(fc.array(sub, { maxLength: 3 }), fc.boolean())
        .map(([items, tr]) => ({ toks: ['[', ...commaList(items.map((i) => i.toks), tr), ']'], prec: ATOM })),
    ),
  };
});

const value = expr.map((e) => e.toks);
const setting = fc.tuple(keys, value).map(([k, v]) => [k, '=', ...v]);
const body = fc.array(setting, { maxLength: 3 }).map((ss) => ['{', ...ss.flat(), '}']);
const named = (kw: string) => fc.tuple(names, body).map(([n, b]) => [kw, n, ...b]);
const letStmt = fc.tuple(names, value).map(([n, v]) => ['let', n, '=', ...v]);
const sweepStmt = fc.tuple(fc.array(names, { minLength: 1, maxLength: 3 }), fc.boolean(), value).map(([ns, paren, v]) => {
  const target = ns.length > 1 || paren ? ['(', ...commaList(ns.map((n) => [n]), false), ')'] : [ns[0]!];
  return ['sweep', ...target, '=', ...v];
});
const seedsStmt = value.map((v) => ['seeds', '=', ...v]);
const measureItem = fc.tuple(names, fc.option(fc.array(value, { maxLength: 2 })))
  .map(([n, args]) => (args ? [n, '(', ...commaList(args, false), ')'] : [n]));
const measure = fc.array(measureItem, { maxLength: 3 }).map((items) => ['measure', '{', ...items.flat(), '}']);
const textItem = fc.oneof(stringLit, tripleLit).map((s) => ['text', s]);
const report = fc.array(fc.oneof(named('chart'), textItem), { maxLength: 3 }).map((items) => ['report', '{', ...items.flat(), '}']);
const pathSetting = fc.tuple(fc.array(keys, { minLength: 1, maxLength: 3 }), value)
  .map(([path, v]) => [...path.flatMap((p, i) => (i ? ['.', p] : [p])), '=', ...v]);
const profile = fc.tuple(names, fc.array(fc.oneof(letStmt, sweepStmt, pathSetting), { maxLength: 3 }))
  .map(([n, es]) => ['profile', n, '{', ...es.flat(), '}']);

const statement = fc.oneof(
  named('experiment'), letStmt, letStmt, sweepStmt, seedsStmt, named('data'), named('model'),
  body.map((b) => ['train', ...b]), measure, named('expect'), report, profile,
);

const separator = fc.constantFrom(' ', ' ', ' ', '', '', '\n', '\n\n', '  \n    ', '\t', '\r\n', ' # note  \n', '\n# own line\n\n', '#c\n');

const wordy = (a: string, b: string): boolean => /[A-Za-z0-9_.]$/.test(a) && /^[A-Za-z0-9_.]/.test(b);

/** Joins tokens with the given separators, never gluing two tokens into one. */
function join(toks: string[], seps: string[]): string {
  let out = seps[0]!.trimStart();
  toks.forEach((t, i) => {
    const prev = toks[i - 1];
    let sep = i === 0 ? '' : seps[i]!;
    if (prev !== undefined && sep === '' && (wordy(prev, t) || (prev.endsWith('"') && t.startsWith('"')))) sep = ' ';
    out += sep + t;
  });
  return out + seps[toks.length]!;
}

/** Random valid spec text. */
export const validSpecText: fc.Arbitrary<string> = fc
  .array(statement, { maxLength: 6 })
  .map((ss) => ss.flat())
  .chain((toks) => fc.array(separator, { minLength: toks.length + 1, maxLength: toks.length + 1 }).map((seps) => join(toks, seps)));

/** Random expression text (valid on its own). */
export const exprText: fc.Arbitrary<string> = value.map((toks) => toks.join(' '));
