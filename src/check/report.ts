// Static checks of expectations and charts: a claim must be a checkable statement over
// measured names; chart axes must name variables or measurements; figures must exist.

import type * as A from '../lang/ast.js';
import { CALLS } from './schema.js';
import { MEASUREMENTS } from './catalogue.js';
import { checkClaimExpr, checkName } from './names.js';
import { error, type Accept } from './structure.js';
import { suggest } from '../plan/suggest.js';
import * as M from '../messages/index.js';

const BOOLEAN_CLAIMS = ['decreasing', 'increasing'];

function isStatement(e: A.Expr): boolean {
  if (e.kind === 'compare') return true;
  if (e.kind === 'call') return BOOLEAN_CLAIMS.includes(e.callee);
  if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) return isStatement(e.left) && isStatement(e.right);
  if (e.kind === 'unary' && e.op === 'not') return isStatement(e.operand);
  return e.kind === 'missing';
}

function charts(spec: A.Spec): A.ChartItem[] {
  return spec.statements.flatMap((s) => (s.kind === 'report' ? s.items.filter((i): i is A.ChartItem => i.kind === 'chart') : []));
}

export function checkExpectations(spec: A.Spec, accept: Accept): void {
  const chartNames = charts(spec).map((c) => c.name);
  for (const s of spec.statements) {
    if (s.kind !== 'expect') continue;
    const claim = s.settings.find((x) => x.path[0] === 'claim');
    if (claim) {
      if (!isStatement(claim.value)) {
        accept(error('E0409', M.claimNotStatement(), claim.value.span, M.claimNotStatementHint()));
      }
      checkClaimExpr(spec, claim.value, accept);
    }
    checkControl(spec, s, accept);
    const figure = s.settings.find((x) => x.path[0] === 'figure');
    if (figure && (figure.value.kind !== 'ref' || !chartNames.includes(figure.value.name))) {
      const name = figure.value.kind === 'ref' ? figure.value.name : '';
      const near = suggest(name, chartNames);
      accept(error('E0212', M.figureNotChart(name), figure.value.span, near ? M.didYouMean(near) : chartNames.length ? M.knownNames('charts', chartNames) : M.addChart()));
    }
  }
}

/** `control = other`: a negative control names the expectation it protects (another expect block). */
function checkControl(spec: A.Spec, block: A.ExpectBlock, accept: Accept): void {
  const setting = block.settings.find((x) => x.path[0] === 'control');
  if (!setting || setting.value.kind === 'missing') return;
  const others = spec.statements.filter((s): s is A.ExpectBlock => s.kind === 'expect' && s !== block).map((s) => s.name);
  if (setting.value.kind !== 'ref') {
    const e = setting.value;
    const found = e.kind === 'string' ? `"${e.value}"` : M.describeExpr(e);
    accept(error('E0410', M.controlNotName(found), e.span, e.kind === 'string' && others.includes(e.value) ? M.controlUnquoted(e.value) : M.controlHint(others)));
    return;
  }
  const target = setting.value.name;
  if (others.includes(target)) return;
  const near = suggest(target, others);
  const message = target === block.name ? M.controlOfItself(target) : M.unknownControlTarget(target);
  accept(error('E0410', message, setting.value.span, near ? M.didYouMean(near) : M.controlHint(others)));
}

export function checkCharts(spec: A.Spec, accept: Accept): void {
  for (const c of charts(spec)) {
    for (const s of c.settings) {
      const key = s.path[0];
      if (key === 'x' || key === 'y') checkAxis(spec, c, key, s.value, accept);
      if (key === 'color' || key === 'facet') {
        if (s.value.kind !== 'ref') accept(error('E0301', M.chartAxisNotName(key), s.value.span, M.chartAxisNotNameHint()));
        else checkName(spec, s.value.name, s.value.span, M.inChart(c.name), accept);
      }
      if (key === 'log') checkLogAxes(s.value, accept);
      if (key === 'theory') checkTheory(s.value, accept);
    }
  }
}

