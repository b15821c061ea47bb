// buildFigure: one chart of the report section + records → a numbered figure: its Vega-Lite
// spec (data inline), the notes the theory overlays add to the caption, and the figure's
// HTML around the static SVG (and, when interactive, the spec the page's script embeds).

import type { TidyRecord } from '../run/results.js';
import { aggregate, aggregateGrid, seedPoints, type Point } from './aggregate.js';
import { buildChart, type ChartData } from './chart.js';
import { esc, scriptJson, slug } from './escape.js';
import { renderInline } from './markdown.js';
import { MSG } from './messages.js';
import { rangeOf } from './labels.js';
import { exprMath } from './axes.js';
import type { ChartDef, ReportSpec } from './spec.js';
import { isolineOverlay, linearizedOverlay, mergeCoincident, powerLawOverlay, type Overlay } from './theory.js';
import type { TopLevelSpec } from 'vega-lite';

export interface Figure {
  name: string;
  number: number;
  chart: ChartDef;
  vl: TopLevelSpec;
  notes: string[];
  empty: boolean;
}

export const figureId = (name: string): string => `fig-${slug(name)}`;

function overlayFor(chart: ChartDef, records: readonly TidyRecord[], data: ChartData, spec: ReportSpec): Overlay {
  const t = chart.theory;
  if (!t) return { points: [], notes: [] };
  if (t.kind === 'power_law' || t.kind === 'fit') {
    return powerLawOverlay(seedPoints(records, chart), t.kind === 'power_law' ? t.slope : null);
  }
  if (t.kind === 'isolines') {
    if (!data.grid.length) return { points: [], notes: [] };
    const xs = data.grid.map((g) => g.x), ys = data.grid.map((g) => g.y);
    const range = (v: number[]): [number, number] => [Math.min(...v), Math.max(...v)];
    return isolineOverlay(t.expr, exprMath(t.expr), chart.x, chart.y, range(xs), range(ys), chart.log, spec.bindings);
  }
  if (t.kind === 'analytic') {
    // y = ntk_slice → ntk_slice_analytic (the infinite-width values recorded beside it).
    const analytic = `${chart.y}_analytic`;
    if (!records.some((r) => r.measurement === analytic)) return { points: [], notes: [MSG.analyticMissing(chart.y)] };
    const overlay = linearizedOverlay(aggregate(records, { ...chart, y: analytic, color: null }), 'analytic', 'analytic (infinite width)');
    return { ...overlay, notes: [MSG.analyticDrawn] };
  }
  if (t.kind === 'infinite_width') {
    // y = train_loss → infinite_train_loss (recorded by the infinite_width measurement).
    const infinite = `infinite_${chart.y}`;
    if (!records.some((r) => r.measurement === infinite)) return { points: [], notes: [MSG.infiniteMissing] };
    const overlay = linearizedOverlay(aggregate(records, { ...chart, y: infinite }), 'infinite width', 'infinite width');
    return { ...overlay, notes: [MSG.infiniteDrawn] };
  }
  const linearized = `linearized_${chart.y}`;
  if (!records.some((r) => r.measurement === linearized)) return { points: [], notes: [MSG.linearizedMissing] };
  const overlay = linearizedOverlay(aggregate(records, { ...chart, y: linearized }));
  return { ...overlay, notes: [MSG.linearizedDrawn] };
}

/** Data for one chart from one set of records. */
export function chartData(chart: ChartDef, records: readonly TidyRecord[]): ChartData {
  if (chart.mark === 'heatmap') return { points: [], grid: aggregateGrid(records, chart), lines: [] };
  return { points: aggregate(records, chart), grid: [], lines: [] };
}

/** Which band the figure draws: over how many seeds, in log space or not, cut at the range's edge. */
export function bandNote(chart: ChartDef, points: readonly Point[]): string[] {
  const banded = points.filter((p) => p.lo !== null);
  if (chart.band === 'none' || !banded.length) return [];
  const ns = banded.map((p) => p.n);
  const logSpace = banded.every((p) => p.logSpace);
  const edge = chart.log.y && !logSpace ? MSG.lowestMean : rangeOf(chart.y) === 'fraction' ? '[0, 1]' : '0';
  const clipped = banded.some((p) => p.clipped) ? edge : null;
  return [MSG.bandNote(chart.band, MSG.seedCount(Math.min(...ns), Math.max(...ns)), logSpace, clipped)];
}

