// aggregate: tidy records → the points one chart draws. Each cell contributes its value at
// the chart's `at` step (or its whole trajectory when x = step); cells that differ only in
// the seed are averaged, with a band over seeds. Whole-network rows only (no `layer`).
//
//   records ─select→ per-cell values ─group by series and x→ mean, band, n

import type { TidyRecord } from '../run/results.js';
import type { At, Band, ChartDef } from './spec.js';

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

/** Series = the cell's values without x and the seed (unless the seed is shown). */
function seriesOf(c: Cell, chart: ChartDef): string {
  const keep = Object.entries(c.values).filter(([k]) => k !== chart.x);
  const bySeed = chart.color === 'seed' || chart.facet === 'seed';
  return JSON.stringify(bySeed ? [...keep, ['seed', c.seed]] : keep);
}

/** Per-cell points of a chart (x = step: every logged step; else the value at `at`). */
export function seedPoints(records: readonly TidyRecord[], chart: ChartDef): SeedPoint[] {
  if (isCoordinate(records, chart)) return coordinatePoints(records, chart);
  const xIsMeasure = chart.x !== 'step' && !records.some((r) => chart.x in r.values) && chart.x !== 'seed';
  const cells = byCell(records, xIsMeasure ? [chart.y, chart.x] : [chart.y]);
  const out: SeedPoint[] = [];
  for (const c of cells.values()) {
    const base = { series: seriesOf(c, chart), seed: c.seed, color: variable(c, chart.color), facet: variable(c, chart.facet) };
    const group = JSON.stringify([base.color, base.facet]);
    if (chart.x === 'step') {
      for (const r of c.rows) if (r.measurement === chart.y) out.push({ ...base, group, x: r.step, y: r.value! });
      continue;
    }
    const y = pickAt(c.rows, chart.y, chart.at);
    const x = xIsMeasure ? pickAt(c.rows, chart.x, chart.at) : variable(c, chart.x);
    if (y !== null && x !== null) out.push({ ...base, group, x, y });
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
    const base = { series: seriesOf(c, chart), seed: c.seed, color: variable(c, chart.color), facet: variable(c, chart.facet) };
    const group = JSON.stringify([base.color, base.facet]);
    for (const r of rows) if (r.step === step) out.push({ ...base, group, x: r.coords![chart.x]!, y: r.value! });
  }
  return out;
}

export function stats(ys: number[], band: Band): { mean: number; lo: number | null; hi: number | null } {
  const n = ys.length;
  const mean = ys.reduce((s, v) => s + v, 0) / n;
  if (n < 2 || band === 'none') return { mean, lo: null, hi: null };
  if (band === 'minmax') return { mean, lo: Math.min(...ys), hi: Math.max(...ys) };
  const sd = Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const w = band === 'sem' ? sd / Math.sqrt(n) : sd;
  return { mean, lo: mean - w, hi: mean + w };
}

/** Drop what a log axis cannot show; clip a band that reaches below zero to the data. */
function fitLogAxes(points: Point[], chart: ChartDef): Point[] {
  const ok = points.filter((p) => (!chart.log.x || (typeof p.x === 'number' && p.x > 0)) && (!chart.log.y || p.y > 0));
  if (!chart.log.y) return ok;
  const floor = Math.min(...ok.map((p) => p.y));
  return ok.map((p) => (p.lo !== null && p.lo <= 0 ? { ...p, lo: floor } : p));
}

/** Mean over seeds with a band, one point per series and x, in a stable order. */
export function aggregate(records: readonly TidyRecord[], chart: ChartDef, revision?: string): Point[] {
  const groups = new Map<string, SeedPoint[]>();
  for (const p of seedPoints(records, chart)) {
    const k = JSON.stringify([p.series, p.x]);
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const points = [...groups.values()].map((ps) => {
    const s = stats(ps.map((p) => p.y), chart.band);
    const p0 = ps[0]!;
    const pt: Point = { series: p0.series, x: p0.x, y: s.mean, lo: s.lo, hi: s.hi, n: ps.length, color: p0.color, facet: p0.facet };
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
  for (const c of cells.values()) {
    const x = c.values[chart.x], y = c.values[chart.y], v = pickAt(c.rows, measure, chart.at);
    if (typeof x !== 'number' || typeof y !== 'number' || v === null) continue;
    const facet = variable(c, chart.facet);
    const k = JSON.stringify([x, y, facet]);
    const g = groups.get(k) ?? { x, y, facet, vs: [] };
    g.vs.push(v);
    groups.set(k, g);
  }
  return [...groups.values()]
    .map((g) => ({ x: g.x, y: g.y, v: g.vs.reduce((s, a) => s + a, 0) / g.vs.length, n: g.vs.length, facet: g.facet }))
    .sort((a, b) => a.x - b.x || a.y - b.y);
}
