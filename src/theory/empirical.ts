// Empirical (finite-width) NTK and NNGP of a plain-JS MLP (conventions in mlp.ts).
// The NTK is computed by the per-layer factorization of science.md §4,
//   Θ = Σ_l m_l² (Δ_l Δ_lᵀ) ⊙ (A_{l−1} A_{l−1}ᵀ + β_l² [bias]),
// never building the n×P Jacobian; jacobian()/jacobianNtk() build it explicitly as a check.
import { backward, forward, type Mlp, parameterCount } from './mlp.js';
import { frobenius, frobeniusDiff, gram, hadamard, type Rows } from './linalg.js';

export interface OutputKernels {
  /** perOutput[k] = Θ^{(k)}(x1_i, x2_j) = <∇f_k(x1_i), ∇f_k(x2_j)>. */
  perOutput: number[][][];
  /** Σ_k Θ^{(k)} (the trace over outputs). */
  trace: number[][];
}

function outputDim(mlp: Mlp): number {
  const last = mlp.layers[mlp.layers.length - 1]!;
  return last.W[0]?.length ?? 0;
}

/** Per-layer NTK contributions for output unit k: result[l−1] is layer l's term (n1 × n2). */
export function empiricalNtkLayers(mlp: Mlp, x1: Rows, x2: Rows = x1, k = 0): number[][][] {
  const p1 = forward(mlp, x1);
  const p2 = x2 === x1 ? p1 : forward(mlp, x2);
  const d1 = backward(mlp, p1, k);
  const d2 = x2 === x1 ? d1 : backward(mlp, p2, k);
  return mlp.layers.map((layer, l) => {
    const aa = gram(p1.A[l]!, p2.A[l]!);
    const beta = layer.biasFactor ?? 1;
    const biasTerm = layer.b ? beta * beta : 0;
    const dd = gram(d1[l]!, d2[l]!);
    const m2 = layer.multiplier * layer.multiplier;
    return hadamard(dd, aa).map((row, i) => row.map((v, j) => m2 * (v + biasTerm * dd[i]![j]!)));
  });
}

/** Sums equal-shape matrices. */
function sumMatrices(ms: number[][][]): number[][] {
  const out = ms[0]!.map((r) => r.map(() => 0));
  for (const m of ms) m.forEach((row, i) => row.forEach((v, j) => { out[i]![j]! += v; }));
  return out;
}

/** Empirical NTK of output unit k (default 0, the scalar output), by the layer factorization. */
export function empiricalNtk(mlp: Mlp, x1: Rows, x2: Rows = x1, k = 0): number[][] {
  return sumMatrices(empiricalNtkLayers(mlp, x1, x2, k));
}

/** Per-output NTKs and their trace (multi-output nets). */
export function empiricalNtkPerOutput(mlp: Mlp, x1: Rows, x2: Rows = x1): OutputKernels {
  const perOutput = Array.from({ length: outputDim(mlp) }, (_, k) => empiricalNtk(mlp, x1, x2, k));
  return { perOutput, trace: sumMatrices(perOutput) };
}

/**
 * The n×P Jacobian ∂f_k(x_i)/∂w in flattenParams order (per layer: W row-major, then b):
 * ∂f/∂W_l[p][j] = m_l a_{l−1,p} Δ_{l,j},  ∂f/∂b_l[j] = m_l β_l Δ_{l,j}.
 */
export function jacobian(mlp: Mlp, x: Rows, k = 0): Float64Array[] {
  const pass = forward(mlp, x);
  const deltas = backward(mlp, pass, k);
  const P = parameterCount(mlp);
  return x.map((_, i) => {
    const row = new Float64Array(P);
    let o = 0;
    mlp.layers.forEach((layer, l) => {
      const a = pass.A[l]![i]!;
      const delta = deltas[l]![i]!;
      for (let p = 0; p < a.length; p++) {
        for (let j = 0; j < delta.length; j++) row[o++] = layer.multiplier * a[p]! * delta[j]!;
      }
      if (layer.b) {
        const beta = layer.biasFactor ?? 1;
        for (let j = 0; j < delta.length; j++) row[o++] = layer.multiplier * beta * delta[j]!;
      }
    });
    return row;
  });
}

/** Brute-force NTK J(x1) J(x2)ᵀ from explicit Jacobians (for checking; O(nP) memory). */
export function jacobianNtk(mlp: Mlp, x1: Rows, x2: Rows = x1, k = 0): number[][] {
  const j1 = jacobian(mlp, x1, k);
  const j2 = x2 === x1 ? j1 : jacobian(mlp, x2, k);
  return gram(j1, j2);
}

/**
 * Empirical NNGP from the last hidden layer's features a (n × width):
 * σ_w² a·a'/width + σ_b², the output covariance over a fresh draw of the readout layer in the
 * standard-normal NTK parameterization (with depth 0 the features are the inputs, width = d).
 */
export function featureNngp(features1: Rows, features2: Rows, sigmaW: number, sigmaB: number): number[][] {
  const width = features1[0]?.length ?? 1;
  return gram(features1, features2).map((row) => row.map((v) => (sigmaW ** 2 * v) / width + sigmaB ** 2));
}

/** Empirical NNGP of a network at its current weights (see featureNngp). */
export function empiricalNngp(mlp: Mlp, x1: Rows, x2: Rows, sigmaW: number, sigmaB: number): number[][] {
  const L = mlp.layers.length - 1;
  const a1 = forward(mlp, x1).A[L]!;
  const a2 = x2 === x1 ? a1 : forward(mlp, x2).A[L]!;
  return featureNngp(a1, a2, sigmaW, sigmaB);
}

/** ‖Θ_t − Θ_0‖_F / ‖Θ_0‖_F (science.md §4). */
export function ntkRelativeChange(theta0: Rows, thetaT: Rows): number {
  return frobeniusDiff(thetaT, theta0) / frobenius(theta0);
}

/** ‖K − K_ref‖_F / ‖K_ref‖_F, e.g. empirical vs analytic NTK. */
export function relativeFrobeniusDistance(k: Rows, reference: Rows): number {
  return frobeniusDiff(k, reference) / frobenius(reference);
}
