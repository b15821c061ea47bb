// A layered network (src/theory/net: dense, conv2d, pools, flatten, residual) on tfjs tensors,
// batched NHWC, with hand-derived backward passes, so it trains on every backend without a
// gradient registry. The float64 reference in src/theory/net is what these are tested against.
//
// The wasm backend has no Conv2DBackpropFilter kernel, so a convolution's filter gradient is
// itself a convolution (registered everywhere): with x̂ the zero-padded input,
//   ∂W[ky,kx,ci,co] = Σ_{n,oy,ox} x̂[n, oy·s+ky, ox·s+kx, ci] · δ[n, oy, ox, co]
// is conv2d(x̂ᵀ, δᵀ) with x̂ᵀ = [ci, H, W, n] as the batch of images, δᵀ = [oh, ow, n, co] as the
// filter, dilation s and stride 1, cropped to k × k.
import * as tf from '@tensorflow/tfjs-core';
import type { Network, Node } from '../../theory/net/network.js';
import { activate, activationGrad } from './activations.js';
import { nativeConvActive } from '../native/kernels.js';

type T4 = tf.Tensor4D;

/** One tensor per parameter block in the flat order of src/theory/net: W then b per weight layer. */
export type LayerTensors = tf.Tensor[];

/** Splits a flat float parameter vector into per-layer tensors (W shaped for tfjs). */
export function paramTensors(net: Network, w: ArrayLike<number>): LayerTensors {
  const out: LayerTensors = [];
  const flat = Float32Array.from(w as ArrayLike<number>);
  const visit = (nodes: Node[]): void => nodes.forEach((node) => {
    if (node.body) { visit(node.body); visit(node.shortcut!); return; }
    const s = node.spec;
    if (s.kind !== 'dense' && s.kind !== 'conv2d') return;
    const W = flat.subarray(node.offset, node.offset + node.weights);
    if (s.kind === 'dense') out.push(tf.tensor2d(W, [node.weights / s.units, s.units]));
    else out.push(tf.tensor4d(W, [s.kernel, s.kernel, node.input.kind === 'image' ? node.input.c : 1, s.filters]));
    if (s.bias) {
      const nb = s.kind === 'dense' ? s.units : s.filters;
      out.push(tf.tensor1d(flat.subarray(node.offset + node.weights, node.offset + node.weights + nb)));
    }
  });
  visit(net.nodes);
  return out;
}

interface Saved { x: tf.Tensor; y: tf.Tensor; body?: Saved[]; shortcut?: Saved[]; param: number }

/** Index of each node's first parameter tensor, in the flat order. */
function paramIndex(net: Network): Map<Node, number> {
  const index = new Map<Node, number>();
  let i = 0;
  const visit = (nodes: Node[]): void => nodes.forEach((node) => {
    index.set(node, i);
    if (node.body) { visit(node.body); visit(node.shortcut!); return; }
    if (node.spec.kind === 'dense' || node.spec.kind === 'conv2d') i += node.spec.bias ? 2 : 1;
  });
  visit(net.nodes);
  return index;
}

function pad4(p: number): [[number, number], [number, number], [number, number], [number, number]] {
  return [[0, 0], [p, p], [p, p], [0, 0]];
}

/**
 * x W with x's features P × c and channel j paired with j + c/2 (symmetrized init): the two
 * halves' products are computed apart and added, so equal inputs against negated weights give
 * exactly 0. The gradient is that of x W (the backward pass is unchanged).
 */
function pairedMatMul(x: tf.Tensor2D, w: tf.Tensor2D, c: number): tf.Tensor2D {
  const [n, f] = x.shape, k = w.shape[1], P = f / c, half = c / 2;
  const xs = tf.reshape(x, [n, P, c]), ws = tf.reshape(w, [P, c, k]);
  const part = (from: number): tf.Tensor2D => tf.matMul(
    tf.reshape(tf.slice(xs, [0, 0, from], [n, P, half]), [n, P * half]),
    tf.reshape(tf.slice(ws, [0, from, 0], [P, half, k]), [P * half, k]));
  return tf.add(part(0), part(half));
}

