// Sweep axes and seeds: each `sweep` evaluates to a list (or zipped tuples); the grid is
// their product, in the order the spec declares them.

import type { Diagnostic } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import { EvalError, evaluate, makeScope, describeValue, type Value } from './eval.js';

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
  throw new EvalError('E0329', `sweep \`${name}\` holds ${describeValue(v)}; expected numbers or strings`, span);
}

export function evaluateAxis(s: A.SweepStatement, bindings: Map<string, A.Expr>): Axis {
  const v = evaluate(s.value, makeScope(bindings, {}));
  const label = s.names.join(', ');
  if (!Array.isArray(v)) throw new EvalError('E0315', `sweep \`${label}\` must be a list, found ${describeValue(v)}`, s.value.span, 'e.g. [64, 128], range(…), linspace(…), logspace(…) or zip(…)');
  if (v.length === 0) throw new EvalError('E0206', `sweep \`${label}\` is empty`, s.value.span, 'give at least one value');
  if (s.names.length === 1) return { names: s.names, points: v.map((x) => [scalar(x, s.value.span, label)]), span: s.span };
  const points = v.map((t) => {
    if (!Array.isArray(t) || t.length !== s.names.length) {
      throw new EvalError('E0330', `sweep (${label}) needs tuples of ${s.names.length} values`, s.value.span, `use zip with ${s.names.length} lists`);
    }
    return t.map((x) => scalar(x, s.value.span, label));
  });
  return { names: s.names, points, span: s.span };
}

export function evaluateSeeds(s: A.SeedsStatement | undefined, bindings: Map<string, A.Expr>): number[] {
  if (!s) return [0];
  const v = evaluate(s.value, makeScope(bindings, {}));
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1) throw new EvalError('E0311', `seeds must be a positive count, found ${v}`, s.value.span);
    return Array.from({ length: v }, (_, i) => i);
  }
  if (!Array.isArray(v) || v.length === 0) throw new EvalError('E0206', 'seeds is empty', s.value.span, 'e.g. seeds = 5 or seeds = [0, 1, 2]');
  // In a written list, point at the offending item itself.
  const at = (i: number) => (s.value.kind === 'list' ? s.value.items[i]?.span : undefined) ?? s.value.span;
  const seeds = v.map((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw new EvalError('E0311', `a seed must be a non-negative integer, found ${describeValue(x)}`, at(i));
    return x;
  });
  const dup = seeds.findIndex((x, i) => seeds.indexOf(x) !== i);
  if (dup >= 0) throw new EvalError('E0207', `seed ${seeds[dup]} is listed twice`, at(dup), `first listed as item ${seeds.indexOf(seeds[dup]!) + 1}`);
  return seeds;
}

/** All points of the grid product, first axis outermost. */
export function gridPoints(axes: Axis[]): Record<string, number | string>[] {
  let out: Record<string, number | string>[] = [{}];
  for (const axis of axes) {
    out = out.flatMap((base) => axis.points.map((tuple) => {
      const next = { ...base };
      axis.names.forEach((n, i) => (next[n] = tuple[i]!));
      return next;
    }));
  }
  return out;
}
