// Infinite-width kernel-regression predictions (mean over initializations, so f_0 = 0):
// NTK at time t under gd / gradient flow with loss (1/2n)‖f − y‖² and at t → ∞
// (Θ(x*, X) Θ(X, X)^{-1} y), and the same with the NNGP kernel (t → ∞: the NNGP posterior mean;
// finite t: training only the readout layer). Lee et al. 2019 §2.3; one eigendecomposition for all t.
import { analyticKernels, type AnalyticSpec } from './analytic.js';
import { symmetricEigen, type Rows } from './linalg.js';
import { linearizedDynamics, type Dynamics } from './linearize.js';

export interface KernelRegressionInput {
  kTrain: Rows;
  kTestTrain: Rows;
  y: ArrayLike<number>;
  /** Steps (gd) or times (flow); Infinity for the converged predictor. */
  times: number[];
  /** Default 1. */
  lr?: number;
  /** Default 'flow'. */
  dynamics?: Dynamics;
  /** Added to the diagonal of kTrain (observation noise); default 0. */
  ridge?: number;
}

export interface KernelPredictions {
  times: number[];
  /** Mean prediction on the test inputs per time. */
  test: number[][];
  /** Mean prediction on the training inputs per time. */
  train: number[][];
}

/** Mean predictor of kernel gradient descent started from f_0 = 0. */
export function predictKernelRegression(inp: KernelRegressionInput): KernelPredictions {
  const n = inp.kTrain.length;
  const ridge = inp.ridge ?? 0;
  const k = inp.kTrain.map((row, i) => Array.from(row, (v, j) => v + (i === j ? ridge : 0)));
  const traj = linearizedDynamics({
    thetaTrain: k,
    thetaTestTrain: inp.kTestTrain,
    f0Train: new Array<number>(n).fill(0),
    f0Test: new Array<number>(inp.kTestTrain.length).fill(0),
    y: inp.y,
    lr: inp.lr ?? 1,
    steps: inp.times,
    dynamics: inp.dynamics ?? 'flow',
  }, symmetricEigen(k));
  return { times: traj.steps, test: traj.test, train: traj.train };
}

export interface InfiniteWidthInput {
  xTrain: Rows;
  yTrain: ArrayLike<number>;
  xTest: Rows;
  spec: AnalyticSpec;
  kind: 'ntk' | 'nngp';
  times: number[];
  lr?: number;
  dynamics?: Dynamics;
  ridge?: number;
}

/** Infinite-width network predictions from the analytic kernels (analytic.ts). */
export function predictInfiniteWidth(inp: InfiniteWidthInput): KernelPredictions {
  const kTrain = analyticKernels(inp.xTrain, undefined, inp.spec)[inp.kind];
  const kTestTrain = analyticKernels(inp.xTest, inp.xTrain, inp.spec)[inp.kind];
  return predictKernelRegression({
    kTrain, kTestTrain, y: inp.yTrain, times: inp.times,
    lr: inp.lr, dynamics: inp.dynamics, ridge: inp.ridge,
  });
}
