// Static checks of names: cycles among bindings, unused bindings and sweeps (warnings),
// and the names charts and claims use (swept variables, measurement outputs, built-in axes).

import type { Span } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import { BUILTIN_AXES } from './schema.js';
import { CLAIM_FUNCTIONS, MEASUREMENTS } from './catalogue.js';
import { FUNCTION_NAMES } from '../plan/eval.js';
import { suggest } from '../plan/suggest.js';
import { error, warning, type Accept } from './structure.js';
import { own } from '../lang/lookup.js';
import * as M from '../messages/index.js';

export function refsOf(e: A.Expr, out: A.RefExpr[] = []): A.RefExpr[] {
  switch (e.kind) {
    case 'ref': out.push(e); break;
    case 'unary': refsOf(e.operand, out); break;
    case 'binary': case 'compare': refsOf(e.left, out); refsOf(e.right, out); if (e.kind === 'compare' && e.tolerance) refsOf(e.tolerance.value, out); break;
    case 'call': for (const a of e.args) refsOf(a.value, out); break;
    case 'list': for (const i of e.items) refsOf(i, out); break;
    default: break;
  }
  return out;
}

function allExprs(spec: A.Spec): A.Expr[] {
  const out: A.Expr[] = [];
  for (const s of spec.statements) {
    if (s.kind === 'let' || s.kind === 'sweep' || s.kind === 'seeds') out.push(s.value);
    else if (s.kind === 'measure') for (const i of s.items) for (const a of i.args ?? []) out.push(a.value);
    else if (s.kind === 'report') for (const c of s.items) { if (c.kind === 'chart') out.push(...c.settings.map((x) => x.value)); }
    else if (s.kind === 'profile') out.push(...s.entries.map((x) => x.value));
    else if ('settings' in s) out.push(...s.settings.map((x) => x.value));
  }
  return out;
}

/** Cycles among `let` bindings, each reported once, by a depth-first walk with its own stack
 * (a chain of thousands of bindings must not use one JavaScript frame per binding). */
export function checkCycles(spec: A.Spec, accept: Accept): void {
  const lets = new Map(spec.statements.filter((s): s is A.LetStatement => s.kind === 'let').map((s) => [s.name, s]));
  const state = new Map<string, 'active' | 'done'>();
  const stack: { name: string; deps: string[]; next: number }[] = [];
  const enter = (name: string): void => {
    state.set(name, 'active');
    const deps = refsOf(lets.get(name)!.value).map((r) => r.name).filter((n) => lets.has(n));
    stack.push({ name, deps, next: 0 });
  };
  for (const root of lets.keys()) {
    if (state.has(root)) continue;
    enter(root);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const dep = top.deps[top.next++];
      if (dep === undefined) {
        state.set(top.name, 'done');
        stack.pop();
      } else if (state.get(dep) === 'active') {
        const path = stack.map((f) => f.name);
        accept(error('E0204', M.bindingCycle([...path.slice(path.indexOf(dep)), dep]), lets.get(dep)!.nameSpan, M.bindingCycleHint()));
      } else if (state.get(dep) !== 'done') enter(dep);
    }
  }
}

export function checkUnused(spec: A.Spec, accept: Accept): void {
  const used = new Set<string>();
  for (const e of allExprs(spec)) for (const r of refsOf(e)) used.add(r.name);
  for (const s of spec.statements) {
    if (s.kind === 'let' && !used.has(s.name)) {
      accept(warning('W0501', M.unusedBinding(s.name), s.nameSpan, M.unusedBindingHint()));
    }
    if (s.kind === 'sweep') {
      s.names.forEach((n, i) => {
        if (!used.has(n)) accept(warning('W0502', M.unusedSweep(n), s.nameSpans[i]!, M.unusedSweepHint()));
      });
    }
  }
}

/** Names a chart or claim may refer to. */
export function plottableNames(spec: A.Spec): { vars: Set<string>; outputs: Map<string, string>; all: string[] } {
  const vars = new Set<string>(BUILTIN_AXES);
  for (const s of spec.statements) {
    if (s.kind === 'sweep') s.names.forEach((n) => vars.add(n));
    if (s.kind === 'let') vars.add(s.name);
  }
  const outputs = new Map<string, string>();
  for (const [name, m] of Object.entries(MEASUREMENTS)) for (const o of m.outputs) outputs.set(o, name);
  return { vars, outputs, all: [...vars, ...outputs.keys()] };
}

function measured(spec: A.Spec): Set<string> {
  const s = spec.statements.find((x): x is A.MeasureBlock => x.kind === 'measure');
  const names = s ? s.items.map((i) => i.name) : ['train_loss', 'test_loss'];
  return new Set(names.flatMap((n) => own(MEASUREMENTS, n)?.outputs ?? []));
}

export function checkName(spec: A.Spec, name: string, span: Span, where: string, accept: Accept): void {
  const { vars, outputs, all } = plottableNames(spec);
  if (vars.has(name)) return;
  const source = outputs.get(name);
  if (source !== undefined) {
    if (!measured(spec).has(name)) accept(error('E0211', M.notMeasured(where, name), span, M.addToMeasure(source)));
    return;
  }
  const near = suggest(name, all);
  accept(error('E0201', M.unknownNameIn(name, where), span, near ? M.didYouMean(near) : M.plottableNameHint()));
}

