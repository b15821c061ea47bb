// Expectations against measurements: every `expect` block of a spec (profile already applied)
// evaluates on run results to pass, fail or inconclusive, with the numbers in `detail`.
//
//   claim AST ─evaluate→ ClaimValue (number | stat ± interval | per-cell values | truth | undecided)
//             ─compare/and/or/not→ truth ─assemble→ ExpectationVerdict
//
// Comparison rule for a statistic with an interval (README "Expectations"): `==` within a band
// passes when the point estimate is in the band, fails when the whole interval lies outside it,
// and is inconclusive otherwise; a fitted slope or rate without an interval (one seed) is
// inconclusive. Per-cell values pair cells and pass only if every cell holds.

import type * as A from '../lang/ast.js';
import { printExpr } from '../fmt/expr.js';
import type { RunResults } from '../run/results.js';
import type { ExpectationVerdict, MeasuredValue, Verdict } from './verdict.js';
import { indexResults, layerSeries, type Filter } from './expect-data.js';
import { callFunction, type ClaimValue, type FunctionContext } from './expect-functions.js';
import { compareValues, type Tol } from './expect-compare.js';

interface Leaf { measured: MeasuredValue; predicted: number | null; tolerance: Tol | null }
type Truth = { verdict: Verdict; detail: string; leaf: Leaf | null };

interface Ctx extends FunctionContext { constants: Map<string, number> }

function settingOf(block: A.ExpectBlock, key: string): A.Expr | undefined {
  return block.settings.find((s) => s.path[0] === key)?.value;
}

/** Numeric constants of the spec: `let` bindings whose value is a plain number (after the profile). */
function constantsOf(spec: A.Spec): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of spec.statements) {
    if (s.kind !== 'let') continue;
    const v = constantValue(s.value, out);
    if (v !== null) out.set(s.name, v);
  }
  return out;
}

function constantValue(e: A.Expr, constants: Map<string, number>): number | null {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'ref') return constants.get(e.name) ?? null;
  if (e.kind === 'unary' && e.op === '-') {
    const v = constantValue(e.operand, constants);
    return v === null ? null : -v;
  }
  return null;
}

function filterOf(arg: A.Argument, ctx: Ctx): Filter | string {
  const name = arg.name!;
  const e = arg.value;
  if (e.kind === 'ref' && (e.name === 'min' || e.name === 'max')) return { name, kind: 'extreme', which: e.name };
  if (e.kind === 'ref' && (name === 'model' || name === 'data')) return { name, kind: 'equals', value: e.name };
  if (e.kind === 'string') return { name, kind: 'equals', value: e.value };
  const v = constantValue(e, ctx.constants);
  return v === null ? `the filter \`${name}:\` needs a number, min or max` : { name, kind: 'equals', value: v };
}

const FLIP: Record<A.CompareOp, A.CompareOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

/** `tau >= 1.34` or `1.34 <= tau` as a range filter on `tau`. */
function rangeFilterOf(e: A.CompareExpr, ctx: Ctx): Filter | string {
  const right = constantValue(e.right, ctx.constants);
  if (e.left.kind === 'ref' && right !== null) return { name: e.left.name, kind: 'range', op: e.op, bound: right };
  const left = constantValue(e.left, ctx.constants);
  if (e.right.kind === 'ref' && left !== null) return { name: e.right.name, kind: 'range', op: FLIP[e.op], bound: left };
  return 'a range filter compares a swept variable with a number';
}

