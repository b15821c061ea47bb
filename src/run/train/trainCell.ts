// Trains one run cell and measures it: the engine's unit of work.
//
//   cell ─data→ Dataset ─init→ w0 ─session→ steps (loss, stop, divergence) ─measure at log steps→ CellResult
//
// Step t means "parameters after t updates"; at a log step the measurements see w_t before the
// (t+1)-th update. Stop conditions and divergence look at the loss of the step's batch (the full
// training set for gd).

import type { MeasureConfig, RunCell } from '../../plan/cell.js';
import { makeDataset, type Dataset } from '../data/index.js';
import { initParams, type LayerParams } from '../model/params.js';
import { findMeasurement, PLANNED_MEASUREMENTS } from '../measure/registry.js';
import { LAYERED_MEASUREMENTS } from '../measure/stability.js';
import type { Measurement, TrainingState } from '../measure/types.js';
import { finiteOrNull, type BackendInfo, type CellResult, type TidyRecord } from '../results.js';
import { makeBatcher } from './batches.js';
import { batchSize } from './optimizers.js';
import { logStepSet } from './schedule.js';
import { openSession, type Session, type StepExecutor } from './session.js';

export interface TrainHooks {
  /** Called after every step with the step just taken. */
  onStep?(step: number): void;
  /** Checked between steps; true aborts the cell (it then rejects with AbortError). */
  aborted?(): boolean;
}

type Planned = { m: Measurement; cfg: MeasureConfig };

/** Split the cell's measure list into runnable measurements and notes for the others. */
export function planMeasurements(cell: RunCell): { run: Planned[]; notes: string[] } {
  const run: Planned[] = [];
  const notes: string[] = [];
  for (const cfg of cell.measure) {
    const m = findMeasurement(cfg.name);
    if (!m) {
      const why = PLANNED_MEASUREMENTS.includes(cfg.name) ? 'not implemented yet' : 'unknown measurement';
      notes.push(`skipped measurement ${cfg.name}: ${why}`);
      continue;
    }
    const no = cell.model.layers && !LAYERED_MEASUREMENTS.has(cfg.name)
      ? 'derived for fully connected networks only so far'
      : m.unsupported?.(cell, cfg.options) ?? null;
    if (no) notes.push(`skipped measurement ${cfg.name}: ${no}`);
    else run.push({ m, cfg });
  }
  return { run, notes };
}

function stateAt(cell: RunCell, step: number, data: Dataset, initial: LayerParams[], s: Session): TrainingState {
  let params: LayerParams[] | null = null;
  return {
    cell, step, data, initial,
    params: () => (params ??= s.params()),
    outputs: (split) => s.outputs(split),
    preactivations: (split, at) => s.preactivations(split, at),
    frozenOutputs: (split) => {
      if (!s.frozenOutputs) throw new Error('frozen activation patterns are computed for layered networks');
      return s.frozenOutputs(split);
    },
    patterns: (n, at) => (s.patterns ? s.patterns(n, at) : reluPatterns(s.preactivations('train', at), data.train.n, n)),
  };
}

/** ReLU on/off states of the first n of `rows` training points from a fully connected net's pre-activations. */
function reluPatterns(zs: Float32Array[], rows: number, n: number): Int32Array[] {
  return zs.map((z) => {
    const width = z.length / rows;
    return Int32Array.from(z.subarray(0, Math.min(n, rows) * width), (v) => (v > 0 ? 1 : 0));
  });
}

function measureAt(cell: RunCell, state: TrainingState, planned: Planned[]): TidyRecord[] {
  const out: TidyRecord[] = [];
  for (const { m, cfg } of planned) {
    for (const v of m.measure(state, cfg.options)) {
      const r: TidyRecord = { cell: cell.hash, values: cell.values, seed: cell.seed, step: state.step, measurement: v.measurement, value: finiteOrNull(v.value) };
      if (v.layer !== undefined) r.layer = v.layer;
      if (v.coords !== undefined) r.coords = v.coords;
      out.push(r);
    }
  }
  return out;
}

