// aggregate: tidy records → the points one chart draws. Each cell contributes its value at
// the chart's `at` step (or its whole trajectory when x = step); cells that differ only in
// the seed are averaged, with a band over seeds. Whole-network rows only (no `layer`).
//
//   records ─select→ per-cell values ─group by series and x→ mean, band, n

import type { TidyRecord } from '../run/results.js';
import type { At, Band, ChartDef } from './spec.js';
import { rangeOf, type Range } from './labels.js';
import { axisReader, xVariables, type AxisReader } from './axes.js';

export type Key = number | string;

/** One drawn point: the mean over seeds at x of one series, with its band. */
export interface Point {
  series: string;
  x: Key;
  y: number;
  lo: number | null;
  hi: number | null;
  n: number;
  color: Key | null;
  facet: Key | null;
  revision?: string;
  /** The mean is geometric and the band ×/÷ (a log y axis). */
  logSpace?: boolean;
  /** The band was cut at the edge of the measurement's range. */
  clipped?: boolean;
  /** Some cell averaged into this point did not converge (drawn with a hollow ring). */
  unconverged?: boolean;
}

/** One cell's value at one x, before averaging (the fits resample these by seed). */
export interface SeedPoint { series: string; group: string; seed: number; x: Key; y: number; color: Key | null; facet: Key | null }

/** Heatmap cell: mean of the color measurement at (x, y). */
export interface GridPoint { x: number; y: number; v: number; n: number; facet: Key | null }

type Cell = { values: Record<string, Key>; seed: number; rows: TidyRecord[] };

function byCell(records: readonly TidyRecord[], measurements: string[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const r of records) {
    if (r.layer !== undefined || r.value === null || !measurements.includes(r.measurement)) continue;
    const c = cells.get(r.cell) ?? { values: r.values, seed: r.seed, rows: [] };
    c.rows.push(r);
    cells.set(r.cell, c);
  }
  return cells;
}

/** The value of a measurement in one cell at `at`. */
export function pickAt(rows: readonly TidyRecord[], measurement: string, at: At): number | null {
  const mine = rows.filter((r) => r.measurement === measurement && r.value !== null).sort((a, b) => a.step - b.step);
  if (!mine.length) return null;
  if (at === 'final') return mine[mine.length - 1]!.value;
  if (at === 'initial') return mine[0]!.value;
  if (at === 'best') return Math.min(...mine.map((r) => r.value!));
  const before = mine.filter((r) => r.step <= at);
  return (before.length ? before[before.length - 1]! : mine[0]!).value;
}

function variable(c: Cell, name: string | null): Key | null {
  if (name === null) return null;
  if (name === 'seed') return c.seed;
  return c.values[name] ?? null;
}

/** Series = the cell's values without what x stands for and the seed (unless the seed is shown). */
function seriesOf(c: Cell, chart: ChartDef, along: readonly string[]): string {
  const keep = Object.entries(c.values).filter(([k]) => !along.includes(k));
  const bySeed = chart.color === 'seed' || chart.facet === 'seed';
  return JSON.stringify(bySeed ? [...keep, ['seed', c.seed]] : keep);
}

/** Per-cell points along the steps: a measurement's logged steps (an expression: those of its first measurement). */
function stepPoints(c: Cell, chart: ChartDef, y: AxisReader): { x: number; y: number }[] {
  if (!chart.exprs?.y) return c.rows.filter((r) => r.measurement === chart.y).map((r) => ({ x: r.step, y: r.value! }));
  const first = y.measures[0];
  if (first === undefined) return [];
  const steps = [...new Set(c.rows.filter((r) => r.measurement === first).map((r) => r.step))];
  return steps.flatMap((s) => { const v = y.read(c, s); return typeof v === 'number' ? [{ x: s, y: v }] : []; });
}

