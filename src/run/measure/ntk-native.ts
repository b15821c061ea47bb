// The empirical NTK of the engine's MLP on the native matrix path: the per-layer factorization
// of ntk-tf.ts computed on plain Float32Arrays with the native BLAS, no tensors. What is not the
// algorithm is gone: no transposes (BLAS flags), no tensor copies, the multipliers leave the
// matrices and become one scalar per layer term, Gram matrices of a point set with itself take
// ssyrk (the upper triangle: half of sgemm's work), and each layer's Hadamard product is added
// into a float64 kernel in one pass.
//
// With a_l the unscaled layer inputs (a_0 = X), z_l = c_l (a_l W_l + b_l), a_{l+1} = σ(z_l), and
// δ̂ the deltas without their multipliers (δ̂_{L−1} = e_k, δ̂_{l−1} = (δ̂_l W_lᵀ) ⊙ σ'(z_{l−1})),
// the engine's δ_l = s_l δ̂_l with s_l = Π_{j>l} c_j, and (ntk-tf.ts)
//   Θ_f = α² Σ_l s_l² c_l² (δ̂_l δ̂_lᵀ) ⊙ (a_l a_lᵀ + [bias]).

import type { Blas } from '../native/blas.js';
import type { NetShape } from '../model/network.js';
import type { LayerParams } from '../model/params.js';
import { activateScalar, activationGradScalar } from '../model/activations.js';
import type { Points } from './ntk-tf.js';

/**
 * Layer inputs a_l (n × dims[l]) and σ'(z_{l−1}) at them (empty for the input layer). For ReLU
 * the slope is [a_l > 0] and is read off a_l itself (`slopes` is then `acts`: no second array).
 */
interface Pass { n: number; acts: Float32Array[]; slopes: Float32Array[]; relu: boolean }

/**
 * ReLU in place. Written as a product with +(v > 0), which V8 compiles without a branch: a
 * data-dependent branch mispredicts on half the units and costs 3–5× the loop.
 */
function reluRows(z: Float32Array, c: number, b: Float32Array | null, width: number): void {
  for (let r = 0; r < z.length; r += width) {
    for (let j = 0; j < width; j++) {
      const v = c * (b ? z[r + j]! + b[j]! : z[r + j]!);
      z[r + j] = v * +(v > 0);
    }
  }
}

/** z ← σ(c (z + b)) row by row, slope ← σ'(c (z + b)), in one pass (ReLU: z only). */
function activateRows(shape: NetShape, z: Float32Array, slope: Float32Array, c: number, b: Float32Array | null, width: number): void {
  const act = shape.activation;
  if (act === 'relu') return reluRows(z, c, b, width);
  for (let r = 0; r < z.length; r += width) {
    for (let j = 0; j < width; j++) {
      const v = c * (b ? z[r + j]! + b[j]! : z[r + j]!);
      const a = activateScalar(act, v);
      z[r + j] = a;
      slope[r + j] = activationGradScalar(act, v, a);
    }
  }
}

/** The forward pass up to the last layer's input (the output itself is not needed). */
function forwardPass(blas: Blas, shape: NetShape, params: LayerParams[], pts: Points): Pass {
  const n = pts.n;
  const relu = shape.activation === 'relu';
  const pass: Pass = { n, acts: [pts.x.subarray(0, n * shape.dims[0]!)], slopes: [new Float32Array(0)], relu };
  for (let l = 0; l < params.length - 1; l++) {
    const { fanIn, fanOut, w, b } = params[l]!;
    const z = new Float32Array(n * fanOut), slope = relu ? z : new Float32Array(n * fanOut);
    blas.sgemm(false, false, n, fanOut, fanIn, pass.acts[l]!, fanIn, w, fanOut, 0, z, fanOut);
    activateRows(shape, z, slope, shape.multipliers[l]!, b, fanOut);
    pass.acts.push(z);
    pass.slopes.push(slope);
  }
  return pass;
}

/**
 * δ̂_{l−1} = (δ̂_l W_lᵀ) ⊙ σ'(z_{l−1}) for unit k's δ̂_l, or for δ̂_l = e_k (null: the output
 * layer), where the product is W_l's column k on every row.
 */
