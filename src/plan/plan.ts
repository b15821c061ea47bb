// planSpec: checked spec (+ profile) → run cells. Expands the grid (data × model × sweeps ×
// seeds), resolves every value per cell, reports a value that goes bad naming its cell, and
// hashes each cell's canonical JSON so unchanged cells keep their hash.

import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import type { Plan, RunCell } from './cell.js';
import { applyProfile, profileNames } from './profile.js';
import { evaluateAxis, evaluateSeeds, gridPoints, toDiagnostic, type Axis, type Seeds } from './sweep.js';
import { gridFactors, refuseGrid } from './grid-size.js';
import { EvalError, makeScope, EvalErrors } from './eval.js';
import { resolveModel, settingOf } from './resolve-model.js';
import { checkCsvLabels, dataClasses, resolveData } from './resolve-data.js';
import type { DataFiles } from './data-files.js';
import { inputShapeOf } from './data-shape.js';
import { resolveMeasure, resolveTrain } from './resolve-train.js';
import { estimateCost } from './cost.js';
import { wasmHeapProblem } from './memory.js';
import { ResolveMemo } from './memo.js';
import * as M from '../messages/index.js';

export interface PlanOptions {
  profile: string | null;
  /** Column count of a CSV data file (the planner itself reads no files). */
  csvDims?: (path: string) => number | null;
  /** The data files cells read, by content (src/plan/data-files.ts); their hashes go into the cells'. */
  files?: DataFiles;
  /** false: leave every cell's hash empty (`check` only counts cells; hashing was a quarter of its time). */
  hash?: boolean;
  /** Plan a grid above LIMITS.cells anyway (never one above LIMITS.maxCells). */
  force?: boolean;
}

export interface PlanResult { plan: Plan | null; diagnostics: Diagnostic[] }

export function planSpec(source: A.Spec, opts: PlanOptions): PlanResult {
  const { spec, diagnostics } = applyProfile(source, opts.profile);
  if (diagnostics.length) return { plan: null, diagnostics };
  const bindings = new Map(spec.statements.filter((s): s is A.LetStatement => s.kind === 'let').map((s) => [s.name, s.value]));
  const axes: Axis[] = [];
  for (const s of spec.statements) {
    if (s.kind !== 'sweep') continue;
    try {
      axes.push(evaluateAxis(s, bindings));
    } catch (e) {
      diagnostics.push(toDiagnostic(e));
    }
  }
  let seeds: Seeds = { count: 1, values: () => [0] };
  try {
    seeds = evaluateSeeds(spec.statements.find((s): s is A.SeedsStatement => s.kind === 'seeds'), bindings);
  } catch (e) {
    diagnostics.push(toDiagnostic(e));
  }
  if (diagnostics.length) return { plan: null, diagnostics };
  // The grid's size is known before a single cell is built: refuse a huge one at once.
  const refused = refuseGrid(gridFactors(spec, axes, seeds.count), opts, profileNames(source));
  if (refused) return { plan: null, diagnostics: [refused] };
  const cells = expandCells(spec, bindings, axes, seeds.values(), opts, diagnostics);
  if (diagnostics.length) return { plan: null, diagnostics };
  const experiment = spec.statements.find((s): s is A.ExperimentBlock => s.kind === 'experiment')?.name ?? 'experiment';
  return { plan: { experiment, profile: opts.profile, cells, cost: estimateCost(cells) }, diagnostics };
}

function expandCells(spec: A.Spec, bindings: Map<string, A.Expr>, axes: Axis[], seeds: number[], opts: PlanOptions, out: Diagnostic[]): RunCell[] {
  const experiment = spec.statements.find((s): s is A.ExperimentBlock => s.kind === 'experiment')?.name ?? 'experiment';
  const datas = spec.statements.filter((s): s is A.DataBlock => s.kind === 'data');
  const models = spec.statements.filter((s): s is A.ModelBlock => s.kind === 'model');
  const train = spec.statements.find((s): s is A.TrainBlock => s.kind === 'train');
  const measure = spec.statements.find((s): s is A.MeasureBlock => s.kind === 'measure');
  if (!datas.length || !models.length || !train) return [];
  const problems = new CellProblems();
  const cells: RunCell[] = [];
  const memo = new ResolveMemo(bindings, new Set([...axes.flatMap((a) => a.names), 'seed']));
  const points = gridPoints(axes);
  const blocks = { train, measure, experiment, opts, bindings, memo, problems };
  for (const data of datas) for (const model of models) {
    // Without the data, a layered model's shapes and a batch's bound are unknown: resolving them
    // anyway would echo the data's error as shape and batch errors.
    const layered = model.settings.some((x) => x.path[0] === 'layers');
    const labels: Record<string, string> = {};
    if (models.length > 1) labels['model'] = model.name;
    if (datas.length > 1) labels['data'] = data.name;
    for (const point of points) for (const seed of seeds) {
      const cell = resolveCell(blocks, data, model, layered, { ...point, ...labels }, { ...point, seed }, cells.length);
      if (cell) cells.push(opts.hash === false ? cell : hashCell(cell));
    }
  }
  out.push(...problems.diagnostics());
  return cells;
}

