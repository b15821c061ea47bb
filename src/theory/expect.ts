// Expectations against measurements: every `expect` block of a spec (profile already applied)
// evaluates on run results to pass, fail or inconclusive, with the numbers in `detail`.
//
//   claim AST ─evaluate→ ClaimValue (number | stat ± interval | per-cell values | truth | undecided)
//             ─compare/and/or/not→ truth ─assemble→ ExpectationVerdict
//
// Every value is a statistic of the seeds (expect-stats.ts) and every comparison is decided on
// the seed-bootstrap interval of lhs − rhs (expect-compare.ts): pass when the whole interval
// satisfies the claim, fail when the whole interval violates it, else inconclusive. In a spec
// with several models (data blocks), a claim whose calls do not all name `model:` (`data:`) is
// evaluated once per model, and its verdict is the conjunction of theirs.

import type * as A from '../lang/ast.js';
import { printExpr } from '../fmt/expr.js';
import type { RunResults } from '../run/results.js';
import type { ExpectationVerdict, GroupVerdict, Verdict } from './verdict.js';
import { indexResults, layerSeries, type CellData, type Filter } from './expect-data.js';
import { callFunction, type ClaimValue, type FunctionContext } from './expect-functions.js';
import { compareValues, measuredOf, type ComparisonTruth, type Tol } from './expect-compare.js';
import { combine, constantStat } from './expect-stats.js';

type Truth = ComparisonTruth;

interface Ctx extends FunctionContext {
  constants: Map<string, number>;
  /** Record the statistic behind a claim that is a statement by itself (decreasing/increasing) as `measured`. */
  truthMeasured: boolean;
  /** Cells the claim's calls used (for the unconverged flag). */
  used: Set<CellData>;
}

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
  const value = callFunction(ctx, { callee: e.callee, names, filters });
  if (value.kind === 'stat' || value.kind === 'truth') for (const c of value.cells) ctx.used.add(c);
  // A statistic is named by the call as written (`at(test_loss, tau: max)`), so both sides of a comparison read apart.
  return value.kind === 'stat' ? { ...value, what: printExpr(e, 0) } : value;
}

const ARITH: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '^': (a, b) => a ** b,
};

