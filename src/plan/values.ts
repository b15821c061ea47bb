// Typed resolution of one setting or argument in one cell: evaluates the expression and checks
// its type and range (width ≤ 0, lr ≤ 0, probabilities outside [0, 1], NaN and Infinity).

import type { Span } from '../diagnostics.js';
import type { Expr, CallExpr } from '../lang/ast.js';
import type { ParamSpec, ValueType } from '../check/schema.js';
import { EvalError, evaluate, type Scope, type Value } from './eval.js';
import { suggest } from './suggest.js';
import { hasOwn, nameRecord } from '../lang/lookup.js';
import * as M from '../messages/index.js';

export function checkNumber(x: number, type: ValueType, what: string, span: Span): number {
  if (!Number.isFinite(x)) {
    throw new EvalError('E0310', M.notFinite(what, x), span, M.notFiniteHint());
  }
  const ok =
    type === 'integer' ? Number.isInteger(x)
      : type === 'positive' ? x > 0
        : type === 'positiveInteger' ? Number.isInteger(x) && x > 0
          : type === 'nonNegative' ? x >= 0
            : type === 'probability' ? x >= 0 && x <= 1
              : true;
  if (!ok) throw new EvalError(type === 'probability' ? 'E0312' : 'E0311', M.outOfRange(what, type, x), span);
  return x;
}

export function resolveNumber(e: Expr, type: ValueType, what: string, scope: Scope): number {
  const v = evaluate(e, scope);
  if (typeof v !== 'number') throw new EvalError('E0301', M.mustBeNumber(what, M.describeValue(v)), e.span);
  return checkNumber(v, type, what, e.span);
}

export function resolveBoolean(e: Expr, what: string, scope: Scope): boolean {
  const v = evaluate(e, scope);
  if (typeof v !== 'boolean') throw new EvalError('E0313', M.mustBeBoolean(what, M.describeValue(v)), e.span);
  return v;
}

export function resolveString(e: Expr, what: string, scope: Scope): string {
  const v = evaluate(e, scope);
  if (typeof v !== 'string') throw new EvalError('E0314', M.mustBeString(what, M.describeValue(v)), e.span);
  return v;
}

/** An enum word: a bare name (`relu`), or a binding / swept value that holds the word as a string. */
export function resolveEnum(e: Expr, values: readonly string[], what: string, scope: Scope): string {
  let word: string | null = null;
  if (e.kind === 'ref' && !hasOwn(scope.values, e.name) && !scope.bindings.has(e.name)) word = e.name;
  else if (e.kind === 'string') word = e.value;
  else {
    const v = evaluate(e, scope);
    if (typeof v === 'string') word = v;
  }
  if (word !== null && values.includes(word)) return word;
  const near = word === null ? null : suggest(word, values);
  throw new EvalError('E0203', M.unknownWord(what, word), e.span, near ? M.didYouMean(near) : M.oneOf(values));
}

export function resolveList(e: Expr, what: string, scope: Scope): Value[] {
  const v = evaluate(e, scope);
  if (!Array.isArray(v)) throw new EvalError('E0315', M.mustBeList(what, M.describeValue(v)), e.span, M.listExample());
  return v;
}

/** `what` names one item (`width`); `listWhat` the whole list (`hidden`) when that reads better. */
export function resolveNumberList(e: Expr, type: ValueType, what: string, scope: Scope, listWhat = what): number[] {
  const items = e.kind === 'list' ? e.items : null;
  return resolveList(e, listWhat, scope).map((v, i) => {
    const span = items?.[i]?.span ?? e.span;
    if (typeof v !== 'number') throw new EvalError('E0301', M.mustHoldNumbers(what, M.describeValue(v)), span);
    return checkNumber(v, type, items && items.length > 1 ? M.listItem(what, i + 1) : what, span);
  });
}

/** Resolves one parameter of a constructor call by its ParamSpec. */
export function resolveParam(e: Expr, spec: ParamSpec, what: string, scope: Scope): Value | null {
  switch (spec.type) {
    case 'boolean': return resolveBoolean(e, what, scope);
    case 'string': return resolveString(e, what, scope);
    case 'stringList': return resolveList(e, what, scope).map(String);
    case 'numberList': return resolveNumberList(e, 'number', what, scope);
    case 'widthList': return resolveNumberList(e, 'positiveInteger', what, scope);
    case 'name': return e.kind === 'ref' ? e.name : resolveString(e, what, scope);
    case 'expr': case 'any': return null;
    default: return resolveNumber(e, spec.type, what, scope);
  }
}

/** Maps a call's arguments to parameter names (positional first, then named); reports extras. */
export function bindArguments(call: CallExpr, params: Record<string, ParamSpec>, positional: string[]): Map<string, Expr> {
  const bound = new Map<string, Expr>();
  let i = 0;
  for (const a of call.args) {
    if (a.name === null) {
      const name = positional[i++];
      if (name === undefined) {
        throw new EvalError('E0316', M.tooManyPositional(call.callee, positional.length), a.span, M.nameTheArgument(Object.keys(params)));
      }
      bound.set(name, a.value);
      continue;
    }
    if (!hasOwn(params, a.name)) {
      const near = suggest(a.name, Object.keys(params));
      throw new EvalError('E0317', M.unknownArgument(call.callee, a.name), a.nameSpan ?? a.span, near ? M.didYouMean(near) : M.knownArguments(Object.keys(params)));
    }
    if (bound.has(a.name)) throw new EvalError('E0318', M.argumentTwice(a.name), a.nameSpan ?? a.span);
    bound.set(a.name, a.value);
  }
  return bound;
}

/** Resolves every parameter of a call, filling defaults and reporting missing required ones. */
export function resolveCallArgs(call: CallExpr, params: Record<string, ParamSpec>, positional: string[], scope: Scope): Record<string, Value | null> {
  const bound = bindArguments(call, params, positional);
  const out: Record<string, Value | null> = nameRecord();
  for (const [name, spec] of Object.entries(params)) {
    const e = bound.get(name);
    if (e) out[name] = resolveParam(e, spec, M.callArgument(call.callee, name), scope);
    else if (spec.default !== undefined) out[name] = spec.default as Value | null;
    else throw new EvalError('E0303', M.needsArgument(call.callee, name), call.span, M.needsArgumentHint(call.callee, name));
  }
  return out;
}