/** Per-cell points of a chart (x = step: every logged step; else the value at `at`). */
export function seedPoints(records: readonly TidyRecord[], chart: ChartDef): SeedPoint[] {
  if (isCoordinate(records, chart)) return coordinatePoints(records, chart);
  // A swept variable wins over a measurement of the same name, as the checker reads names.
  const swept = new Set(records.flatMap((r) => Object.keys(r.values)));
  const measured = new Set(records.map((r) => r.measurement).filter((m) => !swept.has(m)));
  const bindings = chart.exprs?.bindings;
  const y = axisReader(chart.y, chart.exprs?.y ?? null, measured, bindings);
  const x = chart.x === 'step' ? null : axisReader(chart.x, chart.exprs?.x ?? null, measured, bindings);
  const cells = byCell(records, [...y.measures, ...(x?.measures ?? [])]);
  const along = xVariables(chart);
  const out: SeedPoint[] = [];
  for (const c of cells.values()) {
    const base = { series: seriesOf(c, chart, along), seed: c.seed, color: variable(c, chart.color), facet: variable(c, chart.facet) };
    const group = JSON.stringify([base.color, base.facet]);
    if (!x) {
      for (const p of stepPoints(c, chart, y)) out.push({ ...base, group, ...p });
      continue;
    }
    const yv = y.read(c, chart.at), xv = x.read(c, chart.at);
    if (typeof yv === 'number' && xv !== null) out.push({ ...base, group, x: xv, y: yv });
  }
  return out;
}

/** x names a coordinate y's records are recorded along (`x = gamma` for `y = ntk_slice`). */
function isCoordinate(records: readonly TidyRecord[], chart: ChartDef): boolean {
  return records.some((r) => r.measurement === chart.y && r.coords !== undefined && chart.x in r.coords);
}

/** The logged step `at` selects among a cell's steps (`best` has no meaning per coordinate: the last). */
function stepAt(steps: readonly number[], at: At): number {
  const sorted = [...steps].sort((a, b) => a - b);
  if (at === 'initial') return sorted[0]!;
  if (typeof at !== 'number') return sorted[sorted.length - 1]!;
  const before = sorted.filter((s) => s <= at);
  return before.length ? before[before.length - 1]! : sorted[0]!;
}

/** Per-cell points along a coordinate: every record of y at the step `at` selects, x its coordinate. */
function coordinatePoints(records: readonly TidyRecord[], chart: ChartDef): SeedPoint[] {
  const out: SeedPoint[] = [];
  for (const c of byCell(records, [chart.y]).values()) {
    const rows = c.rows.filter((r) => r.coords !== undefined && chart.x in r.coords);
    if (!rows.length) continue;
    const step = stepAt(rows.map((r) => r.step), chart.at);
    const base = { series: seriesOf(c, chart, [chart.x]), seed: c.seed, color: variable(c, chart.color), facet: variable(c, chart.facet) };
    const group = JSON.stringify([base.color, base.facet]);
    for (const r of rows) if (r.step === step) out.push({ ...base, group, x: r.coords![chart.x]!, y: r.value! });
  }
  return out;
}

export interface Stats { mean: number; lo: number | null; hi: number | null }

/** Arithmetic mean with a ±std, ±sem or min–max band (null with one value or band none). */
export function stats(ys: number[], band: Band): Stats {
  const n = ys.length;
  const mean = ys.reduce((s, v) => s + v, 0) / n;
  if (n < 2 || band === 'none') return { mean, lo: null, hi: null };
  if (band === 'minmax') return { mean, lo: Math.min(...ys), hi: Math.max(...ys) };
  const sd = Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const w = band === 'sem' ? sd / Math.sqrt(n) : sd;
  return { mean, lo: mean - w, hi: mean + w };
}

/**
 * The same in log space, for a log axis: the geometric mean, and the band ×/÷ the geometric
 * std (or sem), so it is symmetric on the axis and never reaches zero. Null when some value
 * is not positive (a log axis cannot show it; the caller falls back to the arithmetic band).
 */
export function logStats(ys: number[], band: Band): Stats | null {
  if (ys.some((y) => !(y > 0))) return null;
  const g = geometric(ys, band);
  return band === 'minmax' ? { ...g, lo: Math.min(...ys), hi: Math.max(...ys) } : g;
}

function geometric(ys: number[], band: Band): Stats {
  const s = stats(ys.map(Math.log), band);
  return { mean: Math.exp(s.mean), lo: s.lo === null ? null : Math.exp(s.lo), hi: s.hi === null ? null : Math.exp(s.hi) };
}

