// Memory-light vector–Jacobian products of a plain-JS MLP: ∇_w <u, h(w)> = J(w)ᵀ u computed layer
// by layer as m_l A_{l−1}ᵀ (Δ_l ⊙ u) (and m_l β_l Σ_i u_i Δ_{l,i} for biases), O(nP) time and
// O(P + n·width) memory, never the n × P Jacobian that laziness.ts's mlpModel builds.
import { backward, forward, type Mlp, parameterCount, withParams } from './mlp.js';
import type { DifferentiableModel } from './laziness.js';
import type { Rows } from './linalg.js';

/** J(w)ᵀ u for the unscaled output h of unit k, in flattenParams order. */
export function mlpVjp(mlp: Mlp, x: Rows, u: ArrayLike<number>, k = 0): Float64Array {
  const unscaled: Mlp = { ...mlp, outputScale: 1 };
  const pass = forward(unscaled, x);
  const deltas = backward(unscaled, pass, k);
  const g = new Float64Array(parameterCount(mlp));
  let o = 0;
  unscaled.layers.forEach((layer, l) => {
    const A = pass.A[l]!, D = deltas[l]!;
    const fanIn = layer.W.length, fanOut = D[0]?.length ?? 0;
    for (let i = 0; i < x.length; i++) {
      const ui = u[i]!;
      if (ui === 0) continue;
      const a = A[i]!, d = D[i]!;
      for (let p = 0; p < fanIn; p++) {
        const s = layer.multiplier * a[p]! * ui;
        if (s === 0) continue;
        const base = o + p * fanOut;
        for (let j = 0; j < fanOut; j++) g[base + j]! += s * d[j]!;
      }
    }
    o += fanIn * fanOut;
    if (layer.b) {
      const beta = layer.biasFactor ?? 1;
      for (let i = 0; i < x.length; i++) for (let j = 0; j < fanOut; j++) g[o + j]! += layer.multiplier * beta * u[i]! * D[i]![j]!;
      o += fanOut;
    }
  });
  return g;
}

/**
 * The unscaled output h (minus `offset`, e.g. h(w0) for a frozen copy) of an MLP on inputs x as a
 * DifferentiableModel for chizatKappa, with memory-light VJPs.
 */
export function mlpModelLight(mlp: Mlp, x: Rows, offset: ArrayLike<number> | null = null, k = 0): DifferentiableModel {
  const unscaled: Mlp = { ...mlp, outputScale: 1 };
  return {
    outputs: (w) => forward(withParams(unscaled, w), x).output.map((r, i) => r[k]! - (offset ? offset[i]! : 0)),
    vjp: (w, u) => mlpVjp(withParams(unscaled, w), x, u, k),
  };
}
