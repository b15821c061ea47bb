// The measurement catalogue (science.md §4) and the functions a claim may call.
// Each measurement names its options and says when it does not fit a model, and why.

import type { RunCell } from '../plan/cell.js';
import type { ParamSpec } from './schema.js';
import { infiniteWidthMisfit } from '../theory/infinite.js';
import { layeredNtkMisfit, probeOption } from '../theory/net/kernel-cost.js';
import * as M from '../messages/index.js';

export interface ModelFacts {
  name: string;
  activation: string;
  parameterization: string;
  head: string;
  depth: number;
  loss: string;
  optimizer: string;
  /** The planned cell, for measurements whose fit depends on more than the facts above. */
  cell?: RunCell;
  /** A network written with `layers = [...]` (convolutional, residual, …), not `hidden`. */
  layered: boolean;
}

export interface MeasureSpec {
  doc: string;
  options: Record<string, ParamSpec>;
  /** Values this measurement records (names usable in charts and claims). */
  outputs: string[];
  /** Outputs recorded per point of a coordinate (e.g. ntk_slice per angle `gamma`): chartable against it. */
  coords?: Record<string, string[]>;
  /** A reason the measurement does not fit this model, or null. */
  misfit?: (m: ModelFacts) => string | null;
}

const probe: ParamSpec = { type: 'positiveInteger', default: 64, doc: 'probe set size (training points)' };
const at: ParamSpec = { type: 'any', default: null, doc: 'steps to measure at: a list, every(k), or the log schedule' };

/** Measurements derived so far for fully connected networks only. */
const fullyConnected = (m: ModelFacts): string | null => (m.layered ? M.notForLayered(m.name) : null);

/** A layered network's empirical NTK is refused when its estimated time or memory is over the limits. */
const ntkCost = (measurement: string) => (m: ModelFacts): string | null =>
  (m.layered && m.cell ? layeredNtkMisfit(m.cell, Math.min(probeOption(m.cell, measurement), m.cell.data.nTrain)) : null);

const needsReluOrErfNtk = (m: ModelFacts): string | null => {
  if (m.layered) return M.notForLayered(m.name);
  if (m.activation !== 'relu' && m.activation !== 'erf') return M.analyticKernelActivation(m.name, m.activation);
  if (m.parameterization !== 'ntk') return M.analyticKernelParameterization(m.name, m.parameterization);
  return null;
};

