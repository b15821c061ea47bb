// Cost estimate of a plan: total optimizer steps, FLOPs (forward + backward ≈ 3 × the
// forward's 2·batch·Σ fan_in·fan_out, plus the linearized network of linearization_gap:
// linearized-cost.ts), and the peak memory of the largest cell.

import { cellStepMemory, WASM_HEAP_OVERHEAD } from './memory.js';
import type { CostEstimate, RunCell } from './cell.js';
import * as M from '../messages/index.js';
import { infiniteWidthCost } from '../theory/infinite.js';
import { EVAL_CHUNK, networkCost } from '../theory/net/cost.js';
import { linearizedFlops } from './linearized-cost.js';

/** Plans above either limit are refused unless --force. */
export const LIMITS = {
  flops: 5e13,
  peakBytes: 8 * 2 ** 30,
  /** Grid cells (data × models × sweeps × seeds) planned without --force; checked before planning. */
  cells: 10_000,
  /** Grid cells never planned, even with --force. */
  maxCells: 1_000_000,
};

function layerSizes(cell: RunCell): [number, number][] {
  const dims = [cell.model.inputDim, ...cell.model.hidden, cell.model.outputDim];
  return dims.slice(0, -1).map((d, i) => [d, dims[i + 1]!]);
}

export function cellFlops(cell: RunCell): number {
  const opt = cell.train.optimizer;
  const batch = 'batch' in opt && opt.batch ? opt.batch : cell.data.nTrain;
  const m = cell.model;
  const perExample = m.layers && m.inputShape ? networkCost(m.layers, m.inputShape).flops : layerSizes(cell).reduce((s, [a, b]) => s + 2 * a * b, 0);
  // An augmented batch is new at every step, so the frozen copy runs forward on it too.
  const passes = cell.data.augment && m.init.frozenCopy ? 4 : 3;
  const dims = [m.inputDim, ...m.hidden, m.outputDim];
  return passes * perExample * batch * cell.train.steps + infiniteCost(cell).flops + linearizedFlops(cell, perExample, batch, dims);
}

/** The infinite_width measurement's O(n³) eigendecomposition and kernel blocks (zero without it). */
function infiniteCost(cell: RunCell): { flops: number; bytes: number } {
  if (!cell.measure.some((m) => m.name === 'infinite_width')) return { flops: 0, bytes: 0 };
  const log = cell.train.log;
  const logs = Math.min(cell.train.steps + 1, log.kind === 'every' ? Math.ceil(cell.train.steps / log.every) + 1 : log.points);
  return infiniteWidthCost({ nTrain: cell.data.nTrain, nTest: cell.data.nTest, dim: cell.data.dim, depth: cell.model.hidden.length, logs });
}

/**
 * What the engine holds for a fully connected cell at its peak (src/run/train/session.ts and
 * optimizers.ts), in float32 values; test/plan/cost-memory.test.ts checks it against the engine.
 */
export const FC_MEMORY = {
  /** Tensors beyond the optimizer state at a step's peak: parameters and one gradient (w0 stays in JS)… */
  stepCopies: 2,
  /** … and intermediates of the largest parameter tensor's update, freed one by one. */
  largestCopies: 3,
  /** n × width tensors of a step per hidden or output unit (z, σ(z), δ, σ'(z), δW^T, products). */
  stepActivations: 8,
  /** n × width tensors of an evaluation per unit and example (z and σ(z) as tensors, z read back). */
  evalActivations: 3,
  /** The wasm heap grows by at least 20 % at a time (Emscripten) and fragments; tensors × this. */
  heapGrowth: 1.25,
  /** JS copies of the parameters: w0, a log step's read-back, the previous one not yet collected. */
  jsCopies: 3,
};

export function cellPeakBytes(cell: RunCell): number {
  if (cell.model.layers && cell.model.inputShape) return layeredPeakBytes(cell);
  const sizes = layerSizes(cell).flatMap(([a, b]) => [a * b, b]);
  const params = sizes.reduce((s, x) => s + x, 0);
  const opt = cell.train.optimizer;
  const state = opt.kind === 'adam' ? 2 : opt.kind === 'momentum' ? 1 : 0;
  const batch = 'batch' in opt && opt.batch ? opt.batch : cell.data.nTrain;
  const units = cell.model.hidden.reduce((s, w) => s + w, 0) + cell.model.outputDim;
  const split = Math.max(cell.data.nTrain, cell.data.nTest);
  const F = FC_MEMORY;
  const activations = Math.max(F.stepActivations * batch, F.evalActivations * split) * units;
  const tensors = params * (F.stepCopies + state) + F.largestCopies * Math.max(...sizes) + activations;
  // Inputs and targets live in JS and as tensors.
  const data = 2 * (cell.data.nTrain + cell.data.nTest) * (cell.data.dim + cell.model.outputDim);
  return 4 * (F.heapGrowth * tensors + F.jsCopies * params + data) + infiniteCost(cell).bytes;
}

/**
 * Layered networks: the step memory model of memory.ts (validated against the engine's measured
 * peak), times the wasm heap's measured overhead over live tensors, since the heap never shrinks.
 */
function layeredPeakBytes(cell: RunCell): number {
  return cellStepMemory(cell).peakBytes * WASM_HEAP_OVERHEAD;
}

export function estimateCost(cells: RunCell[]): CostEstimate {
  return {
    cells: cells.length,
    totalSteps: cells.reduce((s, c) => s + c.train.steps, 0),
    flops: cells.reduce((s, c) => s + cellFlops(c), 0),
    peakBytes: cells.reduce((m, c) => Math.max(m, cellPeakBytes(c)), 0),
  };
}

export function overLimit(cost: CostEstimate): string | null {
  if (cost.flops > LIMITS.flops) return M.flopsOverLimit(formatFlops(cost.flops), formatFlops(LIMITS.flops));
  if (cost.peakBytes > LIMITS.peakBytes) return M.memoryOverLimit(formatBytes(cost.peakBytes), formatBytes(LIMITS.peakBytes));
  return null;
}

export function formatFlops(x: number): string {
  const units: [number, string][] = [[1e15, 'PFLOP'], [1e12, 'TFLOP'], [1e9, 'GFLOP'], [1e6, 'MFLOP']];
  for (const [v, u] of units) if (x >= v) return `${(x / v).toFixed(1)} ${u}`;
  return `${Math.round(x)} FLOP`;
}

export function formatBytes(x: number): string {
  const units: [number, string][] = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [v, u] of units) if (x >= v) return `${(x / v).toFixed(1)} ${u}`;
  return `${x} B`;
}
