// Closed-form dynamics of the linearized model (science.md §4) from the NTK Θ0, no stepping.
// Loss (1/2n)‖f − y‖²; gradient descent with step η on the linearized model gives
//   r_t = (I − ηΘ0/n)^t r_0  (gd, t = step count)   or   r_t = exp(−ηΘ0 t/n) r_0  (flow),
//   f_t(x*) = f_0(x*) − Θ0(x*, X) V diag(g_t(λ)) Vᵀ r_0,  g_t(λ) = (1 − h_t(λ))/λ,
// with h_t(λ) the residual filter and one symmetric eigendecomposition Θ0 = V diag(λ) Vᵀ for all t.
import { applySpectral, frobeniusDiff, matvec, norm2, symmetricEigen, type Rows, type SymmetricEigen } from './linalg.js';

export type Dynamics = 'gd' | 'flow';

export interface LinearizedInput {
  /** Θ0(X, X), n × n. */
  thetaTrain: Rows;
  /** Θ0(X*, X), n* × n (may have zero rows). */
  thetaTestTrain: Rows;
  f0Train: ArrayLike<number>;
  f0Test: ArrayLike<number>;
  y: ArrayLike<number>;
  lr: number;
  /** Steps (gd) or times (flow, in the units of exp(−ηΘt/n)); Infinity = the limit t → ∞. */
  steps: number[];
  /** Default 'gd'. */
  dynamics?: Dynamics;
  /** Eigenvalues ≤ cutoff·λ_max count as zero at t = ∞ (pseudo-inverse); default 1e-12. */
  cutoff?: number;
}

export interface LinearizedTrajectory {
  steps: number[];
  /** f_t(X) per step. */
  train: number[][];
  /** f_t(X*) per step. */
  test: number[][];
  /** (1/2n)‖f_t(X) − y‖² per step. */
  trainLoss: number[];
}

/** Residual filter h_t(λ) and test filter g_t(λ) = (1 − h_t)/λ (limit ηt/n at λ = 0). */
export function spectralFilters(
  values: number[], lr: number, n: number, t: number, dynamics: Dynamics, cutoff = 1e-12,
): { h: number[]; g: number[] } {
  const lmax = Math.max(...values.map(Math.abs), 0);
  const h: number[] = [], g: number[] = [];
  for (const lambda of values) {
    const x = (lr * lambda) / n;
    if (t === Infinity) {
      const live = lambda > cutoff * lmax && (dynamics === 'flow' || Math.abs(1 - x) < 1);
      h.push(live ? 0 : 1);
      g.push(live ? 1 / lambda : 0);
      continue;
    }
    // h and 1 − h are each computed without cancellation (h underflows long before 1 − h rounds).
    const logH = dynamics === 'flow' ? -x * t : x < 1 ? t * Math.log1p(-x) : NaN;
    const ht = Number.isNaN(logH) ? (1 - x) ** t : Math.exp(logH);
    const oneMinusH = Number.isNaN(logH) ? 1 - ht : -Math.expm1(logH);
    h.push(ht);
    // (1 − h)/λ = (η/n)·(1 − h)/x, and (1 − h)/x → t as x → 0.
    g.push(x === 0 ? (lr / n) * t : oneMinusH / lambda);
  }
  return { h, g };
}

function checkShapes(inp: LinearizedInput): number {
  const n = inp.thetaTrain.length;
  if (inp.y.length !== n || inp.f0Train.length !== n) throw new Error(`y and f0Train need ${n} entries`);
  if (inp.thetaTestTrain.length !== inp.f0Test.length) throw new Error('thetaTestTrain rows ≠ f0Test length');
  for (const row of inp.thetaTestTrain) if (row.length !== n) throw new Error(`thetaTestTrain rows need ${n} columns`);
  return n;
}

/** Trajectories of the linearized model at every requested step (one eigendecomposition). */
export function linearizedDynamics(inp: LinearizedInput, eig?: SymmetricEigen): LinearizedTrajectory {
  const n = checkShapes(inp);
  const e = eig ?? symmetricEigen(inp.thetaTrain);
  const r0 = Array.from(inp.y, (yi, i) => inp.f0Train[i]! - yi);
  const out: LinearizedTrajectory = { steps: inp.steps.slice(), train: [], test: [], trainLoss: [] };
  for (const t of inp.steps) {
    const { h, g } = spectralFilters(e.values, inp.lr, n, t, inp.dynamics ?? 'gd', inp.cutoff);
    const rt = applySpectral(e, h, r0);
    const w = applySpectral(e, g, r0);
    const shift = matvec(inp.thetaTestTrain, w);
    out.train.push(rt.map((r, i) => r + inp.y[i]!));
    out.test.push(shift.map((s, i) => inp.f0Test[i]! - s));
    out.trainLoss.push(norm2(rt) ** 2 / (2 * n));
  }
  return out;
}

export interface KernelSpectrum {
  /** Ascending. */
  eigenvalues: number[];
  lambdaMin: number;
  lambdaMax: number;
  /** λ_max/λ_min (Infinity when λ_min ≤ 0). */
  condition: number;
}

export function kernelSpectrum(k: Rows): KernelSpectrum {
  const values = symmetricEigen(k).values;
  const lambdaMin = values[0]!;
  const lambdaMax = values[values.length - 1]!;
  return { eigenvalues: values, lambdaMin, lambdaMax, condition: lambdaMin > 0 ? lambdaMax / lambdaMin : Infinity };
}

export interface LinearRate {
  /** (1 − ηλ_min/n)², science.md §5's per-step loss factor. */
  perStep: number;
  /** max_i (1 − ηλ_i/n)², the true asymptotic per-step factor (differs when η is near 2n/λ_max). */
  asymptotic: number;
  /** η λ_max / n < 2 (gradient descent on the linearized model converges). */
  stable: boolean;
}

/** Predicted linear convergence of the linearized model's training loss under gd. */
export function linearConvergenceRate(lambdaMin: number, lambdaMax: number, lr: number, n: number): LinearRate {
  const a = (1 - (lr * lambdaMin) / n) ** 2;
  const b = (1 - (lr * lambdaMax) / n) ** 2;
  return { perStep: a, asymptotic: Math.max(a, b), stable: (lr * lambdaMax) / n < 2 };
}

/** Linearization gap max_t ‖f_t − f_lin,t‖ / ‖f_0 − y‖ over matching steps (science.md §4). */
export function linearizationGap(
  f: ArrayLike<number>[], fLin: ArrayLike<number>[], f0: ArrayLike<number>, y: ArrayLike<number>,
): number {
  if (f.length !== fLin.length) throw new Error('trajectories have different lengths');
  const denom = norm2(Array.from(f0, (v, i) => v - y[i]!));
  const gaps = f.map((ft, t) => frobeniusDiff([ft], [fLin[t]!]));
  return Math.max(0, ...gaps) / denom;
}
