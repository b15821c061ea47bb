// The results of a run as the expectation evaluator sees them: one entry per cell with its swept
// values, seed, status and measurement series, plus the cell filters a claim's named arguments
// express (`model: lazy`, `m: 64`, `tau: max`). Plain data; no tensors, no I/O.

import type { CompareOp } from '../lang/ast.js';
import type { RunResults } from '../run/results.js';

export interface Point { step: number; value: number | null }

export interface CellData {
  hash: string;
  values: Record<string, number | string>;
  seed: number;
  status: string;
  /** Records per measurement, sorted by step: whole-network ones by name, per-layer ones as `name[k]`. */
  series: Map<string, Point[]>;
}

/** Cells of the results with their series (cells without any record are kept: a failed cell). */
export function indexResults(results: RunResults): CellData[] {
  const cells = new Map<string, CellData>();
  for (const c of results.cells) {
    cells.set(c.hash, { hash: c.hash, values: c.values, seed: c.seed, status: c.status, series: new Map() });
  }
  for (const r of results.records) {
    if (r.coords !== undefined) continue;
    let cell = cells.get(r.cell);
    if (!cell) cells.set(r.cell, (cell = { hash: r.cell, values: r.values, seed: r.seed, status: 'ok', series: new Map() }));
    const key = r.layer === undefined ? r.measurement : layerSeries(r.measurement, r.layer);
    const s = cell.series.get(key) ?? [];
    s.push({ step: r.step, value: r.value });
    cell.series.set(key, s);
  }
  for (const c of cells.values()) for (const s of c.series.values()) s.sort((a, b) => a.step - b.step);
  return [...cells.values()];
}

/** The series name of one layer's values of a measurement (`weight_change` layer 1 → `weight_change[1]`). */
export function layerSeries(measurement: string, layer: number): string {
  return `${measurement}[${layer}]`;
}

/** A cell filter from a named argument: a block name, a number, or the min/max of a variable. */
export type Filter =
  | { name: string; kind: 'equals'; value: number | string }
  | { name: string; kind: 'extreme'; which: 'min' | 'max' }
  /** A range filter `tau >= 1.34` (written either way round; normalized to variable OP bound). */
  | { name: string; kind: 'range'; op: CompareOp; bound: number };

/** Whether `v OP bound` holds (a range filter; non-numbers never do). */
function inRange(v: number | string | undefined, op: CompareOp, bound: number): boolean {
  if (typeof v !== 'number') return false;
  switch (op) {
    case '<': return v < bound;
    case '<=': return v <= bound;
    case '>': return v > bound;
    case '>=': return v >= bound;
    case '==': return v === bound;
    case '!=': return v !== bound;
  }
}

/** The value of `name` in a cell: a swept variable, `seed`, or `model`/`data` (single block: its name). */
export function cellValue(cell: CellData, name: string, defaults: Record<string, string>): number | string | undefined {
  if (name === 'seed') return cell.seed;
  return cell.values[name] ?? defaults[name];
}

/** Cells passing every filter (extremes are taken over the cells passing the equality and range filters). */
export function applyFilters(cells: CellData[], filters: Filter[], defaults: Record<string, string>): CellData[] {
  let out = cells.filter((c) => filters.every((f) => {
    const v = cellValue(c, f.name, defaults);
    return f.kind === 'equals' ? v === f.value : f.kind === 'range' ? inRange(v, f.op, f.bound) : true;
  }));
  for (const f of filters) {
    if (f.kind !== 'extreme') continue;
    const xs = out.map((c) => cellValue(c, f.name, defaults)).filter((v): v is number => typeof v === 'number');
    if (!xs.length) return [];
    const target = f.which === 'max' ? Math.max(...xs) : Math.min(...xs);
    out = out.filter((c) => cellValue(c, f.name, defaults) === target);
  }
  return out;
}

export type CellPick = 'final' | 'initial' | 'best';

/** One number per cell from its series: last logged, step 0, or smallest; undefined when absent. */
export function pick(cell: CellData, measurement: string, which: CellPick): number | null | undefined {
  const s = cell.series.get(measurement);
  if (!s || !s.length) return undefined;
  if (which === 'final') return s[s.length - 1]!.value;
  if (which === 'initial') return s[0]!.step === 0 ? s[0]!.value : undefined;
  const finite = s.map((p) => p.value).filter((v): v is number => v !== null);
  return finite.length ? Math.min(...finite) : null;
}

/** Why the selected cells cannot support a verdict (none, diverged or failed ones), or null. */
export function selectionProblem(cells: CellData[]): string | null {
  if (!cells.length) return 'no cell matches the claim';
  const bad = cells.filter((c) => c.status === 'diverged' || c.status === 'failed');
  if (bad.length) return `${bad.length} of ${cells.length} cells ${bad.every((c) => c.status === 'diverged') ? 'diverged' : 'diverged or failed'}`;
  return null;
}

/** Cells grouped by seed, in seed order. */
export function bySeed(cells: CellData[]): CellData[][] {
  const groups = new Map<number, CellData[]>();
  for (const c of cells) groups.set(c.seed, [...(groups.get(c.seed) ?? []), c]);
  return [...groups.keys()].sort((a, b) => a - b).map((k) => groups.get(k)!);
}