function evalCall(e: A.CallExpr, ctx: Ctx): ClaimValue {
  const names: string[] = [];
  const filters: Filter[] = [];
  let layer: number | null = null;
  for (const a of e.args) {
    if (a.name === null && a.value.kind === 'compare') {
      const f = rangeFilterOf(a.value, ctx);
      if (typeof f === 'string') return { kind: 'undecided', reason: f };
      filters.push(f);
    } else if (a.name === null) {
      if (a.value.kind !== 'ref') return { kind: 'undecided', reason: `\`${e.callee}\` takes names as arguments` };
      names.push(a.value.name);
    } else if (a.name === 'layer') {
      layer = constantValue(a.value, ctx.constants);
      if (layer === null || !Number.isInteger(layer) || layer < 1) return { kind: 'undecided', reason: '`layer:` needs a layer number (1 = first)' };
    } else {
      const f = filterOf(a, ctx);
      if (typeof f === 'string') return { kind: 'undecided', reason: f };
      filters.push(f);
    }
  }
  // `layer: k` reads the per-layer series of the measurement (its first name).
  if (layer !== null && names.length) names[0] = layerSeries(names[0]!, layer);
  return callFunction(ctx, { callee: e.callee, names, filters });
}

const ARITH: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '^': (a, b) => a ** b,
};

/** a ∘ b on numbers, statistics (interval mapped through the monotone map when b is a number) and cells. */
function arith(op: string, a: ClaimValue, b: ClaimValue): ClaimValue {
  const f = ARITH[op]!;
  if (a.kind === 'undecided') return a;
  if (b.kind === 'undecided') return b;
  if (a.kind === 'truth' || b.kind === 'truth') return { kind: 'undecided', reason: `\`${op}\` of a claim` };
  if (a.kind === 'cells' || b.kind === 'cells') {
    const keys = a.kind === 'cells' ? [...a.values.keys()] : [...(b as { values: Map<string, number> }).values.keys()];
    const at = (v: ClaimValue, k: string): number => (v.kind === 'cells' ? v.values.get(k) ?? NaN : (v as { value: number }).value);
    return { kind: 'cells', values: new Map(keys.map((k) => [k, f(at(a, k), at(b, k))])), what: `${describe(a)} ${op} ${describe(b)}` };
  }
  const value = f(a.value, b.value);
  if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', value };
  const stat = a.kind === 'stat' ? a : (b as Extract<ClaimValue, { kind: 'stat' }>);
  let interval: [number, number] | null = null;
  if (stat.interval && (op !== '^' || a.kind === 'number')) {
    const ends = stat.interval.map((x) => (a.kind === 'stat' ? f(x, b.value) : f(a.value, x)));
    if (op !== '^' && ends.every(Number.isFinite)) interval = [Math.min(...ends), Math.max(...ends)];
  }
  return { ...stat, value, interval, what: `${describe(a)} ${op} ${describe(b)}` };
}

function describe(v: ClaimValue): string {
  return v.kind === 'number' ? String(v.value) : v.kind === 'stat' || v.kind === 'cells' ? v.what : v.kind;
}

function evaluateValue(e: A.Expr, ctx: Ctx): ClaimValue {
  switch (e.kind) {
    case 'number': return { kind: 'number', value: e.value };
    case 'ref': {
      const v = ctx.constants.get(e.name);
      return v === undefined ? { kind: 'undecided', reason: `\`${e.name}\` is not a number here` } : { kind: 'number', value: v };
    }
    case 'call': return evalCall(e, ctx);
    case 'unary': return e.op === 'not' ? { kind: 'undecided', reason: '`not` of a value' } : arith('*', evaluateValue(e.operand, ctx), { kind: 'number', value: e.op === '-' ? -1 : 1 });
    case 'binary': return e.op === 'and' || e.op === 'or' ? { kind: 'undecided', reason: 'a claim used as a value' } : arith(e.op, evaluateValue(e.left, ctx), evaluateValue(e.right, ctx));
    default: return { kind: 'undecided', reason: 'unsupported expression in a claim' };
  }
}

function toleranceOf(e: A.CompareExpr, ctx: Ctx): Tol | null | string {
  if (!e.tolerance) return null;
  const v = constantValue(e.tolerance.value, ctx.constants);
  if (v === null || v < 0) return 'the tolerance must be a non-negative number';
  return { value: e.tolerance.percent ? v / 100 : v, relative: e.tolerance.percent };
}