/** a ∘ b on numbers and statistics (a statistic's interval is recomputed by the bootstrap of the whole expression). */
function arith(op: string, a: ClaimValue, b: ClaimValue): ClaimValue {
  const f = ARITH[op]!;
  if (a.kind === 'undecided') return a;
  if (b.kind === 'undecided') return b;
  if (a.kind === 'truth' || b.kind === 'truth') return { kind: 'undecided', reason: `\`${op}\` of a claim` };
  if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', value: f(a.value, b.value) };
  const sa = a.kind === 'number' ? constantStat(a.value) : a, sb = b.kind === 'number' ? constantStat(b.value) : b;
  return combine(sa, sb, f, `${sa.what} ${op} ${sb.what}`);
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
    return compareValues(e.op, evaluateValue(e.left, ctx), evaluateValue(e.right, ctx), tol);
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
  if (v.kind === 'truth') {
    const leaf = v.measured && ctx.truthMeasured ? { measured: measuredOf(v.measured), compared: null, difference: null, predicted: null, tolerance: null } : null;
    return { verdict: v.verdict, detail: v.detail, leaf };
  }
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

/** Every call of a claim expression. */
function callsOf(e: A.Expr): A.CallExpr[] {
  switch (e.kind) {
    case 'call': return [e];
    case 'compare': case 'binary': return [...callsOf(e.left), ...callsOf(e.right)];
    case 'unary': return callsOf(e.operand);
    default: return [];
  }
}

/** The per-model (per-data) evaluations of a claim: one pin set each; [{}] when it names its blocks. */
function groupsOf(spec: A.Spec, claim: A.Expr): Record<string, string>[] {
  let groups: Record<string, string>[] = [{}];
  const calls = callsOf(claim);
  for (const kind of ['model', 'data'] as const) {
    const names = spec.statements.filter((s) => s.kind === kind).map((s) => (s as A.ModelBlock | A.DataBlock).name);
    if (names.length < 2 || calls.every((c) => c.args.some((a) => a.name === kind))) continue;
    groups = groups.flatMap((g) => names.map((n) => ({ ...g, [kind]: n })));
  }
  return groups;
}

const groupLabel = (g: Record<string, string>): string => Object.entries(g).map(([k, v]) => `${k} ${v}`).join(', ');

/** One evaluation of the claim with the given pins, the unconverged cells it used, and require_converged applied. */
function evaluateGroup(claim: A.Expr, base: Omit<Ctx, 'scope' | 'used'>, group: Record<string, string>, requireConverged: boolean): GroupVerdict & { leaf: Truth['leaf'] } {
  const ctx: Ctx = { ...base, scope: group, used: new Set() };
  const truth = evaluateTruth(claim, ctx);
  const unconverged = [...ctx.used].filter((c) => c.status === 'unconverged').length;
  let { verdict, detail } = truth;
  if (unconverged) {
    const note = `${unconverged} of ${ctx.used.size} cells used did not converge (step limit reached before \`stop\`)`;
    if (requireConverged) { verdict = 'inconclusive'; detail = `${note}, and the claim requires convergence; ${detail}`; }
    else detail = `${detail} [${note}]`;
  }
  const measured = truth.leaf?.measured ?? { value: null, interval: null, intervalNote: 'no single measured statistic' };
  return { group, verdict, detail, measured, compared: truth.leaf?.compared ?? null, unconverged, leaf: truth.leaf };
}

function booleanSetting(block: A.ExpectBlock, key: string): boolean {
  const e = settingOf(block, key);
  return e?.kind === 'ref' && e.name === 'true';
}

function evaluateBlock(spec: A.Spec, block: A.ExpectBlock, base: Omit<Ctx, 'scope' | 'used'>): ExpectationVerdict {
  const claim = settingOf(block, 'claim');
  const figure = settingOf(block, 'figure');
  const control = settingOf(block, 'control');
  const groups = claim ? groupsOf(spec, claim).map((g) => evaluateGroup(claim, base, g, booleanSetting(block, 'require_converged'))) : [];
  const single = groups.length === 1 ? groups[0]!.leaf : null;
  const verdict = groups.length ? groups.map((g) => g.verdict).reduce(kleeneAnd) : 'inconclusive';
  const detail = !groups.length ? 'no claim' : groups.length === 1 ? groups[0]!.detail : groups.map((g) => `${groupLabel(g.group)}: ${g.detail}`).join(' | ');
  return {
    name: block.name,
    claim: claim ? printExpr(claim, 0) : '',
    source: stringSetting(block, 'source'),
    says: stringSetting(block, 'says'),
    figure: figure?.kind === 'ref' ? figure.name : null,
    control: control?.kind === 'ref' ? control.name : null,
    predicted: single?.predicted ?? null,
    tolerance: single?.tolerance ?? null,
    measured: groups[0]?.measured ?? { value: null, interval: null, intervalNote: 'no claim' },
    compared: groups[0]?.compared ?? null,
    difference: single?.difference ?? null,
    ...(groups.length > 1 ? { groups: groups.map(({ leaf: _, ...g }) => g) } : {}),
    unconverged: groups.reduce((t, g) => t + g.unconverged, 0),
    verdict,
    detail,
  };
}

export interface EvaluateOptions {
  /**
   * Give decreasing/increasing claims a measured value (the change of the seed means over the x
   * range). Off for the verdicts stored in results.json, which keep their committed form; the
   * report's theory table asks for it (src/report/truth-values.ts).
   */
  truthMeasured?: boolean;
}

/** Verdicts of every expectation of `spec` (profile applied: see applyProfile) on `results`. */
export function evaluateExpectations(spec: A.Spec, results: RunResults, opts: EvaluateOptions = {}): ExpectationVerdict[] {
  const base = { cells: indexResults(results), defaults: defaultsOf(spec), constants: constantsOf(spec), truthMeasured: opts.truthMeasured ?? false };
  return spec.statements.filter((s): s is A.ExpectBlock => s.kind === 'expect').map((block) => evaluateBlock(spec, block, base));
}

/**
 * Exit code for `lazylab run --strict`: 1 when any expectation fails or is inconclusive
 * (`fail-only`: only a failure counts), else 0.
 */
export function strictExitCode(verdicts: readonly ExpectationVerdict[], mode: 'all' | 'fail-only' = 'all'): number {
  return verdicts.some((v) => v.verdict === 'fail' || (mode === 'all' && v.verdict === 'inconclusive')) ? 1 : 0;
}
