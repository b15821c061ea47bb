// What the linearized network of `linearization_gap` adds to a cell's FLOPs, for the plan's
// estimate. Which method the engine uses is decided here, in plain data, so the planner and the
// engine (src/run/measure/linearized.ts) cannot disagree:
//   closed form (fully connected, gd at a constant lr, mse, a scalar output, n ≤ 4096): the NTK
//     on train × train and test × train by the layer factorization (per layer the Gram matrices
//     of its inputs and of its output gradients: 2·n·(n + n*)·(fan_in + fan_out)), one
//     eigendecomposition (≈ 10n³), and at each logged step two products with the eigenvectors
//     and one with Θ(X*, X) (4n² + 2n*·n), as the infinite-width measurement;
//   explicit stepping (every other cell, layered networks always): per step and example a forward
//     pass at w0 (1 F), its tangent J·Δ (2 F: every weight layer multiplies both the input's tangent
//     by W0 and its input by ΔW) and the backward pass at w0 (2 F), so 5 F against the network's
//     3 F; at each logged step f_lin on both splits (forward and tangent, 3 F per example).
// F is the network's forward FLOPs per example. Memory is not counted here (the linearized network
// holds Δ, the optimizer state and w0: a few copies of the parameters, less than training's).

import type { RunCell } from './cell.js';

/** Largest training set for the closed form's n × n kernel and eigendecomposition. */
export const MAX_CLOSED_FORM = 4096;

export type LinearizedMethod = 'closed_form' | 'explicit';

/** How the engine's linearized model of this cell is computed. */
export function linearizedMethod(cell: RunCell): LinearizedMethod {
  if (cell.model.layers) return 'explicit';
  // The closed form is for a constant step; a scheduled lr is stepped like the network.
  const opt = cell.train.optimizer;
  const closed = opt.kind === 'gd' && !opt.schedule && cell.train.loss === 'mse' && cell.model.outputDim === 1;
  return closed && cell.data.nTrain <= MAX_CLOSED_FORM ? 'closed_form' : 'explicit';
}

/** Forward-pass equivalents per example of one explicit linearized step, and of one evaluation. */
export const LINEARIZED_STEP_PASSES = 5;
export const LINEARIZED_EVAL_PASSES = 3;

/** How many steps the cell logs (the log schedule's points, at most steps + 1). */
export function logCount(cell: RunCell): number {
  const log = cell.train.log, steps = cell.train.steps;
  return Math.min(steps + 1, log.kind === 'every' ? Math.ceil(steps / log.every) + 1 : log.points);
}

/**
 * FLOPs of the linearized network beside the cell (0 when it does not measure
 * linearization_gap). `forward` is F, the network's forward FLOPs per example; `batch` the rows
 * of a step; `dims` the fully connected layer sizes (input, hidden…, output) for the closed form.
 */
export function linearizedFlops(cell: RunCell, forward: number, batch: number, dims: number[]): number {
  if (!cell.measure.some((m) => m.name === 'linearization_gap')) return 0;
  const n = cell.data.nTrain, nTest = cell.data.nTest, logs = logCount(cell);
  if (linearizedMethod(cell) === 'closed_form') {
    const fans = dims.slice(0, -1).reduce((s, d, i) => s + d + dims[i + 1]!, 0);
    return 2 * n * (n + nTest) * fans + 10 * n ** 3 + logs * (4 * n * n + 2 * nTest * n);
  }
  return LINEARIZED_STEP_PASSES * forward * batch * cell.train.steps + LINEARIZED_EVAL_PASSES * forward * (n + nTest) * logs;
}
