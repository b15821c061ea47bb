// Cost estimate of a plan: total optimizer steps, FLOPs (forward + backward ≈ 3 × the
// forward's 2·batch·Σ fan_in·fan_out), and the peak memory of the largest cell.

import type { CostEstimate, RunCell } from './cell.js';
import * as M from '../messages/index.js';

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
  const perExample = layerSizes(cell).reduce((s, [a, b]) => s + 2 * a * b, 0);
  return 3 * perExample * batch * cell.train.steps;
}

export function cellPeakBytes(cell: RunCell): number {
  const params = layerSizes(cell).reduce((s, [a, b]) => s + a * b + b, 0);
  const copies = 4 + (cell.train.optimizer.kind === 'adam' ? 2 : cell.train.optimizer.kind === 'momentum' ? 1 : 0);
  const widths = cell.model.hidden.reduce((s, w) => s + w, 0) + cell.model.outputDim;
  const examples = cell.data.nTrain + cell.data.nTest;
  const activations = 3 * examples * widths;
  const data = examples * (cell.data.dim + 1);
  return 4 * (params * copies + activations + data);
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
