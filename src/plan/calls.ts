// Constructor calls of one family (data sources, inits, optimizers, log schedules, theory
// overlays): `adam(lr: 1e-3)`, or a bare word `glorot` for a call without arguments.

import type { Expr, CallExpr } from '../lang/ast.js';
import type { Span } from '../diagnostics.js';
import { CALLS, type CallSpec } from '../check/schema.js';
import { EvalError, type Scope, type Value } from './eval.js';
import { bindArguments, resolveCallArgs } from './values.js';
import { suggest } from './suggest.js';
import { hasOwn, own } from '../lang/lookup.js';
import * as M from '../messages/index.js';

export type Family = keyof typeof CALLS;

/** A bare name reads as a call with no arguments. */
export function asCall(e: Expr): CallExpr | null {
  if (e.kind === 'call') return e;
  if (e.kind === 'ref') return { kind: 'call', callee: e.name, calleeSpan: e.span, args: [], span: e.span };
  return null;
}

export function familyCall(e: Expr, family: Family): CallExpr {
  const c = asCall(e);
  const names = Object.keys(CALLS[family]);
  if (!c) throw new EvalError('E0319', M.expectedFamilyCall(family, names[0]!), e.span, M.oneOf(names));
  if (!hasOwn(CALLS[family], c.callee)) {
    const near = suggest(c.callee, names);
    throw new EvalError('E0203', M.unknownWord(M.familyWhat(family), c.callee), c.calleeSpan, near ? M.didYouMean(near) : M.oneOf(names));
  }
  return c;
}

/** The span of one argument of a resolved call (or of its item-th element when it is a written list), else the call's. */
export function argumentSpan(call: CallExpr, family: Family, name: string, item?: number): Span {
  const spec = own(CALLS[family] as Record<string, CallSpec>, call.callee);
  const e = spec ? bindArguments(call, spec.params, spec.positional).get(name) : undefined;
  if (e?.kind === 'list' && item !== undefined && e.items[item]) return e.items[item]!.span;
  return e?.span ?? call.span;
}

export function resolveFamily(e: Expr, family: Family, scope: Scope): { kind: string; args: Record<string, Value | null>; call: CallExpr } {
  const c = familyCall(e, family);
  const spec = own(CALLS[family] as Record<string, CallSpec>, c.callee)!;
  return { kind: c.callee, args: resolveCallArgs(c, spec.params, spec.positional, scope), call: c };
}
