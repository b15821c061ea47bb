// Chart axes as readers of one cell: a swept variable (`m`), a measurement (`test_loss`, at the
// chart's `at` step), or an expression of both (`alpha * sqrt(m)`, `1 - test_accuracy`),
// evaluated with the spec's own evaluator on the cell's values and its measurements at that
// step. Also the axis title of such an expression, written as math (α·√m, 1 − test accuracy).

import type * as A from '../lang/ast.js';
import type { TidyRecord } from '../run/results.js';
import { evaluate, makeScope, type Value } from '../plan/eval.js';
import { pickAt, type Key } from './aggregate.js';
import { MEASUREMENT_LABELS, mathText, symbolOf, titleOf } from './labels.js';
import type { At, ChartDef } from './spec.js';

export interface CellRows { values: Record<string, Key>; seed: number; rows: TidyRecord[] }

export interface AxisReader {
  /** The measurements this axis reads (the cell must have recorded them). */
  measures: string[];
  /** The axis value of one cell at a step (`at`), or null when it cannot be computed. */
  read(c: CellRows, at: At): Key | null;
}

/** Names an expression refers to, in order, once each. */
export function namesIn(e: A.Expr, out: string[] = []): string[] {
  if (e.kind === 'ref' && !out.includes(e.name)) out.push(e.name);
  else if (e.kind === 'unary') namesIn(e.operand, out);
  else if (e.kind === 'binary' || e.kind === 'compare') { namesIn(e.left, out); namesIn(e.right, out); }
  else if (e.kind === 'call') e.args.forEach((a) => namesIn(a.value, out));
  else if (e.kind === 'list') e.items.forEach((i) => namesIn(i, out));
  return out;
}

function variable(c: CellRows, name: string): Key | null {
  return name === 'seed' ? c.seed : c.values[name] ?? null;
}

function evalAxis(e: A.Expr, c: CellRows, measures: string[], at: At, bindings: Map<string, A.Expr>): number | null {
  const values: Record<string, Value> = { ...c.values, seed: c.seed };
  for (const m of measures) {
    const v = pickAt(c.rows, m, at);
    if (v === null) return null;
    values[m] = v;
  }
  try {
    const v = evaluate(e, makeScope(bindings, values));
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  } catch {
    return null; // a cell the expression is undefined for (log of 0, a missing value) is left out
  }
}

/** How to read one axis: `measured` holds the names of the measurements in the records. */
export function axisReader(name: string, expr: A.Expr | null, measured: ReadonlySet<string>, bindings: Map<string, A.Expr> = new Map()): AxisReader {
  if (expr) {
    const measures = namesIn(expr).filter((n) => measured.has(n));
    return { measures, read: (c, at) => evalAxis(expr, c, measures, at, bindings) };
  }
  if (measured.has(name)) return { measures: [name], read: (c, at) => pickAt(c.rows, name, at) };
  return { measures: [], read: (c) => variable(c, name) };
}

/** The variables the x axis stands for: a cell's series leaves them out (its points lie along x). */
export function xVariables(chart: ChartDef): string[] {
  if (!chart.exprs?.x) return [chart.x];
  return namesIn(chart.exprs.x).filter((n) => n !== chart.color && n !== chart.facet);
}

// ── Titles ──────────────────────────────────────────────────────────────────────────────────

const PRECEDENCE: Record<string, number> = { or: 0, and: 0, '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 };
const OPS: Record<string, string> = { '+': ' + ', '-': ' − ', '*': '·', '/': '/', and: ' and ', or: ' or ' };

/** A name inside a formula: variables by their symbol, measurements by their words. */
function term(name: string): string {
  return Object.prototype.hasOwnProperty.call(MEASUREMENT_LABELS, name) ? name.replace(/_/g, ' ') : symbolOf(name);
}

function math(e: A.Expr, outer = 0): string {
  switch (e.kind) {
    case 'number': return e.raw.replace(/^-/, '−');
    case 'ref': return term(e.name);
    case 'unary': return `${e.op === '-' ? '−' : e.op === '+' ? '+' : 'not '}${math(e.operand, 3)}`;
    case 'call': {
      const args = e.args.map((a) => math(a.value)).join(', ');
      if (e.callee === 'sqrt') return e.args[0]?.value.kind === 'ref' || e.args[0]?.value.kind === 'number' ? `√${args}` : `√(${args})`;
      return `${e.callee}(${args})`;
    }
    case 'binary': {
      const p = PRECEDENCE[e.op] ?? 0;
      const text = e.op === '^' ? `${math(e.left, 5)}^(${math(e.right)})` : `${math(e.left, p)}${OPS[e.op]}${math(e.right, p + 1)}`;
      return p < outer ? `(${text})` : text;
    }
    default: return '…';
  }
}

/** An expression written as math for a reader (α·τ², 1 − test accuracy). */
export function exprMath(e: A.Expr): string {
  return mathText(math(e));
}

/** A title in lines of at most about `px` pixels (12 px text): vega draws an array as lines, not an ellipsis. */
export function wrapTitle(title: string, px: number): string | string[] {
  const max = Math.max(12, Math.floor(px / 6.6));
  if (title.length <= max) return title;
  // Words, with a norm or absolute value (‖w_t − w_0‖, |x − y|) kept whole.
  const words: string[] = [];
  for (const w of title.split(' ')) {
    const open = words.length > 0 && (words[words.length - 1]!.split(/[‖|]/).length - 1) % 2 === 1;
    if (open) words[words.length - 1] += ` ${w}`;
    else words.push(w);
  }
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The title of an axis: the table's words for a name, the formula as math for an expression. */
export function axisTitle(chart: ChartDef, axis: 'x' | 'y'): string {
  const e = chart.exprs?.[axis];
  return e ? exprMath(e) : titleOf(chart[axis]);
}