export const MEASUREMENTS: Record<string, MeasureSpec> = {
  train_loss: { doc: 'training loss', options: {}, outputs: ['train_loss'] },
  test_loss: { doc: 'test loss', options: {}, outputs: ['test_loss'] },
  train_accuracy: { doc: 'training accuracy (sign agreement for a scalar head)', options: {}, outputs: ['train_accuracy'] },
  test_accuracy: { doc: 'test accuracy', options: {}, outputs: ['test_accuracy'] },
  weight_change: {
    doc: 'relative weight change ‖w_t − w_0‖_F / ‖w_0‖_F, total and per layer',
    options: { per_layer: { type: 'boolean', default: false, doc: 'also record each layer' } },
    outputs: ['weight_change'],
  },
  normalized_movement: { doc: "Kearns' sqrt(Σ_l ‖ΔW_l‖_F²) / width", options: {}, outputs: ['normalized_movement'], misfit: (m) => (m.layered ? M.movementNeedsWidth(m.name) : null) },
  trajectory_sum: { doc: "Bahaduri's S_t = Σ_i |w_t,i − w_0,i| / |w_0,i|", options: {}, outputs: ['trajectory_sum'] },
  activation_unchanged: {
    doc: 'fraction of ReLU activation patterns unchanged since init',
    options: { layer: { type: 'positiveInteger', default: null, doc: 'hidden layer (default: all)' } },
    outputs: ['activation_unchanged'],
    misfit: (m) => (m.layered ? M.useActivationStability(m.name) : m.activation === 'relu' ? null : M.activationPatternsNeedRelu(m.name, m.activation)),
  },
  activation_stability: {
    doc: 'fraction of ReLU on/off states and max-pool choices equal to those at initialization, total and per pattern layer, on the first `probe` training points',
    options: { probe: { type: 'positiveInteger', default: 256, doc: 'training points compared (the first n)' } },
    outputs: ['activation_stability'],
    misfit: (m) => (m.layered || m.activation === 'relu' ? null : M.activationPatternsNeedRelu(m.name, m.activation)),
  },
  frozen_pattern_accuracy: {
    doc: 'train and test accuracy of the current weights run with the ReLU states and max-pool choices of initialization (Chizat et al.)',
    options: {},
    outputs: ['frozen_pattern_train_accuracy', 'frozen_pattern_test_accuracy'],
    misfit: (m) => (m.layered ? null : M.frozenPatternsNeedLayers(m.name)),
  },
  ntk_change: {
    doc: 'relative change of the empirical NTK ‖Θ_t − Θ_0‖_F / ‖Θ_0‖_F on a probe set',
    options: { probe, at, trace: { type: 'boolean', default: true, doc: 'softmax: trace of the per-output kernels' } },
    outputs: ['ntk_change'],
    misfit: ntkCost('ntk_change'),
  },
  ntk_eigen: {
    doc: 'eigenvalues of the empirical NTK: λ_min, λ_max, condition number',
    options: { probe, at },
    outputs: ['ntk_lambda_min', 'ntk_lambda_max', 'ntk_condition', 'ntk_train_lambda_min', 'ntk_predicted_rate', 'ntk_layer_lambda_sum', 'ntk_llz_rate'],
    misfit: ntkCost('ntk_eigen'),
  },
  ntk_analytic_distance: {
    doc: 'relative Frobenius distance of the empirical NTK at init from the analytic one',
    options: { probe },
    outputs: ['ntk_analytic_distance'],
    misfit: needsReluOrErfNtk,
  },
  ntk_slice: {
    doc: "the empirical NTK Θ_t(x0, x(γ)) between x0 = e1 and the points x(γ) = cos γ·e1 + sin γ·e2 of the unit circle (Jacot et al.'s Figure 1), per angle γ; the analytic NTK on the same points; the slice's distance from it at init and its relative change since init",
    options: {
      points: { type: 'positiveInteger', default: 65, doc: 'angles γ from −π to π, both included (odd: γ = 0 is one of them)' },
      at: { ...at, doc: 'steps to record the slice at: a list, every(k), or the log schedule (default: initialization and the last step)' },
    },
    outputs: ['ntk_slice', 'ntk_slice_analytic', 'ntk_slice_init_distance', 'ntk_slice_change'],
    coords: { ntk_slice: ['gamma'], ntk_slice_analytic: ['gamma'] },
    misfit: (m) => fullyConnected(m) ?? (m.cell && m.cell.data.dim < 2 ? M.sliceNeedsPlane(m.name, m.cell.data.dim) : null),
  },
  ntk_grid: {
    doc: "the empirical NTK Θ_t(x0, x(u, v)) between x0 = e1 and the points u·e1 + v·e2 of a grid over [−span, span]² in the first two input coordinates, per point (a heatmap: x = u, y = v, color = ntk_grid), and the analytic NTK on the same points",
    options: {
      points: { type: 'positiveInteger', default: 20, doc: 'grid points per axis (even: the origin, where a bias-free kernel vanishes, is left out)' },
      span: { type: 'positive', default: 1.5, doc: 'the grid covers [−span, span] on both axes' },
      at: { ...at, doc: 'steps to record the grid at: a list, every(k), or the log schedule (default: initialization and the last step)' },
    },
    outputs: ['ntk_grid', 'ntk_grid_analytic'],
    coords: { ntk_grid: ['u', 'v'], ntk_grid_analytic: ['u', 'v'] },
    misfit: (m) => fullyConnected(m) ?? (m.cell && m.cell.data.dim < 2 ? M.sliceNeedsPlane(m.name, m.cell.data.dim) : null),
  },
  linearization_gap: {
    doc: 'max_t ‖f_t − f_lin,t‖ / ‖f_0 − y‖ on train and test, and the linearized network\'s losses and accuracies (every architecture; a softmax head is linearized in its logits)',
    options: {},
    outputs: ['linearization_gap', 'linearization_gap_test', 'linearized_train_loss', 'linearized_test_loss', 'linearized_train_accuracy', 'linearized_test_accuracy'],
  },
  infinite_width: {
    doc: 'the infinite-width network (analytic NTK, gd + mse, the cell\'s own f_0): its losses at each step and the gaps to it',
    options: {},
    outputs: ['infinite_train_loss', 'infinite_test_loss', 'infinite_width_gap', 'infinite_width_gap_train', 'infinite_test_loss_gap'],
    misfit: (m) => (m.cell ? infiniteWidthMisfit(m.cell.model, m.cell.train, m.cell.data) : null),
  },
  kappa: {
    doc: "Chizat's laziness criterion κ(w0) at init",
    options: { iterations: { type: 'positiveInteger', default: 20, doc: 'power iterations for ‖D²h‖' } },
    outputs: ['kappa'],
    misfit: (m) => (m.loss === 'mse' ? null : M.kappaNeedsSquareLoss(m.name, m.loss)),
  },
  loss_landscape: {
    doc: 'training loss on a 2-D slice around the final weights (layer-normalized random directions; filter-normalized for layered networks)',
    options: {
      grid: { type: 'positiveInteger', default: 21, doc: 'points per axis' },
      span: { type: 'positive', default: 1, doc: 'half-width of the slice in direction units' },
    },
    outputs: ['landscape'],
  },
};

export interface ClaimFunction { doc: string; minArgs: number; maxArgs: number }

/** Functions a claim may call; names of measurements and sweep variables are their arguments. */
export const CLAIM_FUNCTIONS: Record<string, ClaimFunction> = {
  slope: { doc: 'log-log slope of y against x (mean over seeds, bootstrap interval)', minArgs: 2, maxArgs: 2 },
  rate: { doc: 'exponential decay rate of y against step', minArgs: 1, maxArgs: 1 },
  predicted_rate: { doc: 'loss-decay rate predicted from the NTK spectrum', minArgs: 1, maxArgs: 1 },
  llz_rate: { doc: "Li, Luo & Zhou's guaranteed loss-decay rate from the layers' kernels", minArgs: 1, maxArgs: 1 },
  final: { doc: 'value at the last logged step', minArgs: 1, maxArgs: 1 },
  initial: { doc: 'value at step 0', minArgs: 1, maxArgs: 1 },
  best: { doc: 'smallest logged value', minArgs: 1, maxArgs: 1 },
  at: { doc: 'value where a variable takes a value, or its min or max: at(test_loss, tau: max)', minArgs: 1, maxArgs: 1 },
  decreasing: { doc: 'y decreases with x (on the mean over seeds)', minArgs: 2, maxArgs: 2 },
  increasing: { doc: 'y increases with x (on the mean over seeds)', minArgs: 2, maxArgs: 2 },
  isoline_slope: { doc: 'log-log slope of the iso-lines of y over the (x1, x2) grid', minArgs: 3, maxArgs: 3 },
  mean: { doc: 'mean over all cells', minArgs: 1, maxArgs: 1 },
};
