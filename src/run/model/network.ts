// The MLP on tfjs tensors, with hand-derived gradients (no tape).
//
// Convention (RESULTS.md): layer l computes z_l = c_l · (a_{l−1} W_l + b_l) with c_l the
// resolved multiplier; a_l = σ(z_l) for hidden layers; h(x) = z_L; the model output is
// f = α·h (α = outputScale), or f = α·(h(w) − h(w0)) with a frozen copy.
// Internally c_l is folded into the layer input: ã_{l−1} = c_l a_{l−1}, z_l = ã W_l + c_l b_l,
// so the first layer's scaled input c_1 X (and its transpose) is computed once per split.

import * as tf from '@tensorflow/tfjs-core';
import type { Activation, ModelConfig } from '../../plan/cell.js';
import { activate, activationGrad } from './activations.js';
import { layerDims, type LayerParams } from './params.js';
import { nativeProductsActive } from '../native/kernels.js';
import { chain } from '../chain.js';

/** Static description of the network used by forward/backward. */
export interface NetShape {
  dims: number[];
  activation: Activation;
  multipliers: number[];
  bias: boolean;
  symmetrized: boolean;
}

export function netShape(model: ModelConfig): NetShape {
  const dims = layerDims(model);
  const multipliers = dims.slice(1).map((_, l) => model.multipliers[l] ?? 1);
  return { dims, activation: model.activation, multipliers, bias: model.bias, symmetrized: model.init.symmetrized };
}

/** Parameters as a flat tensor list: W_1, (b_1), W_2, (b_2), … */
export type TParams = tf.Tensor[];

export function toTensors(layers: LayerParams[]): TParams {
  const out: TParams = [];
  for (const l of layers) {
    out.push(tf.tensor2d(l.w, [l.fanIn, l.fanOut]));
    if (l.b) out.push(tf.tensor1d(l.b));
  }
  return out;
}

export function fromTensors(shape: NetShape, p: TParams): LayerParams[] {
  const per = shape.bias ? 2 : 1;
  return shape.dims.slice(1).map((fanOut, l) => ({
    fanIn: shape.dims[l]!,
    fanOut,
    w: p[l * per]!.dataSync() as Float32Array,
    b: shape.bias ? (p[l * per + 1]!.dataSync() as Float32Array) : null,
  }));
}

/** What backward needs from forward: layer inputs, hidden pre-activations and activations. */
export interface ForwardCache {
  /** Input of each layer: the scaled ã = c·a, or the plain a where `scaled[l]` is set. */
  inputs: tf.Tensor2D[];
  zs: tf.Tensor2D[];
  acts: tf.Tensor2D[];
  h: tf.Tensor2D;
  /** c_l·W_l for layers whose multiplier went into the (smaller) weight instead of the input. */
  scaled?: (tf.Tensor2D | null)[];
}

/**
 * h = Σ_j ã_j v_j over a symmetrized last hidden layer, summing the two halves apart so that
 * h(x; w0) = 0 exactly: ã viewed as 2n × m/2 rows (free reshape) times [V_1 | V_2] gives
 * P[2i] = ã_i,1 V_1 and P[2i+1] = ã_i,2 V_2, and a 0/1 matrix adds the two (a + 0 + 0 + b).
 * At w0 the two products are exact negatives, so their sum is exactly 0. No column splits:
 * those are strided copies, slower than the product itself on wasm.
 */
function symmetricOutput(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const [n, m] = x.shape;
  const k = w.shape[1];
  const half = m / 2;
  const v = tf.reshape(tf.transpose(tf.reshape(w, [2, half, k]), [1, 0, 2]), [half, 2 * k]);
  const p = tf.reshape(tf.matMul(tf.reshape(x, [2 * n, half]), v), [n, 4 * k]);
  const pick = new Float32Array(4 * k * k);
  for (let c = 0; c < k; c++) {
    pick[c * k + c] = 1;
    pick[(3 * k + c) * k + c] = 1;
  }
  return tf.matMul(p, tf.tensor2d(pick, [4 * k, k]));
}

/** ã W + c b for one layer (W already scaled by c when `scaled`). */
function affine(shape: NetShape, l: number, x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor | null): tf.Tensor2D {
  const c = shape.multipliers[l]!;
  const bias = b ? (c === 1 ? b : tf.mul(b, c)) : undefined;
  const last = l === shape.dims.length - 2;
  // Plain matMul + add: the wasm _FusedMatMul kernel is about 2× slower than MatMul here.
  const z = last && shape.symmetrized ? symmetricOutput(x, w) : tf.matMul(x, w);
  return (bias ? tf.add(z, bias) : z) as tf.Tensor2D;
}

/**
 * Forward pass from the scaled input x̃ = c_1 X. Call inside tf.tidy. With `fast`, a layer
 * whose weight is smaller than its input batch (fanOut < n) multiplies c into W instead of a,
 * which saves two n × fanIn products per step; the cache then marks that layer in `scaled`.
 */
