// readReportSpec: the parts of a checked spec a report shows — title, authors, abstract, the
// report section's charts and prose in order, and the expectations — as plain values with
// the schema's defaults filled in. The checker has already vetted every setting.

import type * as A from '../lang/ast.js';
import { applyProfile } from '../plan/profile.js';
import { evaluate, makeScope, type Value } from '../plan/eval.js';
import { printExpr } from '../fmt/expr.js';

export type Band = 'std' | 'sem' | 'minmax' | 'none';
export type Mark = 'line' | 'point' | 'heatmap' | 'bar';
export type At = 'final' | 'best' | 'initial' | number;

export type Theory =
  | { kind: 'power_law'; slope: number }
  | { kind: 'fit' }
  | { kind: 'isolines'; expr: A.Expr; text: string }
  | { kind: 'linearized' }
  | { kind: 'infinite_width' }
  | { kind: 'analytic' };

export interface ChartDef {
  name: string;
  title: string;
  caption: string;
  x: string;
  y: string;
  color: string | null;
  facet: string | null;
  log: { x: boolean; y: boolean };
  band: Band;
  mark: Mark;
  at: At;
  theory: Theory | null;
  /** Axes written as expressions (`x = alpha * sqrt(m)`), with the spec's `let` bindings they may use; x and y then hold the printed text. */
  exprs?: AxisExprs;
}

export interface AxisExprs { x: A.Expr | null; y: A.Expr | null; bindings: Map<string, A.Expr> }

export interface ExpectDef { name: string; claim: string; source: string; says: string; figure: string | null; control?: string | null }

export type ReportItem = { kind: 'chart'; chart: ChartDef } | { kind: 'text'; markdown: string };

export interface ReportSpec {
  experiment: string;
  title: string;
  authors: string[];
  abstract: string;
  items: ReportItem[];
  expects: ExpectDef[];
  /** Names swept in the spec (with the profile applied). */
  swept: string[];
  /** The spec's `let` bindings (iso-line expressions may use them). */
  bindings: Map<string, A.Expr>;
}

function setting(settings: A.Setting[], key: string): A.Expr | null {
  return settings.find((s) => s.path.length === 1 && s.path[0] === key)?.value ?? null;
}

/** A literal setting as a value: names read as strings (charts name variables by ref). */
function literal(e: A.Expr | null, bindings: Map<string, A.Expr>): Value | null {
  if (!e) return null;
  if (e.kind === 'ref') return e.name;
  if (e.kind === 'list') return e.items.map((i) => literal(i, bindings) ?? '');
  try {
    return evaluate(e, makeScope(bindings, {}));
  } catch {
    return null;
  }
}

const str = (v: Value | null, d: string): string => (typeof v === 'string' ? v : d);
const strOrNull = (v: Value | null): string | null => (typeof v === 'string' ? v : null);

function readTheory(given: A.Expr | null, bindings: Map<string, A.Expr>): Theory | null {
  // A bare word (`theory = linearized`) is the call without arguments, as the checker reads it.
  const e = given?.kind === 'ref' ? { kind: 'call' as const, callee: given.name, calleeSpan: given.span, args: [], span: given.span } : given;
  if (!e || e.kind !== 'call') return null;
  const first = e.args[0]?.value ?? null;
  switch (e.callee) {
    case 'power_law': {
      const slope = literal(first, bindings);
      return typeof slope === 'number' ? { kind: 'power_law', slope } : { kind: 'fit' };
    }
    case 'fit': return { kind: 'fit' };
    case 'isolines': return first ? { kind: 'isolines', expr: first, text: printExpr(first, 0) } : null;
    case 'linearized': return { kind: 'linearized' };
    case 'infinite_width': return { kind: 'infinite_width' };
    case 'analytic': return { kind: 'analytic' };
    default: return null;
  }
}

function readAt(v: Value | null): At {
  if (typeof v === 'number') return v;
  return v === 'best' || v === 'initial' ? v : 'final';
}

