// The run cell: the plain-JSON contract between the planner and the engine.
// Every value is resolved (no expressions, no spans); a cell's hash is the sha256 of the
// canonical JSON of what it computes (seed, data, model, train, measure), so equal
// computations share a cache entry whatever their labels.

import type { LayerSpec, Shape } from '../theory/net/spec.js';

export type Activation = 'relu' | 'tanh' | 'erf' | 'sigmoid' | 'gelu' | 'identity';
export type Parameterization = 'standard' | 'ntk' | 'mean_field' | 'custom';
export type Head = 'scalar' | 'sigmoid' | 'softmax';
export type Loss = 'mse' | 'bce' | 'cross_entropy';

/** A weight distribution. `normal.std` and `uniform` bounds are absolute for the drawn weights. */
export type InitDist =
  | { kind: 'normal'; std: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'glorot' }
  | { kind: 'he' };

export interface InitConfig {
  /** One distribution per layer (hidden layers then the output layer). */
  layers: InitDist[];
  /** Chizat's symmetrized init: hidden units in pairs, second copy has negated output weights. */
  symmetrized: boolean;
  /** Train f(w) - f(w0) with a frozen copy of the initial network. */
  frozenCopy: boolean;
}

export interface ModelConfig {
  name: string;
  /** Input dimension (from the data). */
  inputDim: number;
  /** Hidden widths, one per hidden layer (depth = hidden.length). */
  hidden: number[];
  /** Output units: 1 for scalar and sigmoid heads, the class count for softmax. */
  outputDim: number;
  activation: Activation;
  bias: boolean;
  parameterization: Parameterization;
  /**
   * Forward multiplier of each layer (hidden layers then output layer), already resolved:
   * standard → 1, ntk → 1/sqrt(fan_in), mean_field → [1, ..., 1/m], custom → as written.
   */
  multipliers: number[];
  /** Bias standard deviation σ_b (biases are drawn N(0, σ_b²), 0 means zeros). */
  biasStd: number;
  /** Output scale α: the trained model is α·h(x; w). */
  outputScale: number;
  init: InitConfig;
  head: Head;
  /**
   * A layered network (`layers = [...]`): every layer with its multiplier and bias resolved, the
   * output layer last; `multipliers` and `init.layers` then have one entry per weight layer in the
   * flat parameter order, and `hidden` is empty. Absent for fully connected models (`hidden`), so
   * their cells keep their hashes.
   */
  layers?: LayerSpec[];
  /** The input shape of a layered network (an image for mnist and cifar10 data). */
  inputShape?: Shape;
}

export type DataSource =
  | { kind: 'gaussian'; std: number; classes: number }
  | { kind: 'uniform'; low: number; high: number; classes: number }
  | { kind: 'teacher_student'; teacherWidth: number; teacherActivation: Activation }
  /** `version`: the `mnist` package's, present only when it is not 1.1.0 (so older hashes stay valid). */
  | { kind: 'mnist'; classes: number[]; version?: string }
  /** `sha256`: of the file's bytes, set by the planner when it can read the file (part of the hash). */
  | { kind: 'csv'; path: string; label: string; sha256?: string }
  /** `sha256`: of the six batch files' bytes in order, set by the planner (part of the hash). */
  | { kind: 'cifar10'; path: string; classes: number[]; normalize: boolean; sha256?: string };

export interface DataConfig {
  name: string;
  source: DataSource;
  /** Input dimension (784 for mnist, columns for csv). */
  dim: number;
  nTrain: number;
  nTest: number;
  /** Multiplies the targets (Chizat multiplies the teacher by 100). */
  labelScale: number;
  /** Seed of the data draw; defaults to the cell's seed. */
  seed: number;
  /**
   * Augmentation of each training batch at each step (image data, layered models), seeded from
   * the cell's seed and the step. Absent when the spec does not set it, so older hashes stay valid.
   */
  augment?: AugmentConfig;
}

/** Chizat et al.'s random crop of a zero-padded image (padding px each side) and horizontal flip. */
export interface AugmentConfig { kind: 'crop_flip'; padding: number; flip: boolean }

/**
 * `schedule` is the learning-rate schedule (src/plan/lr-schedule.ts), present only when the spec
 * writes one other than `constant`, so cells with a constant lr keep their hashes.
 */
export type OptimizerConfig =
  | { kind: 'gd'; lr: number; schedule?: LrSchedule }
  | { kind: 'sgd'; lr: number; batch: number; schedule?: LrSchedule }
  | { kind: 'momentum'; lr: number; beta: number; batch: number | null; schedule?: LrSchedule }
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; eps: number; batch: number | null; schedule?: LrSchedule };

/**
 * A learning-rate schedule over epochs. Update t (t = 0, 1, …: the one from w_t to w_t+1) is in
 * epoch e = floor(t / stepsPerEpoch), stepsPerEpoch = ceil(n_train / batch) (1 for full batch):
 * the batcher's passes over the training set, the last batch of a pass being the remainder. The
 * lr is constant within an epoch, as when a PyTorch loop sets it at the start of each epoch.
 */
export type LrSchedule =
  /** lr / (1 + e / epochs): Chizat et al.'s lr / (1 + epoch/3) is `epochs: 3`. */
  | { kind: 'inverse_time'; epochs: number; stepsPerEpoch: number }
  /** lr · factor^floor(e / every). */
  | { kind: 'step_decay'; every: number; factor: number; stepsPerEpoch: number }
  /** min + (lr − min)·(1 + cos(π·min(e, epochs)/epochs))/2. */
  | { kind: 'cosine'; epochs: number; min: number; stepsPerEpoch: number };

export type LogSchedule = { kind: 'every'; every: number } | { kind: 'logspaced'; points: number };

export interface TrainConfig {
  loss: Loss;
  optimizer: OptimizerConfig;
  /** Total optimizer steps (epochs are converted by the planner). */
  steps: number;
  /** Stop when the training loss is at or below this value (null: never). */
  stopLoss: number | null;
  /** Stop when the training loss has not improved for this many steps (null: never). */
  patience: number | null;
  /** Loss above this multiple of the initial loss counts as divergence. */
  divergeFactor: number;
  log: LogSchedule;
}

export type MeasureOption = number | string | boolean | number[];

export interface MeasureConfig {
  /** A name from the measurement catalogue (src/check/catalogue.ts). */
  name: string;
  options: Record<string, MeasureOption>;
}

export interface RunCell {
  /** Stable content hash: hex sha256 of the canonical JSON of {seed, data, model, train, measure}. */
  hash: string;
  /** Position in the plan (not part of the hash). */
  index: number;
  experiment: string;
  /** The swept values of this cell, plus `model` and `data` names. */
  values: Record<string, number | string>;
  seed: number;
  data: DataConfig;
  model: ModelConfig;
  train: TrainConfig;
  measure: MeasureConfig[];
}

export interface CostEstimate {
  cells: number;
  totalSteps: number;
  /** Floating point operations for all training (forward + backward ≈ 3× forward). */
  flops: number;
  /** Largest single-cell memory need in bytes (parameters, optimizer state, activations). */
  peakBytes: number;
}

export interface Plan {
  experiment: string;
  profile: string | null;
  cells: RunCell[];
  cost: CostEstimate;
}
