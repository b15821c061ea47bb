// Memory-light vector–Jacobian products of a plain-JS MLP for κ's Hessian power iteration:
// ∇_w <u, h(w)> = J(w)ᵀ u computed layer by layer as m_l A_{l−1}ᵀ (Δ_l ⊙ u) (biases:
// m_l β_l Σ_i u_i Δ_{l,i}), O(nP) time and O(P + n·width) memory, never the n × P Jacobian.
//
// ReLU: the Hessian of a ReLU net exists almost everywhere and has no σ'' term, but central
// differences of gradients that cross a kink blow up like 1/ε (a unit flips between w ± εv). So
// the activation pattern is frozen at the reference weights w0: σ(z) = z·[z0 > 0], σ' = [z0 > 0].
// The frozen net agrees with the real one near w0 in value, gradient and (a.e.) Hessian, and is
// polynomial in w, so the finite differences are exact up to O(ε²).
import { activate, activateDerivative } from './activations.js';
import { type Mlp, parameterCount, withParams } from './mlp.js';
import type { DifferentiableModel } from './laziness.js';
import { dot, type Rows } from './linalg.js';

type Masks = boolean[][][] | null;

interface Pass { A: number[][][]; Z: number[][][] }

function forwardMasked(mlp: Mlp, x: Rows, masks: Masks): Pass {
  const A: number[][][] = [x.map((r) => Array.from(r))];
  const Z: number[][][] = [];
  mlp.layers.forEach((layer, l) => {
    const beta = layer.biasFactor ?? 1;
    const fanOut = layer.W[0]?.length ?? 0;
    const z = A[l]!.map((a) => Array.from({ length: fanOut }, (_, j) => {
      let s = layer.b ? beta * layer.b[j]! : 0;
      for (let p = 0; p < a.length; p++) s += a[p]! * layer.W[p]![j]!;
      return layer.multiplier * s;
    }));
    Z.push(z);
    if (l === mlp.layers.length - 1) return;
    A.push(z.map((row, i) => row.map((v, j) => (masks ? (masks[l]![i]![j]! ? v : 0) : activate(mlp.activation, v)))));
  });
  return { A, Z };
}

/** J(w)ᵀ u for the unscaled output h of unit k, in flattenParams order (masks: frozen ReLU pattern). */
export function mlpVjp(mlp: Mlp, x: Rows, u: ArrayLike<number>, k = 0, masks: Masks = null): Float64Array {
  const { A, Z } = forwardMasked(mlp, x, masks);
  const L1 = mlp.layers.length;
  // d[l][i] = u_i ∂h_k(x_i)/∂z_l, back to front.
  const d: number[][][] = new Array(L1);
  d[L1 - 1] = Z[L1 - 1]!.map((row, i) => row.map((_, j) => (j === k ? u[i]! : 0)));
  for (let l = L1 - 2; l >= 0; l--) {
    const next = mlp.layers[l + 1]!;
    d[l] = Z[l]!.map((zi, i) => zi.map((z, p) => {
      const slope = masks ? (masks[l]![i]![p]! ? 1 : 0) : activateDerivative(mlp.activation, z);
      return slope === 0 ? 0 : next.multiplier * dot(d[l + 1]![i]!, next.W[p]!) * slope;
    }));
  }
  const g = new Float64Array(parameterCount(mlp));
  let o = 0;
  mlp.layers.forEach((layer, l) => {
    const fanIn = layer.W.length, fanOut = layer.W[0]?.length ?? 0;
    for (let i = 0; i < x.length; i++) {
      const a = A[l]![i]!, di = d[l]![i]!;
      for (let p = 0; p < fanIn; p++) {
        const s = layer.multiplier * a[p]!;
        if (s !== 0) for (let j = 0; j < fanOut; j++) g[o + p * fanOut + j]! += s * di[j]!;
      }
    }
    o += fanIn * fanOut;
    if (layer.b) {
      const c = layer.multiplier * (layer.biasFactor ?? 1);
      for (let i = 0; i < x.length; i++) for (let j = 0; j < fanOut; j++) g[o + j]! += c * d[l]![i]![j]!;
      o += fanOut;
    }
  });
  return g;
}

/**
 * The unscaled output h (minus `offset`, e.g. h(w0) for a frozen copy) of an MLP on inputs x as a
 * DifferentiableModel for chizatKappa, with memory-light VJPs; ReLU patterns frozen at mlp's weights.
 */
export function mlpModelLight(mlp: Mlp, x: Rows, offset: ArrayLike<number> | null = null, k = 0): DifferentiableModel {
  const unscaled: Mlp = { ...mlp, outputScale: 1 };
  const masks: Masks = mlp.activation === 'relu'
    ? forwardMasked(unscaled, x, null).Z.slice(0, -1).map((z) => z.map((row) => row.map((v) => v > 0)))
    : null;
  return {
    outputs: (w) => forwardMasked(withParams(unscaled, w), x, masks).Z[mlp.layers.length - 1]!.map((r, i) => r[k]! - (offset ? offset[i]! : 0)),
    vjp: (w, u) => mlpVjp(withParams(unscaled, w), x, u, k, masks),
  };
}