/** An axis setting that is an expression rather than a name (numbers and calls included). */
function axisExpr(e: A.Expr | null): A.Expr | null {
  return e && e.kind !== 'ref' && e.kind !== 'missing' ? e : null;
}

function readExprs(c: A.ChartItem, bindings: Map<string, A.Expr>): { exprs?: AxisExprs } {
  const x = axisExpr(setting(c.settings, 'x')), y = axisExpr(setting(c.settings, 'y'));
  return x || y ? { exprs: { x, y, bindings } } : {};
}

export function readChart(c: A.ChartItem, bindings: Map<string, A.Expr>): ChartDef {
  const exprs = readExprs(c, bindings);
  const get = (k: string): Value | null => {
    const e = setting(c.settings, k);
    // An expression axis is named by its text (legends, tooltips, series keys).
    return (k === 'x' || k === 'y') && axisExpr(e) ? printExpr(e!, 0) : literal(e, bindings);
  };
  const log = get('log');
  const logs = Array.isArray(log) ? log.map(String) : [];
  return {
    ...exprs,
    name: c.name,
    title: str(get('title'), ''),
    caption: str(get('caption'), ''),
    x: str(get('x'), 'step'),
    y: str(get('y'), ''),
    color: strOrNull(get('color')),
    facet: strOrNull(get('facet')),
    log: { x: logs.includes('x'), y: logs.includes('y') },
    band: (str(get('band'), 'std') as Band),
    mark: (str(get('mark'), 'line') as Mark),
    at: readAt(get('at')),
    theory: readTheory(setting(c.settings, 'theory'), bindings),
  };
}

function readExpect(b: A.ExpectBlock, bindings: Map<string, A.Expr>): ExpectDef {
  const claim = setting(b.settings, 'claim');
  return {
    name: b.name,
    claim: claim ? printExpr(claim, 0) : '',
    source: str(literal(setting(b.settings, 'source'), bindings), ''),
    says: str(literal(setting(b.settings, 'says'), bindings), ''),
    figure: strOrNull(literal(setting(b.settings, 'figure'), bindings)),
    control: controlOf(setting(b.settings, 'control')),
  };
}

/** `control = other`: the expectation a negative control protects. */
function controlOf(e: A.Expr | null | undefined): string | null {
  return e?.kind === 'ref' ? e.name : null;
}

export function readReportSpec(source: A.Spec, profile: string | null): ReportSpec {
  const spec = applyProfile(source, profile).spec;
  const bindings = new Map(spec.statements.filter((s): s is A.LetStatement => s.kind === 'let').map((s) => [s.name, s.value]));
  const exp = spec.statements.find((s): s is A.ExperimentBlock => s.kind === 'experiment');
  const get = (k: string): Value | null => (exp ? literal(setting(exp.settings, k), bindings) : null);
  const authors = get('authors');
  const report = spec.statements.filter((s): s is A.ReportBlock => s.kind === 'report');
  const items: ReportItem[] = report.flatMap((r) => r.items).map((i) => (i.kind === 'chart'
    ? { kind: 'chart', chart: readChart(i, bindings) }
    : { kind: 'text', markdown: i.text.value }));
  return {
    experiment: exp?.name ?? 'experiment',
    title: str(get('title'), exp?.name ?? 'experiment'),
    authors: Array.isArray(authors) ? authors.map(String) : [],
    abstract: str(get('abstract'), ''),
    items,
    expects: spec.statements.filter((s): s is A.ExpectBlock => s.kind === 'expect').map((b) => readExpect(b, bindings)),
    swept: spec.statements.flatMap((s) => (s.kind === 'sweep' ? s.names : [])),
    bindings,
  };
}

export function charts(r: ReportSpec): ChartDef[] {
  return r.items.flatMap((i) => (i.kind === 'chart' ? [i.chart] : []));
}
