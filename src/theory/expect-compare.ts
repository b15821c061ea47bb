// One comparison of a claim, `lhs OP rhs [within tol | within p%]`, to a verdict with its numbers.
//
// Scalars (a number, or a statistic with an optional interval): the point estimate decides a pass;
// a fail needs the whole interval on the wrong side; a point estimate on the wrong side with part
// of the interval on the right side is inconclusive. A fitted slope or rate without an interval
// (one seed) is inconclusive whatever its value. `==` means within the band
// [p − t, p + t] (t = tol, or tol·|p| for a percentage; t = 0 without `within`); `<`/`>` are
// loosened by t. Per-cell values (final, initial, best) pair cells by hash and pass only when
// every cell holds; the detail counts the cells that do not.

import type { CompareOp } from '../lang/ast.js';
import type { CellData } from './expect-data.js';
import type { ClaimValue } from './expect-functions.js';
import type { MeasuredValue, Verdict } from './verdict.js';

export interface Tol { value: number; relative: boolean }

export interface ComparisonTruth {
  verdict: Verdict;
  detail: string;
  leaf: { measured: MeasuredValue; predicted: number | null; tolerance: Tol | null } | null;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/** Whether v satisfies `v OP p` with tolerance t. */
function holds(op: CompareOp, v: number, p: number, t: number): boolean {
  switch (op) {
    case '==': return Math.abs(v - p) <= t;
    case '!=': return Math.abs(v - p) > t;
    case '<': return v < p + t;
    case '<=': return v <= p + t;
    case '>': return v > p - t;
    case '>=': return v >= p - t;
  }
}

/** Whether some point of [lo, hi] satisfies `v OP p` (t: tolerance). */
function someHolds(op: CompareOp, lo: number, hi: number, p: number, t: number): boolean {
  switch (op) {
    case '==': return hi >= p - t && lo <= p + t;
    case '!=': return lo < p - t || hi > p + t;
    case '<': case '<=': return holds(op, lo, p, t);
    case '>': case '>=': return holds(op, hi, p, t);
  }
}

function scalar(v: ClaimValue): { value: number; interval: [number, number] | null; note?: string; fitted: boolean; what: string } | null {
  if (v.kind === 'number') return { value: v.value, interval: null, fitted: false, what: fmt(v.value) };
  if (v.kind === 'stat') return { value: v.value, interval: v.interval, ...(v.intervalNote ? { note: v.intervalNote } : {}), fitted: v.fitted, what: v.what };
  return null;
}

function bandText(op: CompareOp, p: number, t: number, tol: Tol | null): string {
  const within = tol ? ` within ${tol.relative ? `${fmt(tol.value * 100)}% (±${fmt(t)})` : fmt(t)}` : '';
  return `${op} ${fmt(p)}${within}`;
}

function compareScalars(op: CompareOp, lhs: NonNullable<ReturnType<typeof scalar>>, p: number, tol: Tol | null): ComparisonTruth {
  const t = tol ? (tol.relative ? tol.value * Math.abs(p) : tol.value) : 0;
  const measured: MeasuredValue = { value: lhs.value, interval: lhs.interval, ...(lhs.note ? { intervalNote: lhs.note } : {}) };
  const leaf = { measured, predicted: p, tolerance: tol };
  const iv = lhs.interval ? `, 95% interval [${fmt(lhs.interval[0])}, ${fmt(lhs.interval[1])}]` : lhs.note ? ` (${lhs.note})` : '';
  const head = `${lhs.what} = ${fmt(lhs.value)}${iv}; claim ${bandText(op, p, t, tol)}`;
  if (lhs.fitted && !lhs.interval) {
    return { verdict: 'inconclusive', detail: `${head}: a fitted exponent needs an interval over seeds`, leaf };
  }
  if (holds(op, lhs.value, p, t)) return { verdict: 'pass', detail: `${head}: the estimate satisfies it`, leaf };
  if (lhs.interval && someHolds(op, lhs.interval[0], lhs.interval[1], p, t)) {
    return { verdict: 'inconclusive', detail: `${head}: the estimate does not, but part of the interval does`, leaf };
  }
  return { verdict: 'fail', detail: `${head}: ${lhs.interval ? 'the whole interval is outside' : 'it does not hold'}`, leaf };
}

function describeCell(cells: CellData[], hash: string): string {
  const c = cells.find((x) => x.hash === hash);
  if (!c) return hash.slice(0, 8);
  const parts = Object.entries(c.values).map(([k, v]) => `${k}=${v}`);
  return `(${[...parts, `seed=${c.seed}`].join(', ')})`;
}

function comparePerCell(op: CompareOp, lhs: ClaimValue, rhs: ClaimValue, tol: Tol | null, cells: CellData[]): ComparisonTruth {
  const keys = lhs.kind === 'cells' ? [...lhs.values.keys()] : [...(rhs as { values: Map<string, number> }).values.keys()];
  const at = (v: ClaimValue, k: string): number | undefined => (v.kind === 'cells' ? v.values.get(k) : (v as { value: number }).value);
  const failed: string[] = [];
  for (const k of keys) {
    const a = at(lhs, k), b = at(rhs, k);
    if (a === undefined || b === undefined) return { verdict: 'inconclusive', detail: `cell ${describeCell(cells, k)} has no value on one side`, leaf: null };
    const t = tol ? (tol.relative ? tol.value * Math.abs(b) : tol.value) : 0;
    if (!holds(op, a, b, t)) failed.push(`${describeCell(cells, k)}: ${fmt(a)} vs ${fmt(b)}`);
  }
  const what = `${lhs.kind === 'cells' ? lhs.what : 'value'} ${op} ${rhs.kind === 'cells' ? rhs.what : fmt((rhs as { value: number }).value)}`;
  if (!failed.length) return { verdict: 'pass', detail: `${what} holds in all ${keys.length} cells`, leaf: null };
  const shown = failed.slice(0, 3).join('; ') + (failed.length > 3 ? '; …' : '');
  return { verdict: 'fail', detail: `${what} fails in ${failed.length} of ${keys.length} cells: ${shown}`, leaf: null };
}

/** The verdict of `lhs OP rhs [within tol]`. */
export function compareValues(op: CompareOp, lhs: ClaimValue, rhs: ClaimValue, tol: Tol | null, cells: CellData[]): ComparisonTruth {
  for (const v of [lhs, rhs]) {
    if (v.kind === 'undecided') return { verdict: 'inconclusive', detail: v.reason, leaf: null };
    if (v.kind === 'truth') return { verdict: 'inconclusive', detail: 'a claim compared as a value', leaf: null };
  }
  if (lhs.kind === 'cells' || rhs.kind === 'cells') return comparePerCell(op, lhs, rhs, tol, cells);
  const a = scalar(lhs)!, b = scalar(rhs)!;
  const truth = compareScalars(op, a, b.value, tol);
  if (rhs.kind === 'stat') truth.detail += ` (right-hand side: ${b.what}${b.note ? `, ${b.note}` : ''})`;
  return truth;
}
