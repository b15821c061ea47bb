// Infinite-width training dynamics (Jacot et al. 2018; Lee et al. 2019 §2.3; what neural-tangents'
// predict.gradient_descent_mse computes): as the width m → ∞ in NTK parameterization, a network
// trained by full-batch gradient descent on the square loss is kernel gradient descent with the
// deterministic analytic NTK Θ. With the trained output f, the loss (1/2n)‖f − y‖², a step η on the
// weights and the loss's time scale s (F_α = L(α·h)/α² gives s = 1/α², and f's kernel is α²Θ_h):
//   gd:    f_t(X) − y = (I − ηsΘ/n)^t (f_0(X) − y)
//          f_t(X*)    = f_0(X*) − Θ(X*, X) Θ⁻¹ (I − (I − ηsΘ/n)^t)(f_0(X) − y)
//   flow:  the same with exp(−ηsΘt/n).
// The algebra is linearize.ts's with the analytic kernel in place of the empirical Θ0: one
// symmetric eigendecomposition for all steps. f_0 is the network's own output at initialization
// (neural-tangents' fx_train_0 / fx_test_0): the prediction is then for this draw of the network.
// With f_0 = 0 instead it is the mean over initializations (E f_0 = 0 and the map is linear in f_0).

import type { DataConfig, ModelConfig, TrainConfig } from '../plan/cell.js';
import * as M from '../messages/index.js';
import { analyticKernel } from './analytic.js';
import { norm2, symmetricEigen, type Rows, type SymmetricEigen } from './linalg.js';
import { linearizedDynamics, type Dynamics } from './linearize.js';
import { analyticSpecForModel } from './model-spec.js';

/** Largest training set for the n × n analytic kernel and its eigendecomposition (O(n³)). */
export const MAX_INFINITE_TRAIN = 4096;

export interface InfiniteWidthInput {
  /** Analytic Θ(X, X) of the trained output, n × n. */
  thetaTrain: Rows;
  /** Analytic Θ(X*, X), n* × n (may have zero rows). */
  thetaTestTrain: Rows;
  y: ArrayLike<number>;
  /** Test labels: when given, test losses are returned too. */
  yTest?: ArrayLike<number>;
  f0Train: ArrayLike<number>;
  f0Test: ArrayLike<number>;
  /** Step size η on the weights. */
  lr: number;
  /** Multiplies η: the loss's time scale (1/α² for F_α). Default 1. */
  timeScale?: number;
  /** Steps (gd) or times (flow); Infinity = the limit t → ∞. */
  steps: number[];
  /** Default 'gd'. */
  dynamics?: Dynamics;
}

export interface InfiniteWidthTrajectory {
  steps: number[];
  /** f_∞,t(X) per step. */
  train: number[][];
  /** f_∞,t(X*) per step. */
  test: number[][];
  /** (1/2n)‖f_∞,t(X) − y‖². */
  trainLoss: number[];
  /** (1/2n*)‖f_∞,t(X*) − y*‖² (empty without yTest or test points). */
  testLoss: number[];
}

/** Half mean squared error (1/2n)‖f − y‖², the engine's mse. */
export function halfMse(f: ArrayLike<number>, y: ArrayLike<number>): number {
  if (f.length !== y.length) throw new Error(`predictions (${f.length}) and labels (${y.length}) differ in length`);
  let s = 0;
  for (let i = 0; i < f.length; i++) s += (f[i]! - y[i]!) ** 2;
  return s / (2 * f.length);
}