/** x W as two products, one per half of W's columns: equal halves give bitwise equal units on any matrix path. */
function halvesMatMul(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const half = w.shape[1] / 2;
  return tf.concat([tf.matMul(x, tf.slice(w, [0, 0], [-1, half])), tf.matMul(x, tf.slice(w, [0, half], [-1, half]))], 1) as tf.Tensor2D;
}

export interface LayeredPass { output: tf.Tensor2D; saved: Saved[]; index: Map<Node, number> }

function nodeForward(node: Node, p: LayerTensors, x: tf.Tensor, index: Map<Node, number>, frozen: Saved | null): Saved {
  const s = node.spec;
  if (frozen && s.kind === 'activation' && s.fn === 'relu') return { x, y: tf.mul(x, tf.step(frozen.x)), param: 0 };
  if (frozen && s.kind === 'maxpool') return { x, y: frozenPool(x as T4, frozen, s.size, s.stride), param: 0 };
  const i = index.get(node)!;
  const bias = (s.kind === 'dense' || s.kind === 'conv2d') && s.bias ? p[i + 1]! : null;
  let y: tf.Tensor;
  const save: Saved = { x, y: x, param: i };
  switch (s.kind) {
    case 'dense': {
      const z = s.pairs ? pairedMatMul(x as tf.Tensor2D, p[i] as tf.Tensor2D, s.pairs) : s.halves ? halvesMatMul(x as tf.Tensor2D, p[i] as tf.Tensor2D) : tf.matMul(x as tf.Tensor2D, p[i] as tf.Tensor2D);
      y = tf.mul(bias ? tf.add(z, bias) : z, s.multiplier);
      break;
    }
    case 'conv2d': {
      const z = tf.conv2d(x as T4, p[i] as T4, s.stride, pad4(s.padding));
      y = tf.mul(bias ? tf.add(z, bias) : z, s.multiplier);
      break;
    }
    case 'activation': y = activate(s.fn, x); break;
    case 'maxpool': y = tf.maxPool(x as T4, s.size, s.stride, 'valid'); break;
    case 'avgpool': y = tf.avgPool(x as T4, s.size, s.stride, 'valid'); break;
    case 'global_avgpool': y = tf.mean(x, [1, 2]); break;
    case 'flatten': y = tf.reshape(x, [x.shape[0]!, -1]); break;
    case 'residual': {
      save.body = runList(node.body!, p, x, index, frozen?.body ?? null);
      save.shortcut = runList(node.shortcut!, p, x, index, frozen?.shortcut ?? null);
      y = tf.add(save.body.at(-1)?.y ?? x, save.shortcut.at(-1)?.y ?? x);
      break;
    }
  }
  save.y = y;
  return save;
}

function runList(nodes: Node[], p: LayerTensors, x: tf.Tensor, index: Map<Node, number>, frozen: Saved[] | null): Saved[] {
  const saved: Saved[] = [];
  let a = x;
  nodes.forEach((node, i) => {
    // One scope per node: what only this node needs (z before its multiplier and bias, pattern
    // indices) is freed now, not at the end of the caller's tidy; the saved x and y stay.
    const s = tf.tidy(() => nodeForward(node, p, a, index, frozen ? frozen[i]! : null) as never) as Saved;
    saved.push(s);
    a = s.y;
  });
  return saved;
}

/**
 * The winning input of every max-pool window as a flat per-sample index ((y·W + x)·C + c), the
 * first maximum on ties as in src/theory/net. Built from strided slices and argMax, because the
 * wasm backend's MaxPoolWithArgmax returns index 0 for windows whose values are all negative.
 */
