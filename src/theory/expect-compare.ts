// One comparison of a claim, `lhs OP rhs [within tol | within p%]`, to a verdict with its numbers.
//
// The test: a paired seed bootstrap of the difference d = lhs − rhs (resample whole seeds with
// replacement, recompute both sides on the same draw, 2000 resamples, 95 % percentile interval;
// expect-stats.ts). `==` means |d| ≤ t (t = tol, or tol·|rhs| for a percentage; 0 without
// `within`), `!=` means |d| > t, `<`/`<=` mean d < t, `>`/`>=` mean d > −t. The rule:
// **pass** when every point of the interval of d satisfies the claim, **fail** when none does,
// **inconclusive** otherwise. Below MIN_SEEDS seeds the interval is only the range of the
// per-seed values: the claim cannot pass on it (inconclusive), and fails only when every seed
// violates it. Two plain numbers compare exactly.

import type { CompareOp } from '../lang/ast.js';
import type { ClaimValue } from './expect-functions.js';
import { combine, constantStat, describeInterval, intervalOf, MIN_SEEDS, pointOf, type SeedInterval, type Stat } from './expect-stats.js';
import type { MeasuredValue, Verdict } from './verdict.js';

export interface Tol { value: number; relative: boolean }

export interface ComparisonTruth {
  verdict: Verdict;
  detail: string;
  leaf: { measured: MeasuredValue; compared: MeasuredValue | null; difference: MeasuredValue | null; predicted: number | null; tolerance: Tol | null } | null;
}

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

/** Whether the difference d satisfies `lhs OP rhs` with tolerance t. */
function holds(op: CompareOp, d: number, t: number): boolean {
  switch (op) {
    case '==': return Math.abs(d) <= t;
    case '!=': return Math.abs(d) > t;
    case '<': case '<=': return d < t || (op === '<=' && d <= t);
    case '>': case '>=': return d > -t || (op === '>=' && d >= -t);
  }
}

/** Whether every point of [lo, hi] satisfies the claim (the sets are intervals, so the ends decide, except for `!=`). */
function allHold(op: CompareOp, lo: number, hi: number, t: number): boolean {
  if (op === '!=') return lo > t || hi < -t;
  return holds(op, lo, t) && holds(op, hi, t);
}

function noneHolds(op: CompareOp, lo: number, hi: number, t: number): boolean {
  if (op === '==') return lo > t || hi < -t;
  if (op === '!=') return lo >= -t && hi <= t;
  return !holds(op, lo, t) && !holds(op, hi, t);
}

/** A claim value as recorded in the verdict: point estimate, interval and what it is. */
export function measuredOf(s: Stat, what = s.what): MeasuredValue {
  const iv = intervalOf(s);
  const value = pointOf(s);
  return {
    value: Number.isFinite(value) ? value : null,
    interval: iv ? [iv.low, iv.high] : null,
    intervalKind: iv?.kind ?? null,
    seeds: s.seeds.length,
    what,
    ...(iv ? {} : { intervalNote: s.seeds.length ? 'no interval (the statistic is undefined on single seeds)' : 'a constant' }),
    ...(s.note ? { note: s.note } : {}),
  };
}

function asStat(v: ClaimValue): Stat | null {
  if (v.kind === 'number') return constantStat(v.value);
  return v.kind === 'stat' ? v : null;
}

function sideText(s: Stat): string {
  const iv = s.seeds.length ? `, ${describeInterval(intervalOf(s))}` : '';
  return `${s.what} = ${fmt(pointOf(s))}${iv}${s.note ? ` (${s.note})` : ''}`;
}

function judge(op: CompareOp, iv: SeedInterval | null, t: number): { verdict: Verdict; why: string } {
  if (!iv) return { verdict: 'inconclusive', why: 'no interval over seeds, so no evidence either way' };
  if (iv.kind === 'range') {
    if (noneHolds(op, iv.low, iv.high, t)) return { verdict: 'fail', why: `every one of ${iv.seeds} seeds violates it` };
    return { verdict: 'inconclusive', why: `only ${iv.seeds} seed${iv.seeds === 1 ? '' : 's'} (fewer than ${MIN_SEEDS}): a range, not a confidence interval, cannot pass a claim` };
  }
  if (allHold(op, iv.low, iv.high, t)) return { verdict: 'pass', why: 'the whole interval of the difference satisfies it' };
  if (noneHolds(op, iv.low, iv.high, t)) return { verdict: 'fail', why: 'the whole interval of the difference violates it' };
  return { verdict: 'inconclusive', why: 'the interval of the difference straddles the claim: the seeds do not separate the two sides' };
}

/** The verdict of `lhs OP rhs [within tol]`. */
export function compareValues(op: CompareOp, lhs: ClaimValue, rhs: ClaimValue, tol: Tol | null): ComparisonTruth {
  for (const v of [lhs, rhs]) {
    if (v.kind === 'undecided') return { verdict: 'inconclusive', detail: v.reason, leaf: null };
    if (v.kind === 'truth') return { verdict: 'inconclusive', detail: 'a claim compared as a value', leaf: null };
  }
  const a = asStat(lhs)!, b = asStat(rhs)!;
  const p = pointOf(b);
  const t = tol ? (tol.relative ? tol.value * Math.abs(p) : tol.value) : 0;
  const d = combine(a, b, (x, y) => x - y, 'difference');
  const constant = !a.seeds.length && !b.seeds.length;
  const dv = pointOf(d);
  const iv = constant ? { low: dv, high: dv, kind: 'bootstrap' as const, seeds: 0 } : intervalOf(d);
  const { verdict, why } = judge(op, iv, t);
  const within = tol ? ` within ${tol.relative ? `${fmt(tol.value * 100)}% (±${fmt(t)})` : fmt(t)}` : '';
  const paired = a.seeds.length && b.seeds.length ? 'paired ' : '';
  const diff = constant ? '' : `; difference ${fmt(dv)}, ${paired}${describeInterval(iv)}`;
  const detail = `${sideText(a)}; claim ${op} ${b.seeds.length ? sideText(b) : fmt(p)}${within}${diff}: ${why}`;
  const leaf = {
    measured: measuredOf(a), compared: b.seeds.length ? measuredOf(b) : null,
    difference: constant ? null : measuredOf(d, `${a.what} − ${b.what}`),
    predicted: b.seeds.length ? null : p, tolerance: tol,
  };
  return { verdict, detail, leaf };
}