/** A band kept inside the values a measurement can take (accuracies in [0, 1], norms ≥ 0). */
export function clipBand(s: Stats, range: Range): Stats {
  if (s.lo === null || s.hi === null || range === 'any') return s;
  const lo = Math.max(0, s.lo), hi = range === 'fraction' ? Math.min(1, s.hi) : s.hi;
  return { ...s, lo, hi };
}

/** How a chart's points summarize seeds: log space on a log y axis, except for a measurement a log axis cannot show. */
export function summarize(ys: number[], chart: ChartDef): Stats & { logSpace: boolean; clipped: boolean } {
  const geo = chart.log.y ? logStats(ys, chart.band) : null;
  const raw = geo ?? stats(ys, chart.band);
  const s = clipBand(raw, rangeOf(chart.y));
  return { ...s, logSpace: geo !== null, clipped: s.lo !== raw.lo || s.hi !== raw.hi };
}

/** Drop what a log axis cannot show; a band (arithmetic, some seed ≤ 0) reaching below zero stops at the lowest mean. */
function fitLogAxes(points: Point[], chart: ChartDef): Point[] {
  const ok = points.filter((p) => (!chart.log.x || (typeof p.x === 'number' && p.x > 0)) && (!chart.log.y || p.y > 0));
  if (!chart.log.y) return ok;
  const floor = Math.min(...ok.map((p) => p.y));
  return ok.map((p) => (p.lo !== null && p.lo <= 0 ? { ...p, lo: floor, clipped: true } : p));
}

/** Mean over seeds with a band, one point per series and x, in a stable order. */
export function aggregate(records: readonly TidyRecord[], chart: ChartDef, revision?: string): Point[] {
  const groups = new Map<string, SeedPoint[]>();
  for (const p of seedPoints(records, chart)) {
    const k = JSON.stringify([p.series, p.x]);
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const points = [...groups.values()].map((ps) => {
    const s = summarize(ps.map((p) => p.y), chart);
    const p0 = ps[0]!;
    const pt: Point = { series: p0.series, x: p0.x, y: s.mean, lo: s.lo, hi: s.hi, n: ps.length, color: p0.color, facet: p0.facet, ...(s.logSpace ? { logSpace: true } : {}), ...(s.clipped ? { clipped: true } : {}) };
    return revision === undefined ? pt : { ...pt, revision };
  });
  points.sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : compareKeys(a.x, b.x)));
  return fitLogAxes(points, chart);
}

export function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Heatmap: x and y are swept variables, the color names the measurement (mean over seeds). */
export function aggregateGrid(records: readonly TidyRecord[], chart: ChartDef): GridPoint[] {
  const measure = chart.color ?? chart.y;
  const cells = byCell(records, [measure]);
  const groups = new Map<string, { x: number; y: number; facet: Key | null; vs: number[] }>();
  const add = (x: number, y: number, facet: Key | null, v: number): void => {
    const k = JSON.stringify([x, y, facet]);
    const g = groups.get(k) ?? { x, y, facet, vs: [] };
    g.vs.push(v);
    groups.set(k, g);
  };
  const along = (r: TidyRecord): boolean => r.coords !== undefined && chart.x in r.coords && chart.y in r.coords;
  for (const c of cells.values()) {
    const facet = variable(c, chart.facet);
    const coordRows = c.rows.filter((r) => r.measurement === measure && along(r));
    if (coordRows.length) {
      // x and y are coordinates the measurement is recorded along (ntk_grid: u, v): one point per record at the `at` step.
      const step = stepAt(coordRows.map((r) => r.step), chart.at);
      for (const r of coordRows) if (r.step === step) add(r.coords![chart.x]!, r.coords![chart.y]!, facet, r.value!);
      continue;
    }
    const x = c.values[chart.x], y = c.values[chart.y], v = pickAt(c.rows, measure, chart.at);
    if (typeof x !== 'number' || typeof y !== 'number' || v === null) continue;
    add(x, y, facet, v);
  }
  return [...groups.values()]
    .map((g) => ({ x: g.x, y: g.y, v: g.vs.reduce((s, a) => s + a, 0) / g.vs.length, n: g.vs.length, facet: g.facet }))
    .sort((a, b) => a.x - b.x || a.y - b.y);
}
