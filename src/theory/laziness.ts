// Chizat, Oyallon & Bach's laziness criterion at initialization (science.md §4):
//   κ(w0) = (1/α) ‖α h(w0) − y‖ · ‖D²h(w0)‖ / ‖Dh(w0)‖²,
// with ‖Dh‖² = λ_max(Θ0) (Θ0 = J Jᵀ, the NTK of the unscaled model h) and ‖D²h‖ the operator
// norm of the Hessian of <u, h(w)>, u the unit residual direction, found by power iteration.
// Hessian–vector products are central differences of gradients, Hv ≈ (g(w+εv) − g(w−εv))/(2ε),
// exact up to rounding for quadratic models; for relu nets a kink is crossed with probability O(ε).
// All norms are Euclidean over the n data points (a mean-norm convention gives the same κ).
import { gram, norm2 } from './linalg.js';
import { kernelSpectrum } from './linearize.js';
import { jacobian } from './empirical.js';
import { forward, flattenParams, type Mlp, withParams } from './mlp.js';
import { createRng } from './rng.js';

/** A model h: R^P → R^n on a fixed set of n inputs, with vector–Jacobian products. */
export interface DifferentiableModel {
  outputs(w: Float64Array): number[];
  /** ∇_w <u, h(w)> = J(w)ᵀ u. */
  vjp(w: Float64Array, u: ArrayLike<number>): Float64Array;
}

export interface ChizatOptions {
  /** λ_max of h's NTK at w0; computed from n vector–Jacobian products when omitted. */
  lambdaMax?: number;
  /** Power-iteration limit (default 200) and relative tolerance (default 1e-7). */
  maxIterations?: number;
  tolerance?: number;
  /** Finite-difference step relative to max(1, ‖w0‖/√P) (default 1e-4). */
  epsilon?: number;
  /** Seed of the power-iteration start vector (default 0). */
  seed?: number;
}

export interface ChizatResult {
  kappa: number;
  /** ‖α h(w0) − y‖. */
  residualNorm: number;
  /** ‖D²h(w0)‖ along the residual direction. */
  hessianNorm: number;
  /** ‖Dh(w0)‖² = λ_max(Θ0). */
  jacobianNormSq: number;
  iterations: number;
  converged: boolean;
}

/** λ_max(J Jᵀ) from n vector–Jacobian products (J rows = ∇h_i). */
function lambdaMaxFromVjp(model: DifferentiableModel, w0: Float64Array, n: number): number {
  const rows = Array.from({ length: n }, (_, i) => {
    const e = new Array<number>(n).fill(0);
    e[i] = 1;
    return model.vjp(w0, e);
  });
  return kernelSpectrum(gram(rows)).lambdaMax;
}

/** ‖Hessian of <u, h> at w0‖ by power iteration on finite-difference Hessian–vector products. */
export function hessianNormAlong(
  model: DifferentiableModel, w0: Float64Array, u: ArrayLike<number>, opts: ChizatOptions = {},
): { norm: number; iterations: number; converged: boolean } {
  const P = w0.length;
  const eps = (opts.epsilon ?? 1e-4) * Math.max(1, norm2(w0) / Math.sqrt(P));
  const rng = createRng(opts.seed ?? 0);
  let v = Float64Array.from({ length: P }, () => rng.normal());
  let nv = norm2(v);
  v = v.map((x) => x / nv);
  let est = 0;
  const maxIt = opts.maxIterations ?? 200;
  for (let it = 1; it <= maxIt; it++) {
    const plus = model.vjp(w0.map((x, i) => x + eps * v[i]!), u);
    const minus = model.vjp(w0.map((x, i) => x - eps * v[i]!), u);
    const hv = plus.map((x, i) => (x - minus[i]!) / (2 * eps));
    nv = norm2(hv);
    // ‖Hv‖ with ‖v‖ = 1 converges to max|eig(H)| even when ±λ pairs make v oscillate.
    const done = nv === 0 || Math.abs(nv - est) <= (opts.tolerance ?? 1e-7) * nv;
    est = nv;
    if (done) return { norm: est, iterations: it, converged: true };
    v = hv.map((x) => x / nv);
  }
  return { norm: est, iterations: maxIt, converged: false };
}

/** Chizat's κ(w0) for the model α·h with targets y. */
export function chizatKappa(
  model: DifferentiableModel, w0: Float64Array, y: ArrayLike<number>, alpha: number, opts: ChizatOptions = {},
): ChizatResult {
  const h0 = model.outputs(w0);
  const residual = h0.map((h, i) => alpha * h - y[i]!);
  const residualNorm = norm2(residual);
  const u = residualNorm > 0 ? residual.map((r) => r / residualNorm) : residual;
  const jacobianNormSq = opts.lambdaMax ?? lambdaMaxFromVjp(model, w0, h0.length);
  const hess = hessianNormAlong(model, w0, u, opts);
  return {
    kappa: (residualNorm / alpha) * hess.norm / jacobianNormSq,
    residualNorm, hessianNorm: hess.norm, jacobianNormSq,
    iterations: hess.iterations, converged: hess.converged,
  };
}

/** The unscaled output h = z_{L+1} (output unit k) of an MLP on inputs x, as a DifferentiableModel. */
export function mlpModel(mlp: Mlp, x: ArrayLike<number>[], k = 0): DifferentiableModel {
  const unscaled: Mlp = { ...mlp, outputScale: 1 };
  return {
    outputs: (w) => forward(withParams(unscaled, w), x).output.map((r) => r[k]!),
    vjp: (w, u) => {
      const rows = jacobian(withParams(unscaled, w), x, k);
      const g = new Float64Array(w.length);
      rows.forEach((row, i) => { for (let p = 0; p < g.length; p++) g[p]! += u[i]! * row[p]!; });
      return g;
    },
  };
}

/** κ(w0) of an MLP at its current weights: α = mlp.outputScale, h = the unscaled output. */
export function chizatKappaMlp(mlp: Mlp, x: ArrayLike<number>[], y: ArrayLike<number>, opts: ChizatOptions = {}): ChizatResult {
  return chizatKappa(mlpModel(mlp, x), flattenParams(mlp), y, mlp.outputScale, opts);
}

