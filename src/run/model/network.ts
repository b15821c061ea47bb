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

/** What backward needs from forward: scaled layer inputs, hidden pre-activations and activations. */
export interface ForwardCache {
  inputs: tf.Tensor2D[];
  zs: tf.Tensor2D[];
  acts: tf.Tensor2D[];
  h: tf.Tensor2D;
}

/** ã W + c b for one layer; the symmetrized output layer sums its two halves apart. */
function affine(shape: NetShape, l: number, x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor | null): tf.Tensor2D {
  const c = shape.multipliers[l]!;
  const bias = b ? (c === 1 ? b : tf.mul(b, c)) : undefined;
  const last = l === shape.dims.length - 2;
  // Plain matMul + add: the wasm _FusedMatMul kernel is about 2× slower than MatMul here.
  if (!(last && shape.symmetrized)) return (bias ? tf.add(tf.matMul(x, w), bias) : tf.matMul(x, w)) as tf.Tensor2D;
  const half = shape.dims[l]! / 2;
  const [x1, x2] = tf.split(x, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
  const [w1, w2] = tf.split(w, [half, half], 0) as [tf.Tensor2D, tf.Tensor2D];
  const z = tf.add(tf.matMul(x1, w1), tf.matMul(x2, w2)) as tf.Tensor2D;
  return bias ? (tf.add(z, bias) as tf.Tensor2D) : z;
}

/** Forward pass from the scaled input x̃ = c_1 X. Call inside tf.tidy. */
export function forward(shape: NetShape, p: TParams, xScaled: tf.Tensor2D): ForwardCache {
  const per = shape.bias ? 2 : 1;
  const L = shape.dims.length - 1;
  const inputs: tf.Tensor2D[] = [xScaled];
  const zs: tf.Tensor2D[] = [];
  const acts: tf.Tensor2D[] = [];
  let x = xScaled;
  for (let l = 0; l < L; l++) {
    const z = affine(shape, l, x, p[l * per] as tf.Tensor2D, shape.bias ? p[l * per + 1]! : null);
    if (l === L - 1) return { inputs, zs, acts, h: z };
    const a = activate(shape.activation, z) as tf.Tensor2D;
    zs.push(z);
    acts.push(a);
    const c = shape.multipliers[l + 1]!;
    x = c === 1 ? a : (tf.mul(a, c) as tf.Tensor2D);
    inputs.push(x);
  }
  throw new Error('unreachable: a network has an output layer');
}

/** δ W^T, as a broadcast product when the layer has one output (an outer product). */
function backThrough(delta: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const [fanIn, fanOut] = w.shape;
  if (fanOut === 1) return tf.mul(delta, tf.reshape(w, [1, fanIn])) as tf.Tensor2D;
  return tf.matMul(delta, tf.transpose(w)) as tf.Tensor2D;
}

/**
 * ã^T δ, arranged for XNNPACK: tfjs-wasm repacks the right operand of every matMul, which
 * costs about as much as the product when that operand is a fresh n × width tensor, and its
 * transpose flags are ~15× slower than an explicit transpose. So the right operand is always
 * the smaller one: (δ^T ã)^T when the layer input is narrower than its output (the first layer),
 * else ã^T δ.
 */
function weightGrad(input: tf.Tensor2D, delta: tf.Tensor2D): tf.Tensor {
  const fanIn = input.shape[1];
  const fanOut = delta.shape[1];
  if (fanIn < fanOut) return tf.transpose(tf.matMul(tf.transpose(delta), input));
  return tf.matMul(tf.transpose(input), delta);
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
  let delta = dh;
  for (let l = L - 1; l >= 0; l--) {
    const w = p[l * per] as tf.Tensor2D;
    const c = shape.multipliers[l]!;
    grads[l * per] = weightGrad(cache.inputs[l]!, delta);
    if (shape.bias) {
      const db = tf.sum(delta, 0);
      grads[l * per + 1] = c === 1 ? db : tf.mul(db, c);
    }
    if (l === 0) break;
    const cPrev = shape.multipliers[l]!;
    const dIn = backThrough(delta, w);
    const dAct = cPrev === 1 ? dIn : tf.mul(dIn, cPrev);
    delta = tf.mul(dAct, activationGrad(shape.activation, cache.zs[l - 1]!, cache.acts[l - 1]!)) as tf.Tensor2D;
  }
  return grads;
}