/** The caption's note when some cells the chart draws did not converge. */
function unconvergedNote(chart: ChartDef, records: readonly TidyRecord[], unconverged: ReadonlySet<string>): string[] {
  if (!unconverged.size) return [];
  const drawn = new Set(records.filter((r) => r.measurement === chart.y || r.measurement === chart.color).map((r) => r.cell));
  const n = [...drawn].filter((h) => unconverged.has(h)).length;
  return n ? [MSG.unconvergedFigure(n, drawn.size)] : [];
}

/** Points whose mean includes an unconverged cell, marked (the same aggregation on those cells alone finds them). */
function markUnconverged(chart: ChartDef, points: Point[], records: readonly TidyRecord[], unconverged: ReadonlySet<string>): Point[] {
  // Along x = step every logged point of a run would get a ring: the caption's note says it there.
  if (!unconverged.size || chart.mark === 'heatmap' || chart.x === 'step') return points;
  const key = (p: Point): string => `${p.series}\u0000${String(p.x)}`;
  const bad = new Set(aggregate(records.filter((r) => unconverged.has(r.cell)), chart).map(key));
  return bad.size ? points.map((p) => (bad.has(key(p)) ? { ...p, unconverged: true } : p)) : points;
}

export function buildFigure(chart: ChartDef, number: number, records: readonly TidyRecord[], spec: ReportSpec, unconverged: ReadonlySet<string> = new Set()): Figure {
  const plain = chartData(chart, records);
  const base = { ...plain, points: markUnconverged(chart, plain.points, records, unconverged) };
  const overlay = overlayFor(chart, records, base, spec);
  const data: ChartData = { ...base, lines: chart.color !== null ? mergeCoincident(overlay.points) : overlay.points };
  const empty = !base.points.length && !base.grid.length;
  const notes = empty ? [MSG.noData(chart.color && chart.mark === 'heatmap' ? chart.color : chart.y)] : [...bandNote(chart, base.points), ...overlay.notes, ...unconvergedNote(chart, records, unconverged)];
  return { name: chart.name, number, chart, vl: buildChart(chart, data), notes, empty };
}

/** Figures overlaying several revisions' records (a diff): no theory lines, revision by dash/shape. */
export function buildOverlayFigure(chart: ChartDef, number: number, given: { label: string; records: readonly TidyRecord[] }[]): Figure {
  // Two sides read as before and after in the legend.
  const sides = given.length === 2 ? given.map((s, i) => ({ ...s, label: MSG.sideLabel(s.label, i === 0) })) : given;
  const revisions = sides.map((s) => s.label);
  if (chart.mark === 'heatmap') {
    // Heatmaps cannot overlay: one panel per revision.
    const grid = sides.flatMap((s) => aggregateGrid(s.records, chart).map((g) => ({ ...g, facet: s.label })));
    const vl = buildChart({ ...chart, facet: 'revision', theory: null }, { points: [], grid, lines: [] });
    return { name: chart.name, number, chart: overlayCaption(chart), vl, notes: [], empty: !grid.length };
  }
  const points: Point[] = sides.flatMap((s) => aggregate(s.records, chart, s.label).map((p) => ({ ...p, series: `${s.label} ${p.series}` })));
  const vl = buildChart({ ...chart, theory: null }, { points, grid: [], lines: [], revisions });
  return { name: chart.name, number, chart: overlayCaption(chart), vl, notes: bandNote(chart, points), empty: !points.length };
}

/** The spec's caption describes one revision's bands and theory lines, which a diff omits. */
function overlayCaption(chart: ChartDef): ChartDef {
  return { ...chart, caption: MSG.overlayCaption };
}

function caption(f: Figure): string {
  const c = f.chart;
  const title = c.title ? `<span class="title">${renderInline(c.title)}.</span> ` : '';
  const text = c.caption ? `${renderInline(c.caption)} ` : '';
  const notes = f.notes.length ? `<span class="auto">${f.notes.map(esc).join(' ')}</span>` : '';
  return `<figcaption><span class="label">${esc(MSG.figure(f.number))}.</span>${title}${text}${notes}</figcaption>`;
}

/** The figure element: static SVG always; the Vega-Lite spec too when the page is interactive. */
export function figureHtml(f: Figure, svg: string, interactive: boolean): string {
  const live = interactive && !f.empty
    ? `<div class="live" hidden></div><script type="application/json" class="vl-spec">${scriptJson(f.vl)}</script>`
    : '';
  return `<figure id="${figureId(f.name)}" data-chart="${esc(f.name)}"><div class="chart"><div class="static">${svg}</div>${live}</div>${caption(f)}</figure>`;
}
