// Sweep axes and seeds: each `sweep` evaluates to a list (or zipped tuples); the grid is
// their product, in the order the spec declares them.

import type { Diagnostic } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import { EvalError, evaluate, makeScope, type Value } from './eval.js';
import { nameRecord } from '../lang/lookup.js';
import * as M from '../messages/index.js';

export interface Axis {
  names: string[];
  /** One tuple per point; tuples have one entry per name. */
  points: (number | string)[][];
  span: import('../diagnostics.js').Span;
}

export function toDiagnostic(e: unknown, suffix = ''): Diagnostic {
  if (e instanceof EvalError) {
    const d: Diagnostic = { severity: 'error', code: e.code, message: e.message + suffix, span: e.span };
    return e.hint ? { ...d, hint: e.hint } : d;
  }
  throw e;
}

function scalar(v: Value, span: A.Expr['span'], name: string): number | string {
  if (typeof v === 'number' || typeof v === 'string') return v;
  throw new EvalError('E0329', M.sweepHoldsNonScalar(name, M.describeValue(v)), span);
}

export function evaluateAxis(s: A.SweepStatement, bindings: Map<string, A.Expr>): Axis {
  const v = evaluate(s.value, makeScope(bindings, {}));
  const label = s.names.join(', ');
  if (!Array.isArray(v)) throw new EvalError('E0315', M.mustBeList(M.sweepName(label), M.describeValue(v)), s.value.span, M.sweepListHint());
  if (v.length === 0) throw new EvalError('E0206', M.sweepEmpty(label), s.value.span, M.sweepEmptyHint());
  if (s.names.length === 1) return { names: s.names, points: v.map((x) => [scalar(x, s.value.span, label)]), span: s.span };
  const points = v.map((t) => {
    if (!Array.isArray(t) || t.length !== s.names.length) {
      throw new EvalError('E0330', M.sweepTuples(label, s.names.length), s.value.span, M.sweepTuplesHint(s.names.length));
    }
    return t.map((x) => scalar(x, s.value.span, label));
  });
  return { names: s.names, points, span: s.span };
}

/** The seeds of a plan: how many, and the list, built only once the grid's size is accepted. */
export interface Seeds {
  count: number;
  values: () => number[];
}

export function evaluateSeeds(s: A.SeedsStatement | undefined, bindings: Map<string, A.Expr>): Seeds {
  if (!s) return { count: 1, values: () => [0] };
  const v = evaluate(s.value, makeScope(bindings, {}));
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1) throw new EvalError('E0311', M.badSeedCount(v), s.value.span);
    // `seeds = 4294967296` is refused by its count (plan.ts) before any list is built.
    return { count: v, values: () => Array.from({ length: v }, (_, i) => i) };
  }
  if (!Array.isArray(v) || v.length === 0) throw new EvalError('E0206', M.seedsEmpty(), s.value.span, M.seedsEmptyHint());
  // In a written list, point at the offending item itself.
  const at = (i: number) => (s.value.kind === 'list' ? s.value.items[i]?.span : undefined) ?? s.value.span;
  const seeds = v.map((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw new EvalError('E0311', M.badSeed(M.describeValue(x)), at(i));
    return x;
  });
  // One pass with a map of first positions: an indexOf per seed is quadratic (a million seeds hung).
  const first = new Map<number, number>();
  for (let i = 0; i < seeds.length; i++) {
    const x = seeds[i]!;
    const j = first.get(x);
    if (j !== undefined) throw new EvalError('E0207', M.seedTwice(x), at(i), M.firstListedAsItem(j + 1));
    first.set(x, i);
  }
  return { count: seeds.length, values: () => seeds };
}

/** All points of the grid product, first axis outermost. */
export function gridPoints(axes: Axis[]): Record<string, number | string>[] {
  // Null-prototype records, so a variable named `__proto__` is a value like any other.
  let out: Record<string, number | string>[] = [nameRecord()];
  for (const axis of axes) {
    out = out.flatMap((base) => axis.points.map((tuple) => nameRecord([...Object.entries(base), ...axis.names.map((n, i) => [n, tuple[i]!] as const)])));
  }
  return out;
}