/**
 * `x = gamma` with `y = ntk_slice`, or `x = u, y = v` with `color = ntk_grid` on a heatmap: a
 * coordinate the chart's y or color measurement is recorded along.
 */
function isCoordinateOfChart(c: A.ChartItem, name: string): boolean {
  return ['y', 'color'].some((axis) => {
    const v = c.settings.find((s) => s.path[0] === axis)?.value;
    if (v?.kind !== 'ref') return false;
    // Own keys only: `y = valueOf` names no measurement, not Object.prototype.valueOf.
    return Object.values(MEASUREMENTS).some((m) => m.coords !== undefined && Object.hasOwn(m.coords, v.name) && m.coords[v.name]!.includes(name));
  });
}

/** Functions an axis expression may call: one-argument math and min/max (no list builders). */
export const AXIS_FUNCTIONS = ['sqrt', 'log', 'log2', 'log10', 'exp', 'abs', 'min', 'max'];
const AXIS_CONSTANTS = ['pi'];

/** `x = m`, or an expression such as `x = alpha * sqrt(m)`, `y = 1 - test_accuracy`: every name known, every call a math function. */
function checkAxis(spec: A.Spec, c: A.ChartItem, key: string, e: A.Expr, accept: Accept): void {
  if (e.kind === 'ref') {
    if (!isCoordinateOfChart(c, e.name)) checkName(spec, e.name, e.span, M.inChart(c.name), accept);
    return;
  }
  if (e.kind === 'missing') return;
  const heat = c.settings.some((x) => x.path[0] === 'mark' && x.value.kind === 'ref' && x.value.name === 'heatmap');
  if (heat) { accept(error('E0301', M.heatmapAxisNotName(key), e.span, M.heatmapAxisNotNameHint())); return; }
  checkAxisExpr(spec, c, key, e, accept);
}

function checkAxisExpr(spec: A.Spec, c: A.ChartItem, key: string, e: A.Expr, accept: Accept): void {
  switch (e.kind) {
    case 'number': case 'missing': return;
    case 'ref': if (!AXIS_CONSTANTS.includes(e.name)) checkName(spec, e.name, e.span, M.inChart(c.name), accept); return;
    case 'unary': if (e.op === 'not') break; checkAxisExpr(spec, c, key, e.operand, accept); return;
    case 'binary': if (e.op === 'and' || e.op === 'or') break; checkAxisExpr(spec, c, key, e.left, accept); checkAxisExpr(spec, c, key, e.right, accept); return;
    case 'call': {
      if (!AXIS_FUNCTIONS.includes(e.callee)) {
        const near = suggest(e.callee, AXIS_FUNCTIONS);
        accept(error('E0202', M.chartAxisFunction(e.callee), e.calleeSpan, near && near !== e.callee ? M.didYouMean(near) : M.chartAxisFunctionHint(AXIS_FUNCTIONS)));
      }
      for (const a of e.args) checkAxisExpr(spec, c, key, a.value, accept);
      return;
    }
    default: break;
  }
  accept(error('E0301', M.chartAxisNotExpr(key), e.span, M.chartAxisNotExprHint()));
}

function checkLogAxes(e: A.Expr, accept: Accept): void {
  const items = e.kind === 'list' ? e.items : [e];
  for (const i of items) {
    if (i.kind !== 'ref' || (i.name !== 'x' && i.name !== 'y')) {
      accept(error('E0213', M.badLogAxis(), i.span, M.badLogAxisHint()));
    }
  }
}

function checkTheory(e: A.Expr, accept: Accept): void {
  const callee = e.kind === 'call' ? e.callee : e.kind === 'ref' ? e.name : null;
  const names = Object.keys(CALLS.theory);
  if (callee === null || !names.includes(callee)) {
    const near = callee ? suggest(callee, names) : null;
    accept(error('E0203', M.unknownTheory(callee), e.kind === 'call' ? e.calleeSpan : e.span, near ? M.didYouMean(near) : M.oneOf(names)));
  }
}