const kleeneAnd = (a: Verdict, b: Verdict): Verdict => (a === 'fail' || b === 'fail' ? 'fail' : a === 'pass' && b === 'pass' ? 'pass' : 'inconclusive');
const kleeneOr = (a: Verdict, b: Verdict): Verdict => (a === 'pass' || b === 'pass' ? 'pass' : a === 'fail' && b === 'fail' ? 'fail' : 'inconclusive');
const NEGATE: Record<Verdict, Verdict> = { pass: 'fail', fail: 'pass', inconclusive: 'inconclusive' };

function evaluateTruth(e: A.Expr, ctx: Ctx): Truth {
  if (e.kind === 'compare') {
    const tol = toleranceOf(e, ctx);
    if (typeof tol === 'string') return { verdict: 'inconclusive', detail: tol, leaf: null };
    return compareValues(e.op, evaluateValue(e.left, ctx), evaluateValue(e.right, ctx), tol, ctx.cells);
  }
  if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) {
    const a = evaluateTruth(e.left, ctx), b = evaluateTruth(e.right, ctx);
    const verdict = e.op === 'and' ? kleeneAnd(a.verdict, b.verdict) : kleeneOr(a.verdict, b.verdict);
    return { verdict, detail: `${a.detail}; ${e.op} ${b.detail}`, leaf: a.leaf ?? b.leaf };
  }
  if (e.kind === 'unary' && e.op === 'not') {
    const a = evaluateTruth(e.operand, ctx);
    return { ...a, verdict: NEGATE[a.verdict], detail: `not: ${a.detail}` };
  }
  const v = evaluateValue(e, ctx);
  if (v.kind === 'truth') return { verdict: v.verdict, detail: v.detail, leaf: null };
  if (v.kind === 'undecided') return { verdict: 'inconclusive', detail: v.reason, leaf: null };
  return { verdict: 'inconclusive', detail: 'the claim is a value, not a comparison', leaf: null };
}

function stringSetting(block: A.ExpectBlock, key: string): string {
  const e = settingOf(block, key);
  return e?.kind === 'string' ? e.value : '';
}

/** `model`/`data` values of cells when the spec has a single block of that kind. */
function defaultsOf(spec: A.Spec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of ['model', 'data'] as const) {
    const blocks = spec.statements.filter((s): s is A.ModelBlock | A.DataBlock => s.kind === kind);
    if (blocks.length === 1) out[kind] = blocks[0]!.name;
  }
  return out;
}

/** Verdicts of every expectation of `spec` (profile applied: see applyProfile) on `results`. */
export function evaluateExpectations(spec: A.Spec, results: RunResults): ExpectationVerdict[] {
  const ctx: Ctx = { cells: indexResults(results), defaults: defaultsOf(spec), constants: constantsOf(spec) };
  return spec.statements.filter((s): s is A.ExpectBlock => s.kind === 'expect').map((block) => {
    const claim = settingOf(block, 'claim');
    const figure = settingOf(block, 'figure');
    const truth: Truth = claim ? evaluateTruth(claim, ctx) : { verdict: 'inconclusive', detail: 'no claim', leaf: null };
    return {
      name: block.name,
      claim: claim ? printExpr(claim, 0) : '',
      source: stringSetting(block, 'source'),
      says: stringSetting(block, 'says'),
      figure: figure?.kind === 'ref' ? figure.name : null,
      predicted: truth.leaf?.predicted ?? null,
      tolerance: truth.leaf?.tolerance ?? null,
      measured: truth.leaf?.measured ?? { value: null, interval: null, intervalNote: 'no single measured statistic' },
      verdict: truth.verdict,
      detail: truth.detail,
    };
  });
}

/** Exit code for `lazylab run --strict`: 1 when any expectation fails, else 0 (inconclusive passes). */
export function strictExitCode(verdicts: readonly ExpectationVerdict[]): number {
  return verdicts.some((v) => v.verdict === 'fail') ? 1 : 0;
}
