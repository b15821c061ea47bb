// The empirical NTK of the engine's network on tfjs tensors, by the per-layer factorization
// (science.md §4), and a brute-force explicit-Jacobian contraction used as a check and a benchmark.
//
// Engine convention (network.ts): z_l = ã_{l−1} W_l + c_l b_l with ã_{l−1} = c_l a_{l−1}, f = α·h.
// With δ_l = ∂h_k/∂z_l:  ∂h/∂W_l = ã_{l−1}ᵀ δ_l,  ∂h/∂b_l = c_l δ_l, so
//   Θ_f = α² Σ_l (δ_l δ_lᵀ) ⊙ (Ã_{l−1} Ã_{l−1}ᵀ + c_l²·[bias]).
// A frozen copy (f = α(h − h0)) has the same Jacobian. Only numbers leave this file.
// On the native matrix path the factorization runs on the BLAS directly (ntk-native.ts).

import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../plan/cell.js';
import { activationGrad } from '../model/activations.js';
import { forward, netShape, toTensors, type NetShape, type TParams } from '../model/network.js';
import type { LayerParams } from '../model/params.js';
import { nativeBlas, nativeProductsActive } from '../native/kernels.js';
import { ntkNative } from './ntk-native.js';

/** Inputs of a kernel: n rows of the model's input dimension, row-major. */
export interface Points { x: Float32Array; n: number }

/** Which kernel of a multi-output model: one output unit's, or the trace Σ_k Θ^{(k)}. */
export type OutputChoice = { kind: 'trace' } | { kind: 'unit'; k: number };

interface Factors { inputs: tf.Tensor2D[]; deltas: tf.Tensor2D[] }

/** Scaled layer inputs ã_{l−1} and δ_l = ∂h_k/∂z_l for every layer. Call inside tf.tidy. */
function layerFactors(shape: NetShape, p: TParams, pts: Points, k: number): Factors {
  const dims = shape.dims;
  const x = tf.mul(tf.tensor2d(pts.x, [pts.n, dims[0]!]), shape.multipliers[0]!) as tf.Tensor2D;
  const cache = forward(shape, p, x);
  const per = shape.bias ? 2 : 1;
  const L = dims.length - 1;
  const kOut = dims[L]!;
  const deltas: tf.Tensor2D[] = new Array(L);
  const native = nativeProductsActive();
  deltas[L - 1] = tf.tile(tf.tensor2d(Float32Array.from({ length: kOut }, (_, j) => (j === k ? 1 : 0)), [1, kOut]), [pts.n, 1]) as tf.Tensor2D;
  for (let l = L - 1; l > 0; l--) {
    const w = p[l * per] as tf.Tensor2D;
    // A transpose flag is free on the native path, slower than an explicit transpose on wasm.
    const back = tf.mul(native ? tf.matMul(deltas[l]!, w, false, true) : tf.matMul(deltas[l]!, tf.transpose(w)), shape.multipliers[l]!);
    deltas[l - 1] = tf.mul(back, activationGrad(shape.activation, cache.zs[l - 1]!, cache.acts[l - 1]!)) as tf.Tensor2D;
  }
  return { inputs: cache.inputs, deltas };
}

/** The per-layer terms (δ1 δ2ᵀ) ⊙ (Ã1 Ã2ᵀ + c_l²·[bias]) for one output unit. Call inside tf.tidy. */
function factorizedTerms(shape: NetShape, p: TParams, a: Points, b: Points | null, k: number): tf.Tensor2D[] {
  const fa = layerFactors(shape, p, a, k);
  const fb = b ? layerFactors(shape, p, b, k) : fa;
  return fa.deltas.map((da, l) => {
    const dd = tf.matMul(da, tf.transpose(fb.deltas[l]!));
    let aa = tf.matMul(fa.inputs[l]!, tf.transpose(fb.inputs[l]!));
    if (shape.bias) aa = tf.add(aa, shape.multipliers[l]! ** 2);
    return tf.mul(dd, aa) as tf.Tensor2D;
  });
}

/** Σ_l of the per-layer terms for one output unit. Call inside tf.tidy. */
function factorizedUnit(shape: NetShape, p: TParams, a: Points, b: Points | null, k: number): tf.Tensor2D {
  return tf.addN(factorizedTerms(shape, p, a, b, k)) as tf.Tensor2D;
}

/**
 * The layers' contributions Θ_f^{(l)} to the NTK of a scalar-output model on the points `a`
 * (they sum to ntkFactorized's kernel): the per-layer Gram matrices of Li, Luo & Zhou.
 */
export function ntkFactorizedLayers(model: ModelConfig, params: LayerParams[], a: Points): Float64Array[][] {
  const shape = netShape(model);
  const blas = nativeBlas();
  if (blas) return ntkNative(blas, shape, model.outputScale, params, a, null, [0], true);
  const terms = tf.tidy(() => factorizedTerms(shape, toTensors(params), a, null, 0));
  const rows = terms.map((t) => toRows(t, a.n, a.n, model.outputScale ** 2));
  terms.forEach((t) => t.dispose());
  return rows;
}

