// Shared pieces of the kernel and theory measurements: a per-cell memo (values computed at
// initialization are reused at later log steps), the `at` step filter, the probe set, and the
// engine's parameters as a float64 src/theory network.

import type { MeasureOption, ModelConfig } from '../../plan/cell.js';
import type { Mlp } from '../../theory/mlp.js';
import type { LayerParams } from '../model/params.js';
import { firstRows, type Points } from './ntk-tf.js';
import type { TrainingState } from './types.js';

/**
 * Per-cell memo. The engine passes the same `initial` array to every log step of one cell, so it
 * keys the cell's memo; the entry goes away with the cell. Only plain numbers are stored.
 */
const memos = new WeakMap<LayerParams[], Map<string, unknown>>();

export function memoized<T>(state: TrainingState, key: string, compute: () => T): T {
  let m = memos.get(state.initial);
  if (!m) memos.set(state.initial, (m = new Map()));
  if (!m.has(key)) m.set(key, compute());
  return m.get(key) as T;
}

/**
 * Whether a measurement with option `at` runs at this log step: a list of steps, `every:k`,
 * `final` (the planned last step) or `log`/absent (every log step). Steps that are not logged
 * are never seen by measurements.
 */
export function measuresAt(state: TrainingState, options: Record<string, MeasureOption>): boolean {
  const at = options['at'];
  if (at === undefined || at === 'log') return true;
  if (at === 'final') return state.step === state.cell.train.steps;
  if (Array.isArray(at)) return at.includes(state.step);
  if (typeof at === 'string' && at.startsWith('every:')) return state.step % Number(at.slice(6)) === 0;
  return true;
}

/** The probe set: the first `probe` training points (default 64). */
export function probeSet(state: TrainingState, options: Record<string, MeasureOption>): Points {
  const probe = typeof options['probe'] === 'number' ? options['probe'] : 64;
  const s = state.data.train;
  return firstRows(s.x, s.n, state.data.dim, probe);
}

/** The engine's parameters as a src/theory network: z = c·(aW + b), f = α·z_{L+1}. */
export function toTheoryMlp(model: ModelConfig, params: LayerParams[]): Mlp {
  return {
    activation: model.activation,
    outputScale: model.outputScale,
    layers: params.map((p, l) => ({
      W: Array.from({ length: p.fanIn }, (_, i) => Float64Array.from(p.w.subarray(i * p.fanOut, (i + 1) * p.fanOut))),
      b: p.b ? Float64Array.from(p.b) : null,
      multiplier: model.multipliers[l] ?? 1,
    })),
  };
}

/** Rows of a row-major matrix as float64 arrays. */
export function rowsOf(x: ArrayLike<number>, n: number, dim: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => Float64Array.from({ length: dim }, (_, j) => x[i * dim + j]!));
}