/** Train and test predictions and losses of the infinite-width network at every requested step. */
export function infiniteWidthDynamics(inp: InfiniteWidthInput, eig?: SymmetricEigen): InfiniteWidthTrajectory {
  const scale = inp.timeScale ?? 1;
  if (!(inp.lr > 0) || !(scale > 0)) throw new Error(`step size and time scale must be > 0, got ${inp.lr} and ${scale}`);
  const traj = linearizedDynamics({
    thetaTrain: inp.thetaTrain, thetaTestTrain: inp.thetaTestTrain, f0Train: inp.f0Train, f0Test: inp.f0Test,
    y: inp.y, lr: inp.lr * scale, steps: inp.steps, dynamics: inp.dynamics ?? 'gd',
  }, eig ?? symmetricEigen(inp.thetaTrain));
  const yTest = inp.yTest;
  const testLoss = yTest && inp.f0Test.length > 0 ? traj.test.map((f) => halfMse(f, yTest)) : [];
  return { steps: traj.steps, train: traj.train, test: traj.test, trainLoss: traj.trainLoss, testLoss };
}

/** ‖a − b‖ / ‖f0 − y‖: one step's term of the infinite-width gap. */
export function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>, f0: ArrayLike<number>, y: ArrayLike<number>): number {
  const diff = Array.from(a, (v, i) => v - b[i]!);
  return norm2(diff) / norm2(Array.from(f0, (v, i) => v - y[i]!));
}

/** The analytic kernel blocks of the trained output f = α·h: α²Θ_h on (X, X) and (X*, X). */
export interface InfiniteKernels { thetaTrain: number[][]; thetaTestTrain: number[][]; timeScale: number }

export function infiniteWidthKernels(model: ModelConfig, xTrain: Rows, xTest: Rows): InfiniteKernels {
  const target = analyticSpecForModel(model);
  if ('reason' in target) throw new Error(target.reason);
  const scaled = (k: number[][]): number[][] => k.map((row) => row.map((v) => v * target.kernelScale));
  return {
    thetaTrain: scaled(analyticKernel('ntk', xTrain, undefined, target.spec)),
    thetaTestTrain: xTest.length ? scaled(analyticKernel('ntk', xTest, xTrain, target.spec)) : [],
    // F_α = L(α·h)/α²: a step η on w moves f by −(η/α²)·Θ_f·∂L/∂f.
    timeScale: 1 / model.outputScale ** 2,
  };
}

/** Why the infinite-width dynamics do not describe this cell's training, or null when they do. */
export function infiniteWidthMisfit(model: ModelConfig, train: TrainConfig, data: DataConfig): string | null {
  if (train.loss !== 'mse') return M.infiniteNeedsMse(model.name, train.loss);
  if (train.optimizer.kind !== 'gd') return M.infiniteNeedsGd(model.name, train.optimizer.kind);
  if (train.optimizer.schedule) return M.infiniteNeedsConstantLr(model.name);
  if (model.head !== 'scalar') return M.infiniteNeedsScalarHead(model.name, model.head);
  if (data.nTrain > MAX_INFINITE_TRAIN) return M.infiniteTooManyPoints(data.nTrain, MAX_INFINITE_TRAIN);
  const target = analyticSpecForModel(model);
  return 'reason' in target ? M.infiniteNoAnalyticLimit(model.name, target.reason) : null;
}

/** Sizes that set the measurement's cost. */
export interface InfiniteSizes { nTrain: number; nTest: number; dim: number; depth: number; logs: number }

/**
 * Cost of the infinite-width prediction, for the plan's estimate: the analytic kernel blocks
 * ((n + n*)·n pairs, each a d-dimensional dot product and ~30 flops a layer), one symmetric
 * eigendecomposition (~10n³), and at each logged step two products with the eigenvectors and one
 * with Θ(X*, X) (4n² + 2n*n). Memory: the blocks and the eigenvectors in float64.
 */
export function infiniteWidthCost(s: InfiniteSizes): { flops: number; bytes: number } {
  const n = s.nTrain, pairs = (n + s.nTest) * n;
  const flops = pairs * (6 * s.dim + 30 * (s.depth + 1)) + 10 * n ** 3 + s.logs * (4 * n * n + 2 * s.nTest * n);
  return { flops, bytes: 8 * (2 * n * n + s.nTest * n) };
}