export function poolArgmax(x: T4, size: number, stride: number): tf.Tensor2D {
  const [n, h, w, c] = x.shape;
  const oh = Math.floor((h - size) / stride) + 1, ow = Math.floor((w - size) / stride) + 1;
  const taps: tf.Tensor[] = [];
  const offsets: number[] = [];
  for (let ky = 0; ky < size; ky++) {
    for (let kx = 0; kx < size; kx++) {
      taps.push(tf.stridedSlice(x, [0, ky, kx, 0], [n, ky + (oh - 1) * stride + 1, kx + (ow - 1) * stride + 1, c], [1, stride, stride, 1]));
      offsets.push((ky * w + kx) * c);
    }
  }
  const k = tf.argMax(tf.stack(taps, 4), 4); // [n, oh, ow, c]
  const base = new Int32Array(oh * ow * c);
  for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) for (let ci = 0; ci < c; ci++) {
    base[(oy * ow + ox) * c + ci] = (oy * stride * w + ox * stride) * c + ci;
  }
  const idx = tf.add(tf.gather(tf.tensor1d(offsets, 'int32'), k), tf.tensor3d(base, [oh, ow, c], 'int32'));
  return tf.reshape(idx, [n, oh * ow * c]) as tf.Tensor2D;
}

/** Max pooling that takes, in every window, the input that won in the frozen pass. */
function frozenPool(x: T4, frozen: Saved, size: number, stride: number): tf.Tensor {
  const [n, , , c] = x.shape;
  const idx = poolArgmax(frozen.x as T4, size, stride);
  const [oh, ow] = [frozen.y.shape[1]!, frozen.y.shape[2]!];
  // A flat gather with per-sample offsets: wasm's batched gather (batchDims = 1) is wrong past the first sample.
  const per = x.size / n;
  const offsets = tf.reshape(tf.range(0, n * per, per, 'int32'), [n, 1]);
  const picked = tf.gather(tf.reshape(x, [-1]), tf.add(idx, offsets));
  return tf.reshape(picked, [n, oh, ow, c]);
}

/**
 * h(X) for a batch X (n × input size, row-major HWC per sample); call inside tf.tidy. With
 * `frozen` (a pass of the same batch at other weights), ReLUs and max-pools keep its patterns.
 */
export function layeredForward(net: Network, p: LayerTensors, x: tf.Tensor2D, frozen: LayeredPass | null = null): LayeredPass {
  const n = x.shape[0];
  const input = net.input.kind === 'image' ? tf.reshape(x, [n, net.input.h, net.input.w, net.input.c]) : x;
  const index = paramIndex(net);
  const saved = runList(net.nodes, p, input, index, frozen ? frozen.saved : null);
  const last = saved.at(-1)?.y ?? input;
  return { output: tf.reshape(last, [n, -1]) as tf.Tensor2D, saved, index };
}

/** ∂W of a convolution: the native kernel when the native path is on, else as a convolution (see the file comment). */
export function convFilterGrad(x: T4, dz: T4, k: number, stride: number, padding: number): tf.Tensor {
  if (nativeConvActive()) {
    const filterShape = [k, k, x.shape[3], dz.shape[3]];
    return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dz }, { strides: stride, pad: pad4(padding), dataFormat: 'NHWC', filterShape }) as tf.Tensor;
  }
  const xp = padding > 0 ? tf.pad(x, pad4(padding)) : x;
  const g = tf.conv2d(tf.transpose(xp, [3, 1, 2, 0]) as T4, tf.transpose(dz, [1, 2, 0, 3]) as T4, 1, 'valid', 'NHWC', stride);
  const crop = tf.slice(g, [0, 0, 0, 0], [-1, k, k, -1]);
  return tf.transpose(crop, [1, 2, 0, 3]);
}