/** Why training must end at this step (null: go on). */
function verdict(cell: RunCell, t: number, loss: number, first: number, best: { loss: number; step: number }):
  { status: 'diverged' | 'stopped'; reason: string } | null {
  if (!Number.isFinite(loss)) return { status: 'diverged', reason: `training loss is ${loss} at step ${t}` };
  const factor = cell.train.divergeFactor;
  if (first > 0 && loss > factor * first) {
    return { status: 'diverged', reason: `training loss ${loss.toPrecision(4)} exceeds ${factor} × initial loss ${first.toPrecision(4)} at step ${t}` };
  }
  if (cell.train.stopLoss !== null && loss <= cell.train.stopLoss) {
    return { status: 'stopped', reason: `training loss ${loss.toPrecision(4)} ≤ ${cell.train.stopLoss} at step ${t}` };
  }
  if (loss < best.loss) Object.assign(best, { loss, step: t });
  const patience = cell.train.patience;
  if (patience !== null && t - best.step >= patience) {
    return { status: 'stopped', reason: `no improvement for ${patience} steps at step ${t}` };
  }
  return null;
}

/** Train and measure one cell. Errors in the cell itself become status `failed`. */
export async function trainCell(cell: RunCell, backend: BackendInfo, hooks: TrainHooks = {}): Promise<CellResult> {
  const started = performance.now();
  const base = { hash: cell.hash, index: cell.index, values: cell.values, seed: cell.seed, backend };
  let session: Session | null = null;
  try {
    const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
    const initial = initParams(cell.model, cell.seed);
    const { run, notes } = planMeasurements(cell);
    session = openSession(cell, data, initial);
    base.backend = withExecutor(backend, session.executor ?? 'tfjs');
    const loop = await runLoop(cell, data, initial, session, run, hooks);
    const seconds = (performance.now() - started) / 1000;
    return { ...base, ...loop, notes, seconds, stepsPerSecond: loop.steps / Math.max(seconds, 1e-9) };
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    const seconds = (performance.now() - started) / 1000;
    return { ...base, status: 'failed', steps: 0, reason: (e as Error).message, notes: [], seconds, stepsPerSecond: 0, records: [] };
  } finally {
    session?.dispose();
  }
}

/** The backend as a cell records it: on the native path, with the step executor that ran. */
function withExecutor(backend: BackendInfo, step: StepExecutor): BackendInfo {
  return backend.matmul?.path === 'native' ? { ...backend, matmul: { ...backend.matmul, step } } : backend;
}

type LoopResult = Pick<CellResult, 'status' | 'steps' | 'reason' | 'divergedAt' | 'records'>;

async function runLoop(
  cell: RunCell, data: Dataset, initial: LayerParams[], s: Session, planned: Planned[], hooks: TrainHooks,
): Promise<LoopResult> {
  const T = cell.train.steps;
  const logAt = logStepSet(cell.train.log, T);
  const batches = makeBatcher(data.train.n, batchSize(cell.train.optimizer), cell.seed);
  const records: TidyRecord[] = [];
  const best = { loss: Infinity, step: 0 };
  let first = NaN;
  let lastYield = performance.now();
  for (let t = 0; t <= T; t++) {
    const loss = s.step(t, batches.next(), t === T);
    if (t === 0) first = loss;
    const end = verdict(cell, t, loss, first, best);
    if (end?.status === 'diverged') {
      s.discardPending();
      return { status: 'diverged', steps: t, divergedAt: t, reason: end.reason, records };
    }
    if (end || logAt.has(t) || t === T) records.push(...measureAt(cell, stateAt(cell, t, data, initial, s), planned));
    if (end) {
      s.discardPending();
      return { status: 'stopped', steps: t, reason: end.reason, records };
    }
    s.advance();
    hooks.onStep?.(t + 1);
    if (performance.now() - lastYield > 50) {
      await new Promise((r) => setImmediate(r));
      lastYield = performance.now();
      if (hooks.aborted?.()) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    }
  }
  // A `stop` condition that never held: the run hit the step limit before converging.
  if (cell.train.stopLoss !== null) {
    return { status: 'unconverged', steps: T, reason: `reached the step limit ${T} without training loss ≤ ${cell.train.stopLoss}`, records };
  }
  return { status: 'ok', steps: T, records };
}