export function forward(shape: NetShape, p: TParams, xScaled: tf.Tensor2D, fast = false): ForwardCache {
  const per = shape.bias ? 2 : 1;
  const L = shape.dims.length - 1;
  const n = xScaled.shape[0];
  const cache: ForwardCache = { inputs: [xScaled], zs: [], acts: [], h: xScaled, scaled: [null] };
  let x = xScaled;
  for (let l = 0; l < L; l++) {
    const w = (l > 0 && cache.scaled![l]) || (p[l * per] as tf.Tensor2D);
    const z = affine(shape, l, x, w, shape.bias ? p[l * per + 1]! : null);
    if (l === L - 1) return { ...cache, h: z };
    const a = activate(shape.activation, z) as tf.Tensor2D;
    cache.zs.push(z);
    cache.acts.push(a);
    const c = shape.multipliers[l + 1]!;
    const intoWeight = fast && c !== 1 && shape.dims[l + 2]! < n;
    cache.scaled!.push(intoWeight ? (tf.mul(p[(l + 1) * per]!, c) as tf.Tensor2D) : null);
    x = c === 1 || intoWeight ? a : (tf.mul(a, c) as tf.Tensor2D);
    cache.inputs.push(x);
  }
  throw new Error('unreachable: a network has an output layer');
}

/**
 * δ W^T, as a broadcast product when the layer has one output (an outer product). On the native
 * path the transpose is an sgemm flag (free); on wasm an explicit transpose beats XNNPACK's flag.
 */
function backThrough(delta: tf.Tensor2D, w: tf.Tensor2D, native: boolean): tf.Tensor2D {
  const [fanIn, fanOut] = w.shape;
  if (fanOut === 1) return tf.mul(delta, tf.reshape(w, [1, fanIn])) as tf.Tensor2D;
  if (native) return tf.matMul(delta, w, false, true) as tf.Tensor2D;
  // W^T is as large as W: freed here, not at the end of the step's tidy (see optimizers.ts).
  return chain(w, tf.transpose, (wt) => tf.matMul(delta, wt)) as tf.Tensor2D;
}

/**
 * ã^T δ, arranged for XNNPACK: tfjs-wasm repacks the right operand of every matMul, which
 * costs about as much as the product when that operand is a fresh n × width tensor, and its
 * transpose flags are ~15× slower than an explicit transpose. So the right operand is always
 * the smaller one: (δ^T ã)^T when the layer input is narrower than its output (the first layer),
 * else ã^T δ. On the native path ã^T δ is one sgemm with a transpose flag, whatever the shapes.
 */
function weightGrad(input: tf.Tensor2D, delta: tf.Tensor2D, native: boolean): tf.Tensor {
  if (native) return tf.matMul(input, delta, true, false);
  const fanIn = input.shape[1];
  const fanOut = delta.shape[1];
  if (fanIn < fanOut) return chain(delta, tf.transpose, (dt) => tf.matMul(dt, input), tf.transpose);
  return chain(input, tf.transpose, (it) => tf.matMul(it, delta));
}

/**
 * The first layer's gradients below a layer with one output unit, without the n × m δ_0 (native
 * path): with δ_0 = (δ w̃ᵀ) ⊙ S, w̃ the second layer's (scaled) weights and S = σ'(z_1),
 *   ã_0ᵀ δ_0 = ((δ ⊙ ã_0)ᵀ S) ⊙ w̃ᵀ   and   Σ_i δ_0 = (δᵀ S) ⊙ w̃ᵀ,
 * so the n × m outer product and its product with S (two passes over n × m per step) become
 * products over n × d and d × m. `c` multiplies δ (the second layer's multiplier unless w̃ has it).
 */
function firstLayerGrads(shape: NetShape, cache: ForwardCache, delta: tf.Tensor2D, w: tf.Tensor2D, c: number, grads: TParams): void {
  const d = c === 1 ? delta : (tf.mul(delta, c) as tf.Tensor2D);
  const slope = activationGrad(shape.activation, cache.zs[0]!, cache.acts[0]!) as tf.Tensor2D;
  const row = tf.reshape(w, [1, -1]);
  grads[0] = tf.mul(tf.matMul(tf.mul(cache.inputs[0]!, d) as tf.Tensor2D, slope, true, false), row);
  if (!shape.bias) return;
  const c0 = shape.multipliers[0]!;
  const db = tf.reshape(tf.mul(tf.matMul(d, slope, true, false), row), [-1]);
  grads[1] = c0 === 1 ? db : tf.mul(db, c0);
}

/**
 * Gradients of the objective with respect to every parameter, given dh = ∂F/∂h (n × k).
 * Call inside tf.tidy.
 */
export function backward(
  shape: NetShape, p: TParams, cache: ForwardCache, dh: tf.Tensor2D,
  _unused?: tf.Tensor2D | null, // kept for callers of the earlier signature (transposed input)
): TParams {
  const per = shape.bias ? 2 : 1;
  const L = shape.dims.length - 1;
  const grads: TParams = new Array(p.length);
  const native = nativeProductsActive();
  let delta = dh;
  for (let l = L - 1; l >= 0; l--) {
    const c = shape.multipliers[l]!;
    const wScaled = cache.scaled?.[l] ?? null;
    const gw = weightGrad(cache.inputs[l]!, delta, native);
    grads[l * per] = wScaled ? tf.mul(gw, c) : gw;
    if (shape.bias) {
      const db = tf.sum(delta, 0);
      grads[l * per + 1] = c === 1 ? db : tf.mul(db, c);
    }
    if (l === 0) break;
    const w = wScaled ?? (p[l * per] as tf.Tensor2D);
    if (native && l === 1 && w.shape[1] === 1) {
      firstLayerGrads(shape, cache, delta, w, c === 1 || wScaled ? 1 : c, grads);
      break;
    }
    const dIn = backThrough(delta, w, native);
    const dAct = c === 1 || wScaled ? dIn : tf.mul(dIn, c);
    delta = tf.mul(dAct, activationGrad(shape.activation, cache.zs[l - 1]!, cache.acts[l - 1]!)) as tf.Tensor2D;
  }
  return grads;
}