export function checkClaimExpr(spec: A.Spec, e: A.Expr, accept: Accept, inAt = false): void {
  if (e.kind === 'ref') {
    if (inAt && (e.name === 'min' || e.name === 'max')) return;
    checkName(spec, e.name, e.span, M.inClaim(), accept);
  } else if (e.kind === 'call') {
    const fn = own(CLAIM_FUNCTIONS, e.callee);
    if (!fn && !FUNCTION_NAMES.includes(e.callee)) {
      const near = suggest(e.callee, [...Object.keys(CLAIM_FUNCTIONS), ...FUNCTION_NAMES]);
      accept(error('E0202', M.unknownClaimFunction(e.callee), e.calleeSpan, near ? M.didYouMean(near) : M.knownNames('claim functions', Object.keys(CLAIM_FUNCTIONS))));
      return;
    }
    // Positional comparisons are range filters (`atilde >= 1`), not arguments of the function.
    const positional = e.args.filter((a) => a.name === null && a.value.kind !== 'compare').length;
    if (fn && (positional < fn.minArgs || positional > fn.maxArgs)) {
      accept(error('E0302', M.claimArgumentCount(e.callee, fn.minArgs, fn.maxArgs, positional), e.span, fn.doc));
    }
    for (const a of e.args) {
      if (a.name !== null && a.name !== 'layer' && a.nameSpan) checkName(spec, a.name, a.nameSpan, M.inClaim(), accept);
      if (a.name === null && a.value.kind === 'compare') checkRangeFilter(spec, a.value, accept);
      else if (a.name === 'layer') checkLayer(a.value, accept);
      else if (a.name === 'model' || a.name === 'data') checkBlockName(spec, a.name, a.value, accept);
      else checkClaimExpr(spec, a.value, accept, a.name !== null);
    }
  } else if (e.kind === 'unary') checkClaimExpr(spec, e.operand, accept);
  else if (e.kind === 'binary' || e.kind === 'compare') {
    checkClaimExpr(spec, e.left, accept);
    checkClaimExpr(spec, e.right, accept);
    if (e.kind === 'compare' && e.tolerance) checkClaimExpr(spec, e.tolerance.value, accept);
  } else if (e.kind === 'list') e.items.forEach((i) => checkClaimExpr(spec, i, accept));
}

/** `slope(y, m, model: lazy)`: the value of a `model:` or `data:` filter names a block. */
function checkBlockName(spec: A.Spec, kind: 'model' | 'data', e: A.Expr, accept: Accept): void {
  const names = spec.statements.filter((s): s is A.ModelBlock | A.DataBlock => s.kind === kind).map((s) => s.name);
  if (e.kind === 'ref' && names.includes(e.name)) return;
  const shown = e.kind === 'ref' ? e.name : '';
  const near = suggest(shown, names);
  accept(error('E0201', M.unknownBlockInClaim(kind, shown), e.span, near ? M.didYouMean(near) : M.knownNames(`${kind}s`, names)));
}

/** `slope(weight_change, m, layer: 1)`: a layer is a positive integer (1 = the first layer). */
function checkLayer(e: A.Expr, accept: Accept): void {
  if (e.kind === 'number' && Number.isInteger(e.value) && e.value >= 1) return;
  accept(error('E0311', M.badLayer(), e.span, M.badLayerHint()));
}

/** A number the checker can see: a literal, a `let` name, or a negated one (values are checked by planning). */
function isConstant(spec: A.Spec, e: A.Expr): boolean {
  if (e.kind === 'number') return true;
  if (e.kind === 'unary' && e.op === '-') return isConstant(spec, e.operand);
  return e.kind === 'ref' && spec.statements.some((s) => s.kind === 'let' && s.name === e.name);
}

function sweptNames(spec: A.Spec): string[] {
  return spec.statements.flatMap((s) => (s.kind === 'sweep' ? s.names : []));
}

/** `slope(y, x, x >= 1)`: a range filter compares one swept variable with a number. */
function checkRangeFilter(spec: A.Spec, e: A.CompareExpr, accept: Accept): void {
  if (e.tolerance) accept(error('E0331', M.rangeFilterTolerance(), e.tolerance.value.span, M.rangeFilterHint()));
  const [variable, bound] = e.left.kind === 'ref' && !isConstant(spec, e.left) ? [e.left, e.right] : [e.right, e.left];
  if (variable.kind !== 'ref' || !isConstant(spec, bound)) {
    accept(error('E0331', M.rangeFilterShape(), e.span, M.rangeFilterHint()));
    return;
  }
  const swept = [...sweptNames(spec), 'seed'];
  if (swept.includes(variable.name)) return;
  const near = suggest(variable.name, swept);
  const known = plottableNames(spec).all.includes(variable.name);
  accept(error('E0201', known ? M.rangeFilterNotSwept(variable.name) : M.unknownNameIn(variable.name, M.inClaim()), variable.span,
    near ? M.didYouMean(near) : M.sweptNamesHint(sweptNames(spec))));
}