function nodeBackward(node: Node, p: LayerTensors, s: Saved, dy: tf.Tensor, grads: LayerTensors): tf.Tensor {
  const spec = node.spec;
  const i = s.param;
  switch (spec.kind) {
    case 'dense': {
      const dz = tf.mul(dy, spec.multiplier) as tf.Tensor2D;
      grads[i] = tf.matMul(s.x as tf.Tensor2D, dz, true, false);
      if (spec.bias) grads[i + 1] = tf.sum(dz, 0);
      return tf.matMul(dz, p[i] as tf.Tensor2D, false, true);
    }
    case 'conv2d': {
      const dz = tf.mul(dy, spec.multiplier) as T4;
      grads[i] = convFilterGrad(s.x as T4, dz, spec.kernel, spec.stride, spec.padding);
      if (spec.bias) grads[i + 1] = tf.sum(dz, [0, 1, 2]);
      return tf.conv2dTranspose(dz, p[i] as T4, s.x.shape as [number, number, number, number], spec.stride, pad4(spec.padding) as never);
    }
    case 'activation': return tf.mul(dy, activationGrad(spec.fn, s.x, s.y));
    case 'maxpool':
      return tf.engine().runKernel('MaxPoolGrad', { dy, input: s.x, output: s.y }, { filterSize: spec.size, strides: spec.stride, pad: 'valid' }) as tf.Tensor;
    case 'avgpool':
      return tf.engine().runKernel('AvgPoolGrad', { dy, input: s.x }, { filterSize: spec.size, strides: spec.stride, pad: 'valid' }) as tf.Tensor;
    case 'global_avgpool': {
      const [n, h, w, c] = s.x.shape as number[];
      return tf.mul(tf.ones(s.x.shape), tf.reshape(tf.div(dy, h! * w!), [n!, 1, 1, c!]));
    }
    case 'flatten': return tf.reshape(dy, s.x.shape);
    case 'residual':
      return tf.add(backList(node.body!, p, s.body!, dy, grads), backList(node.shortcut!, p, s.shortcut!, dy, grads));
  }
}

/**
 * One node's backward pass in its own scope, keeping only its input gradient and the parameter
 * gradients it writes: the filter-gradient transposes and padded copies (and the packed filters
 * the wasm backend's convolution keeps for them) are freed before the next node runs.
 */
function nodeBackwardScoped(node: Node, p: LayerTensors, s: Saved, dy: tf.Tensor, grads: LayerTensors): tf.Tensor {
  const { d, fresh } = tf.tidy(() => {
    const local: LayerTensors = new Array(grads.length);
    return { d: nodeBackward(node, p, s, dy, local), fresh: local };
  });
  fresh.forEach((g, j) => { if (g) grads[j] = g; });
  return d;
}

/** Back through a list; each gradient between two nodes is freed once the earlier node has used it. */
function backList(nodes: Node[], p: LayerTensors, saved: Saved[], dy: tf.Tensor, grads: LayerTensors): tf.Tensor {
  let d = dy;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const next = nodeBackwardScoped(nodes[i]!, p, saved[i]!, d, grads);
    if (d !== dy && d !== next) d.dispose();
    d = next;
  }
  return d;
}

/** Parameter gradients of Σ dh ⊙ h given dh = ∂F/∂h (n × outputs); call inside tf.tidy. */
export function layeredBackward(net: Network, p: LayerTensors, pass: LayeredPass, dh: tf.Tensor2D): LayerTensors {
  const grads: LayerTensors = new Array(p.length);
  const last = pass.saved.at(-1)?.y;
  const dy = last ? tf.reshape(dh, last.shape) : dh;
  backList(net.nodes, p, pass.saved, dy, grads);
  return grads;
}

/**
 * The activation pattern of a pass, one tensor per pattern layer in order (residual: body, then
 * shortcut): a ReLU layer's on/off states (1 where its input is > 0) and a max-pool's choice
 * (the flat index of the winning input). Call inside tf.tidy.
 */
export function layeredPatterns(net: Network, pass: LayeredPass): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  const walk = (nodes: Node[], saved: Saved[]): void => nodes.forEach((node, i) => {
    const s = saved[i]!, spec = node.spec;
    if (spec.kind === 'activation' && spec.fn === 'relu') out.push(tf.cast(tf.greater(s.x, 0), 'int32'));
    if (spec.kind === 'maxpool') out.push(poolArgmax(s.x as T4, spec.size, spec.stride));
    if (spec.kind === 'residual') { walk(node.body!, s.body!); walk(node.shortcut!, s.shortcut!); }
  });
  walk(net.nodes, pass.saved);
  return out;
}