/** Augmentation is applied by the layered session only: a fully connected model is refused at the setting. */
function augmentOnFullyConnected(data: A.DataBlock, model: string): EvalError {
  return new EvalError('E0349', M.augmentNeedsLayers(model), settingOf(data, 'augment')!.span, M.augmentNeedsLayersHint());
}

interface CellBlocks {
  train: A.TrainBlock;
  measure: A.MeasureBlock | undefined;
  experiment: string;
  opts: PlanOptions;
  bindings: Map<string, A.Expr>;
  memo: ResolveMemo;
  problems: CellProblems;
}

/** One cell's data, model, training and measurements, or null when a part is bad (reported). */
function resolveCell(b: CellBlocks, data: A.DataBlock, model: A.ModelBlock, layered: boolean, values: Record<string, number | string>, swept: Record<string, number | string>, index: number): RunCell | null {
  const { opts, memo, problems } = b;
  const scope = makeScope(b.bindings, swept);
  const cellNo = problems.nextCell();
  // Each part resolves on its own so one bad part does not hide the problems of the others, and
  // once per distinct set of the swept values it reads (memo.ts).
  const once = <T>(part: string, block: object | undefined, extra: unknown[], f: () => T): T | null => {
    try {
      return memo.get(part, block, extra, swept, f);
    } catch (e) {
      return problems.add(e, values, cellNo);
    }
  };
  const seed = swept['seed'] as number;
  const d = once('data', data, [seed], () => resolveData(data, seed, opts, scope));
  const m = d || !layered ? once('model', model, [d], () => resolveModel(model, d?.dim ?? 1, dataClasses(d, opts.files), scope, d ? inputShapeOf(d) : undefined)) : null;
  const t = once('train', b.train, [m?.head, d?.nTrain], () => resolveTrain(b.train, m?.head ?? 'scalar', d?.nTrain ?? Number.MAX_SAFE_INTEGER, scope));
  const ms = once('measure', b.measure, [], () => resolveMeasure(b.measure, scope));
  if (d && m && t) once('labels', data, [d, t.loss, m.outputDim], () => checkCsvLabels(data, d, t.loss, m.outputDim, opts.files));
  if (d?.augment && m && !m.layers) once('augment', data, [m.name], () => { throw augmentOnFullyConnected(data, m.name); });
  if (!(d && m && t && ms)) return null;
  const layers = settingOf(model, 'layers');
  if (m.layers && layers && !opts.force) {
    // Cells sharing the model's shapes and batch share the answer (and the diagnostic, said once).
    const heap = once('memory', model, [m, t, d], () => { const e = wasmHeapProblem({ model: m, train: t, data: d }, layers.span); if (e) throw e; return true; });
    if (heap === null) return null;
  }
  return { hash: '', index, experiment: b.experiment, values, seed, data: d, model: m, train: t, measure: ms };
}

/**
 * Problems found while resolving cells, each said once. A value error (E03xx) or a step the wasm
 * heap cannot hold (E0503) names the first cell it occurs in, unless it occurs in every cell: then
 * no cell is to blame.
 */
class CellProblems {
  private readonly found = new Map<string, { e: unknown; values: Record<string, number | string>; cells: Set<number> }>();
  private count = 0;

  nextCell(): number {
    return this.count++;
  }

  add(e: unknown, values: Record<string, number | string>, cell: number): null {
    if (e instanceof EvalErrors) {
      for (const one of e.errors) this.add(one, values, cell);
      return null;
    }
    const d = toDiagnostic(e);
    const key = `${d.code}@${d.span.start.offset}`;
    const f = this.found.get(key) ?? { e, values, cells: new Set<number>() };
    f.cells.add(cell);
    this.found.set(key, f);
    return null;
  }

  diagnostics(): Diagnostic[] {
    return [...this.found.values()].map(({ e, values, cells }) => {
      const named = e instanceof EvalError && (e.code.startsWith('E03') || e.code === 'E0503') && cells.size < this.count;
      return toDiagnostic(e, named ? M.inCell(values) : '');
    });
  }
}

/** Canonical JSON: keys sorted at every level, so field order never changes a hash. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The hash covers what is computed (seed, data, model, training, measurements), not the labels
 * (swept values, experiment name, position), so adding a model or renaming the experiment
 * keeps every unchanged cell's cache entry.
 */
export function hashCell(cell: RunCell): RunCell {
  const { seed, data, model, train, measure } = cell;
  const hash = createHash('sha256').update(canonicalJson({ seed, data, model, train, measure })).digest('hex');
  return { ...cell, hash };
}
