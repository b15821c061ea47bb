// Expression evaluation for one sweep cell: arithmetic, math functions, list builders
// (range, linspace, logspace, zip), and lazily evaluated `let` bindings with cycle detection.
// Problems are thrown as EvalError (with the span and code) and turned into diagnostics by callers.

import type { Span } from '../diagnostics.js';
import type { Expr, CallExpr } from '../lang/ast.js';
import { suggest } from './suggest.js';
import { hasOwn, own } from '../lang/lookup.js';
import * as M from '../messages/index.js';

export type Value = number | string | boolean | Value[];

export class EvalError extends Error {
  constructor(readonly code: string, message: string, readonly span: Span, readonly hint?: string) {
    super(message);
  }
}

/** Several problems of one block, found in one pass. */
export class EvalErrors extends Error {
  constructor(readonly errors: EvalError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/**
 * Resolves the independent settings of a block one by one, keeping a fallback for a bad one and
 * going on, so one pass reports every bad setting of the block (not only the first).
 */
export class Collector {
  readonly errors: EvalError[] = [];

  take<T>(resolve: () => T, fallback: T): T {
    try {
      return resolve();
    } catch (e) {
      if (e instanceof EvalErrors) this.errors.push(...e.errors);
      else if (e instanceof EvalError) this.errors.push(e);
      else throw e;
      return fallback;
    }
  }

  /** Throws what was collected (one error as itself, several together). */
  done(): void {
    if (this.errors.length === 1) throw this.errors[0]!;
    if (this.errors.length > 1) throw new EvalErrors(this.errors);
  }
}

export interface Scope {
  /** Swept values of this cell (and the seed). */
  values: Record<string, Value>;
  /** `let` bindings by name. */
  bindings: Map<string, Expr>;
  /** Cache of evaluated bindings for this cell. */
  cache: Map<string, Value>;
  /** Bindings under evaluation (cycle detection). */
  active: string[];
  /** Expressions under evaluation, through bindings too (see MAX_EVAL_DEPTH). */
  depth: number;
}

/**
 * How deeply evaluation may recurse, counting expressions inside one another and the bindings
 * they name. One expression is at most MAX_EXPR_DEPTH (lang/build-expr.ts) deep, but a chain of
 * `let`s nests them further; an explicit count ends that before the JavaScript stack does.
 */
export const MAX_EVAL_DEPTH = 2000;

export function makeScope(bindings: Map<string, Expr>, values: Record<string, Value>): Scope {
  return { values, bindings, cache: new Map(), active: [], depth: 0 };
}

const MATH1: Record<string, (x: number) => number> = {
  sqrt: Math.sqrt, log: Math.log, log2: Math.log2, log10: Math.log10, exp: Math.exp,
  abs: Math.abs, floor: Math.floor, ceil: Math.ceil, round: Math.round,
};
const LIST_BUILDERS = ['range', 'linspace', 'logspace', 'zip'];
export const FUNCTION_NAMES = [...Object.keys(MATH1), 'min', 'max', ...LIST_BUILDERS];
const CONSTANTS: Record<string, Value> = { pi: Math.PI, true: true, false: false };

export function knownNames(scope: Scope): string[] {
  return [...Object.keys(scope.values), ...scope.bindings.keys(), ...Object.keys(CONSTANTS)];
}

export function evaluate(e: Expr, scope: Scope): Value {
  if (scope.depth >= MAX_EVAL_DEPTH) throw new EvalError('E0108', M.evaluationTooDeep(MAX_EVAL_DEPTH), e.span, M.evaluationTooDeepHint());
  scope.depth++;
  try {
    return evaluateOne(e, scope);
  } finally {
    scope.depth--;
  }
}

function evaluateOne(e: Expr, scope: Scope): Value {
  switch (e.kind) {
    case 'number': return e.value;
    case 'string': return e.value;
    case 'list': return e.items.map((i) => evaluate(i, scope));
    case 'ref': return lookup(e.name, e.span, scope);
    case 'unary': return unary(e.op, evaluate(e.operand, scope), e.span);
    case 'binary': return binary(e.op, evaluate(e.left, scope), evaluate(e.right, scope), e.span);
    case 'compare': return compare(e.op, num(evaluate(e.left, scope), e.left.span), num(evaluate(e.right, scope), e.right.span));
    case 'call': return call(e, scope);
    case 'missing': throw new EvalError('E0105', M.incompleteExpression(), e.span);
  }
}

export function lookup(name: string, span: Span, scope: Scope): Value {
  if (hasOwn(scope.values, name)) return scope.values[name]!;
  const cached = scope.cache.get(name);
  if (cached !== undefined) return cached;
  const bound = scope.bindings.get(name);
  if (bound !== undefined) {
    if (scope.active.includes(name)) {
      const cycle = [...scope.active.slice(scope.active.indexOf(name)), name];
      throw new EvalError('E0204', M.dependsOnItself(name, cycle), span, M.bindingCycleHint());
    }
    scope.active.push(name);
    try {
      const v = evaluate(bound, scope);
      scope.cache.set(name, v);
      return v;
    } finally {
      scope.active.pop();
    }
  }
  const constant = own(CONSTANTS, name);
  if (constant !== undefined) return constant;
  const near = suggest(name, knownNames(scope));
  throw new EvalError('E0201', M.unknownName(name), span, near ? M.didYouMean(near) : M.defineNameHint());
}

export function num(v: Value, span: Span): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new EvalError('E0301', M.expectedNumber(M.describeValue(v)), span);
}

function unary(op: string, v: Value, span: Span): Value {
  if (op === 'not') return !truthy(v, span);
  const x = num(v, span);
  return op === '-' ? -x : x;
}

function truthy(v: Value, span: Span): boolean {
  if (typeof v === 'boolean') return v;
  return num(v, span) !== 0;
}

function binary(op: string, a: Value, b: Value, span: Span): Value {
  if (op === 'and') return truthy(a, span) && truthy(b, span);
  if (op === 'or') return truthy(a, span) || truthy(b, span);
  const x = num(a, span);
  const y = num(b, span);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    default: return Math.pow(x, y);
  }
}