function backStep(blas: Blas, pass: Pass, params: LayerParams[], l: number, delta: Float32Array | null, k: number): Float32Array {
  const { fanIn, fanOut, w } = params[l]!;
  const slope = pass.slopes[l]!;
  const out = new Float32Array(pass.n * fanIn);
  if (delta) {
    blas.sgemm(false, true, pass.n, fanIn, fanOut, delta, fanOut, w, fanOut, 0, out, fanIn);
  } else {
    const column = Float32Array.from({ length: fanIn }, (_, j) => w[j * fanOut + k]!);
    for (let r = 0; r < out.length; r += fanIn) out.set(column, r);
  }
  if (pass.relu) for (let i = 0; i < out.length; i++) out[i] = out[i]! * +(slope[i]! > 0);
  else for (let i = 0; i < out.length; i++) out[i] = out[i]! * slope[i]!;
  return out;
}

/** out (n1 × n2) = X Yᵀ (+ beta·out) of rows of width `width`; the upper triangle only (ssyrk) when Y is X. */
function gram(blas: Blas, x: Float32Array, n1: number, y: Float32Array | null, n2: number, width: number, beta: number, out: Float32Array): void {
  if (!y) blas.ssyrk(n1, width, 1, x, width, beta, out, n1);
  else blas.sgemm(false, true, n1, n2, width, x, width, y, width, beta, out, n2);
}

/** target += coef · D ⊙ (G + add), D = null meaning all ones; the upper triangle only when symmetric. */
function addTerm(target: Float64Array, n1: number, n2: number, sym: boolean, coef: number, d: Float32Array | null, g: Float32Array, add: number): void {
  for (let i = 0; i < n1; i++) {
    const r = i * n2;
    for (let j = sym ? i : 0; j < n2; j++) target[r + j]! += coef * (d ? d[r + j]! : 1) * (g[r + j]! + add);
  }
}

/** Rows of an n1 × n2 kernel scaled by `scale`, the lower triangle copied from the upper one when symmetric. */
function finish(t: Float64Array, n1: number, n2: number, sym: boolean, scale: number): Float64Array[] {
  for (let i = 0; i < n1; i++) {
    for (let j = sym ? i : 0; j < n2; j++) t[i * n2 + j] = t[i * n2 + j]! * scale;
    if (sym) for (let j = 0; j < i; j++) t[i * n2 + j] = t[j * n2 + i]!;
  }
  return Array.from({ length: n1 }, (_, i) => t.subarray(i * n2, (i + 1) * n2));
}

/**
 * Θ_f(a, b) summed over the output units `units` (b = null: a with itself), as one kernel, or
 * per layer (the terms that sum to it) when `perLayer`. Float32 products, float64 sums.
 */
export function ntkNative(blas: Blas, shape: NetShape, alpha: number, params: LayerParams[], a: Points, b: Points | null, units: number[], perLayer: boolean): Float64Array[][] {
  const sym = b === null;
  const pa = forwardPass(blas, shape, params, a), pb = b ? forwardPass(blas, shape, params, b) : pa;
  const n1 = a.n, n2 = pb.n, L = params.length;
  if (n1 * n2 === 0) return Array.from({ length: perLayer ? L : 1 }, () => Array.from({ length: n1 }, () => new Float64Array(n2)));
  const G = new Float32Array(n1 * n2), D = new Float32Array(n1 * n2);
  const terms = Array.from({ length: perLayer ? L : 1 }, () => new Float64Array(n1 * n2));
  let da: (Float32Array | null)[] = units.map(() => null), db = da;
  let s = 1;
  for (let l = L - 1; l >= 0; l--) {
    const c = shape.multipliers[l]!, width = shape.dims[l]!;
    gram(blas, pa.acts[l]!, n1, sym ? null : pb.acts[l]!, n2, width, 0, G);
    // Each unit's δ̂_{L−1} = e_k has the all-ones Gram matrix: the units only count there.
    if (l < L - 1) units.forEach((_, u) => gram(blas, da[u]!, n1, sym ? null : db[u]!, n2, shape.dims[l + 1]!, u ? 1 : 0, D));
    addTerm(terms[perLayer ? l : 0]!, n1, n2, sym, s * s * c * c * (l < L - 1 ? 1 : units.length), l < L - 1 ? D : null, G, shape.bias ? 1 : 0);
    if (l === 0) break;
    da = units.map((k, u) => backStep(blas, pa, params, l, da[u] ?? null, k));
    db = sym ? da : units.map((k, u) => backStep(blas, pb, params, l, db[u] ?? null, k));
    s *= c;
  }
  return terms.map((t) => finish(t, n1, n2, sym, alpha * alpha));
}