function unitsOf(shape: NetShape, out: OutputChoice): number[] {
  const kOut = shape.dims[shape.dims.length - 1]!;
  if (out.kind === 'unit') {
    if (out.k < 0 || out.k >= kOut) throw new Error(`output unit ${out.k} out of range 0..${kOut - 1}`);
    return [out.k];
  }
  return Array.from({ length: kOut }, (_, k) => k);
}

/** Rows of an n1 × n2 float32 matrix as float64 arrays, scaled. */
function toRows(t: tf.Tensor, n1: number, n2: number, scale: number): Float64Array[] {
  const data = t.dataSync();
  return Array.from({ length: n1 }, (_, i) => Float64Array.from(data.subarray(i * n2, (i + 1) * n2), (v) => v * scale));
}

/**
 * Empirical NTK Θ_f(a, b) of the model f = α·h at `params` by the layer factorization
 * (b defaults to a). Float32 arithmetic, float64 rows out.
 */
export function ntkFactorized(model: ModelConfig, params: LayerParams[], a: Points, b: Points | null = null, out: OutputChoice = { kind: 'trace' }): Float64Array[] {
  const shape = netShape(model);
  const blas = nativeBlas();
  if (blas) return ntkNative(blas, shape, model.outputScale, params, a, b, unitsOf(shape, out), false)[0]!;
  const result = tf.tidy(() => {
    const p = toTensors(params);
    const units = unitsOf(shape, out).map((k) => factorizedUnit(shape, p, a, b, k));
    return units.length === 1 ? units[0]! : tf.addN(units);
  });
  const rows = toRows(result, a.n, (b ?? a).n, model.outputScale ** 2);
  result.dispose();
  return rows;
}

/** One block of the explicit Jacobian of layer l: rows ∂h/∂(W_l, b_l) for the points of the block. */
function jacobianBlock(shape: NetShape, f: Factors, l: number, start: number, size: number): tf.Tensor2D {
  const a = tf.slice(f.inputs[l]!, [start, 0], [size, -1]);
  const d = tf.slice(f.deltas[l]!, [start, 0], [size, -1]);
  const [fanIn, fanOut] = [a.shape[1], d.shape[1]];
  const jw = tf.reshape(tf.mul(tf.reshape(a, [size, fanIn, 1]), tf.reshape(d, [size, 1, fanOut])), [size, fanIn * fanOut]);
  return (shape.bias ? tf.concat([jw, tf.mul(d, shape.multipliers[l]!)], 1) : jw) as tf.Tensor2D;
}

/**
 * The same kernel by brute force: explicit per-layer Jacobian blocks J (block × P_l) and the
 * contraction J_a J_bᵀ, in blocks of `block` points so memory stays O(block·P_l). Scalar output
 * (unit k). For checks and benchmarks only: O(n²P) work against the factorization's O(n²·width).
 */
export function ntkBruteForce(model: ModelConfig, params: LayerParams[], pts: Points, k = 0, block = 32): Float64Array[] {
  const shape = netShape(model);
  const n = pts.n;
  const K = new Float64Array(n * n);
  const factors = tf.tidy(() => {
    const f = layerFactors(shape, toTensors(params), pts, k);
    return { inputs: f.inputs.map((t) => t.clone()), deltas: f.deltas.map((t) => t.clone()) };
  });
  for (let l = 0; l < factors.inputs.length; l++) {
    for (let s1 = 0; s1 < n; s1 += block) {
      const b1 = Math.min(block, n - s1);
      const j1 = tf.tidy(() => jacobianBlock(shape, factors, l, s1, b1));
      for (let s2 = s1; s2 < n; s2 += block) {
        const b2 = Math.min(block, n - s2);
        const prod = tf.tidy(() => (nativeProductsActive()
          ? tf.matMul(j1, jacobianBlock(shape, factors, l, s2, b2), false, true)
          : tf.matMul(j1, tf.transpose(jacobianBlock(shape, factors, l, s2, b2)))));
        const v = prod.dataSync();
        prod.dispose();
        for (let i = 0; i < b1; i++) for (let j = 0; j < b2; j++) {
          K[(s1 + i) * n + s2 + j] += v[i * b2 + j]!;
          if (s2 !== s1) K[(s2 + j) * n + s1 + i] += v[i * b2 + j]!;
        }
      }
      j1.dispose();
    }
  }
  tf.dispose([...factors.inputs, ...factors.deltas]);
  const a2 = model.outputScale ** 2;
  return Array.from({ length: n }, (_, i) => K.subarray(i * n, (i + 1) * n).map((v) => v * a2));
}

/** The first `count` rows of a split (the probe set: the first training points). */
export function firstRows(x: Float32Array, n: number, dim: number, count: number): Points {
  const m = Math.min(n, count);
  return { x: x.subarray(0, m * dim), n: m };
}