function compare(op: string, x: number, y: number): boolean {
  switch (op) {
    case '==': return x === y;
    case '!=': return x !== y;
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    default: return x >= y;
  }
}

function call(e: CallExpr, scope: Scope): Value {
  const fn = own(MATH1, e.callee);
  if (fn) return fn(num(evaluate(arg(e, 0, 'x'), scope), e.span));
  if (e.callee === 'min' || e.callee === 'max') {
    const xs = e.args.flatMap((a) => flatten(evaluate(a.value, scope))).map((v) => num(v, e.span));
    if (xs.length === 0) throw new EvalError('E0302', M.needsOneArgument(e.callee), e.span);
    // A loop, not Math.min(...xs): a spread of a million values overflows the stack.
    return xs.reduce((m, x) => (e.callee === 'min' ? Math.min(m, x) : Math.max(m, x)));
  }
  if (LIST_BUILDERS.includes(e.callee)) return listBuilder(e, scope);
  const near = suggest(e.callee, FUNCTION_NAMES);
  throw new EvalError('E0202', M.unknownFunction(e.callee), e.calleeSpan, near ? M.didYouMean(near) : M.knownNames('functions', FUNCTION_NAMES));
}

function flatten(v: Value): Value[] {
  return Array.isArray(v) ? v.flatMap(flatten) : [v];
}

/** The i-th positional argument or the named one. */
export function arg(e: CallExpr, i: number, name: string): Expr {
  const named = e.args.find((a) => a.name === name);
  if (named) return named.value;
  const positional = e.args.filter((a) => a.name === null)[i];
  if (positional) return positional.value;
  throw new EvalError('E0303', M.needsArgument(e.callee, name), e.span, M.needsArgumentHint(e.callee, name));
}

function optArg(e: CallExpr, i: number, name: string, scope: Scope, dflt: number): number {
  const has = e.args.some((a) => a.name === name) || e.args.filter((a) => a.name === null).length > i;
  return has ? num(evaluate(arg(e, i, name), scope), e.span) : dflt;
}

const MAX_LIST = 1_000_000;

function listBuilder(e: CallExpr, scope: Scope): Value {
  const n = (i: number, name: string) => num(evaluate(arg(e, i, name), scope), e.span);
  if (e.callee === 'zip') {
    const lists = e.args.map((a) => evaluate(a.value, scope));
    if (!lists.every(Array.isArray) || lists.length === 0) throw new EvalError('E0304', M.zipTakesLists(), e.span, M.zipTakesListsHint());
    const len = (lists[0] as Value[]).length;
    const bad = lists.findIndex((l) => (l as Value[]).length !== len);
    if (bad >= 0) throw new EvalError('E0305', M.zipLengths(len, (lists[bad] as Value[]).length), e.args[bad]!.span, M.zipLengthsHint());
    return Array.from({ length: len }, (_, i) => lists.map((l) => (l as Value[])[i]!));
  }
  if (e.callee === 'range') {
    const [start, stop, step] = [n(0, 'start'), n(1, 'stop'), optArg(e, 2, 'step', scope, 1)];
    if (!(step !== 0) || !Number.isFinite(step)) throw new EvalError('E0306', M.rangeZeroStep(), e.span);
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > MAX_LIST) throw new EvalError('E0307', M.rangeTooLong(count), e.span, M.atMost(MAX_LIST));
    return Array.from({ length: Math.max(0, count) }, (_, i) => roundish(start + i * step));
  }
  const [a, b, count] = [n(0, 'start'), n(1, 'stop'), n(2, 'count')];
  if (!Number.isInteger(count) || count < 1 || count > MAX_LIST) {
    throw new EvalError('E0308', M.badCount(e.callee, count), e.span);
  }
  const lin = Array.from({ length: count }, (_, i) => (count === 1 ? a : a + ((b - a) * i) / (count - 1)));
  if (e.callee === 'linspace') return lin.map(roundish);
  const base = optArg(e, 3, 'base', scope, 10);
  return lin.map((x) => roundish(Math.pow(base, x)));
}

/** Rounds away float noise (1e-15 relative) so 2^5 is 32 and 10^-2 prints as 0.01. */
function roundish(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const r = Number(x.toPrecision(12));
  return Math.abs(r - x) <= Math.abs(x) * 1e-12 ? r : x;
}
