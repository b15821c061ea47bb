// What a claim predicts, as the theory table prints it: the relation with its bound (`≤ −0.4`,
// `−0.5 ± 0.15`, `≠ 0`), an interval for `y >= a and y <= b` (`[a, b]`), the direction of a
// monotone claim, or the relation in front of the other measured side. Read from the claim's
// canonical text (every verdict stores it), so results written before this existed print too.

import type * as A from '../lang/ast.js';
import { parseSpec } from '../lang/parse.js';
import { printExpr } from '../fmt/expr.js';
import { esc, fmtNum } from './escape.js';

export type Relation =
  | { kind: 'compare'; op: A.CompareOp; negated: boolean; bound: number | null; text: string; tolerance: { value: number; relative: boolean } | null }
  | { kind: 'interval'; low: number; high: number; lowOpen: boolean; highOpen: boolean }
  | { kind: 'monotone'; up: boolean; x: string };

const SYMBOL: Record<A.CompareOp, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '==': '', '!=': '≠' };

/** The claim's expression, parsed from its canonical text, or null when it does not parse. */
function claimExpr(claim: string): A.Expr | null {
  if (!claim.trim()) return null;
  const { spec, diagnostics } = parseSpec(`expect e {\n  claim = ${claim}\n}\n`);
  const block = spec.statements[0];
  if (diagnostics.some((d) => d.severity === 'error') || block?.kind !== 'expect') return null;
  return block.settings.find((s) => s.path[0] === 'claim')?.value ?? null;
}

/** A plain number written in the claim (`0.5`, `-0.4`), else null. */
function numberOf(e: A.Expr): number | null {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'unary' && e.op === '-') {
    const v = numberOf(e.operand);
    return v === null ? null : -v;
  }
  return null;
}

function compareOf(e: A.CompareExpr, negated: boolean): Relation {
  const t = e.tolerance ? numberOf(e.tolerance.value) : null;
  const tolerance = t === null || !e.tolerance ? null : { value: e.tolerance.percent ? t / 100 : t, relative: e.tolerance.percent };
  return { kind: 'compare', op: e.op, negated, bound: numberOf(e.right), text: printExpr(e.right, 0), tolerance };
}

/** `y >= a and y <= b` (either order, strict or not) as the interval [a, b] of the same y. */
function intervalOf(e: A.BinaryExpr): Relation | null {
  if (e.op !== 'and' || e.left.kind !== 'compare' || e.right.kind !== 'compare') return null;
  const [a, b] = [e.left, e.right];
  if (a.tolerance || b.tolerance || printExpr(a.left, 0) !== printExpr(b.left, 0)) return null;
  const lower = [a, b].find((c) => c.op === '>' || c.op === '>='), upper = [a, b].find((c) => c.op === '<' || c.op === '<=');
  const low = lower ? numberOf(lower.right) : null, high = upper ? numberOf(upper.right) : null;
  if (!lower || !upper || low === null || high === null) return null;
  return { kind: 'interval', low, high, lowOpen: lower.op === '>', highOpen: upper.op === '<' };
}

/** The relation a claim states: of its first comparison (the one whose sides the table shows). */
export function relationOf(claim: string): Relation | null {
  const walk = (e: A.Expr, negated: boolean): Relation | null => {
    if (e.kind === 'compare') return compareOf(e, negated);
    if (e.kind === 'call' && (e.callee === 'decreasing' || e.callee === 'increasing')) {
      const x = e.args.filter((a) => a.name === null)[1]?.value;
      return { kind: 'monotone', up: e.callee === 'increasing', x: x ? printExpr(x, 0) : '' };
    }
    if (e.kind === 'unary' && e.op === 'not') return walk(e.operand, !negated);
    if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) return (!negated && intervalOf(e)) || walk(e.left, negated);
    return null;
  };
  const e = claimExpr(claim);
  return e ? walk(e, false) : null;
}

/**
 * The prediction as HTML: the relation and its bound (the evaluator's `predicted` when the claim
 * names a constant), or the relation in front of `compared` (the other side's measured cell).
 */
export function predictionHtml(r: Relation | null, predicted: number | null, compared: string | null): string {
  if (!r) return predicted !== null ? fmtNum(predicted) : compared ?? '—';
  if (r.kind === 'monotone') return `${r.up ? 'increasing' : 'decreasing'} in <code>${esc(r.x)}</code>`;
  if (r.kind === 'interval') return `${r.lowOpen ? '(' : '['}${fmtNum(r.low)}, ${fmtNum(r.high)}${r.highOpen ? ')' : ']'}`;
  const bound = r.bound ?? predicted;
  const symbol = r.op === '==' && !r.tolerance ? '=' : SYMBOL[r.op];
  const not = r.negated ? 'not ' : '';
  const rhs = compared !== null ? compared : bound !== null ? fmtNum(bound) : `<code>${esc(r.text)}</code>`;
  const tol = r.tolerance ? ` ± ${r.tolerance.relative ? `${fmtNum(r.tolerance.value * 100)}%` : fmtNum(r.tolerance.value)}` : '';
  return `${not}${symbol ? `${esc(symbol)} ` : ''}${rhs}${tol}`;
}
