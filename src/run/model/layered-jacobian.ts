// Per-sample Jacobian blocks of a layered network (layered.ts) on tfjs tensors, for the empirical
// NTK. One batched forward pass and one batched backward pass per output unit k: samples do not
// interact in the forward pass, so the backward pass from ∂h_k/∂h = e_k on every row gives every
// sample's own δ = ∂h_k(x_i)/∂z at each weight layer. Where training's backward (layeredBackward)
// sums the parameter gradient over the batch, this one keeps it per sample:
//   dense:  ∂h_k(x_i)/∂W = m·x_i ⊗ δ_i,                      ∂/∂b = m·δ_i
//   conv2d: ∂h_k(x_i)/∂W[ky,kx,ci,co] = m·Σ_{oy,ox} x̂_i[oy·s+ky, ox·s+kx, ci]·δ_i[oy,ox,co]
//           (im2col patches of the padded input times δ, one batched matMul), ∂/∂b = m·Σ_{oy,ox} δ_i
// and the layer's block of the kernel is the Gram matrix of these rows (a dense layer's by the
// factorization (X Xᵀ + [bias]) ⊙ (Δ Δᵀ), never building the rows).
import * as tf from '@tensorflow/tfjs-core';
import type { Network, Node } from '../../theory/net/network.js';
import { activationGrad } from './activations.js';
import { convFilterGrad, layeredForward, type LayeredPass, type LayerTensors } from './layered.js';

type Saved = LayeredPass['saved'][number];
type T4 = tf.Tensor4D;

/** A weight layer's input x and δ = m·∂h_k/∂y (∂h_k with respect to xW + b), per sample. */
interface Factor { node: Node; x: tf.Tensor; dz: tf.Tensor }

function pad4(p: number): [[number, number], [number, number], [number, number], [number, number]] {
  return [[0, 0], [p, p], [p, p], [0, 0]];
}

/**
 * Backward through one node. With `fz` (the node's record in a reference pass of the same inputs,
 * whose patterns layeredForward froze), ReLUs pass gradient where the reference was on and
 * max-pools route it to the reference's winners: the derivative of the frozen-pattern network.
 */
function nodeBack(node: Node, p: LayerTensors, s: Saved, dy: tf.Tensor, out: Factor[], fz: Saved | null): tf.Tensor {
  const spec = node.spec;
  switch (spec.kind) {
    case 'dense': {
      const dz = tf.mul(dy, spec.multiplier);
      out.push({ node, x: s.x, dz });
      return tf.matMul(dz as tf.Tensor2D, p[s.param] as tf.Tensor2D, false, true);
    }
    case 'conv2d': {
      const dz = tf.mul(dy, spec.multiplier) as T4;
      out.push({ node, x: s.x, dz });
      return tf.conv2dTranspose(dz, p[s.param] as T4, s.x.shape as [number, number, number, number], spec.stride, pad4(spec.padding) as never);
    }
    case 'activation':
      return tf.mul(dy, fz && spec.fn === 'relu' ? tf.step(fz.x) : activationGrad(spec.fn, s.x, s.y));
    case 'maxpool': {
      const src = fz ?? s;
      return tf.engine().runKernel('MaxPoolGrad', { dy, input: src.x, output: src.y }, { filterSize: spec.size, strides: spec.stride, pad: 'valid' }) as tf.Tensor;
    }
    case 'avgpool':
      return tf.engine().runKernel('AvgPoolGrad', { dy, input: s.x }, { filterSize: spec.size, strides: spec.stride, pad: 'valid' }) as tf.Tensor;
    case 'global_avgpool': {
      const [n, h, w, c] = s.x.shape as number[];
      return tf.mul(tf.ones(s.x.shape), tf.reshape(tf.div(dy, h! * w!), [n!, 1, 1, c!]));
    }
    case 'flatten': return tf.reshape(dy, s.x.shape);
    case 'residual':
      return tf.add(backList(node.body!, p, s.body!, dy, out, fz?.body ?? null), backList(node.shortcut!, p, s.shortcut!, dy, out, fz?.shortcut ?? null));
  }
}

function backList(nodes: Node[], p: LayerTensors, saved: Saved[], dy: tf.Tensor, out: Factor[], fz: Saved[] | null = null): tf.Tensor {
  let d = dy;
  for (let i = nodes.length - 1; i >= 0; i--) d = nodeBack(nodes[i]!, p, saved[i]!, d, out, fz ? fz[i]! : null);
  return d;
}

/**
 * ∇_w Σ_i <u_i, h(x_i)> as one flat vector (the parameter order of src/theory/net), for a pass
 * whose ReLU states and max-pool choices were frozen at `ref` (layeredForward(…, ref)), or a
 * plain pass when ref is null. Call inside tf.tidy.
 */
export function layeredVjp(net: Network, p: LayerTensors, pass: LayeredPass, u: tf.Tensor2D, ref: LayeredPass | null): tf.Tensor1D {
  const out: Factor[] = [];
  backList(net.nodes, p, pass.saved, tf.reshape(u, pass.saved.at(-1)!.y.shape), out, ref ? ref.saved : null);
  const parts = out.sort((a, b) => a.node.offset - b.node.offset).flatMap((f) => {
    const spec = f.node.spec;
    if (spec.kind === 'conv2d') {
      const dW = convFilterGrad(f.x as T4, f.dz as T4, spec.kernel, spec.stride, spec.padding);
      return spec.bias ? [tf.reshape(dW, [-1]), tf.sum(f.dz, [0, 1, 2])] : [tf.reshape(dW, [-1])];
    }
    const dW = tf.reshape(tf.matMul(f.x as tf.Tensor2D, f.dz as tf.Tensor2D, true, false), [-1]);
    return spec.kind === 'dense' && spec.bias ? [dW, tf.sum(f.dz, 0)] : [dW];
  });
  return tf.concat(parts) as tf.Tensor1D;
}

/** The factors of every weight layer for output unit k, in the flat parameter order. Call inside tf.tidy. */
function layerFactors(net: Network, p: LayerTensors, pass: LayeredPass, k: number): Factor[] {
  const [n, kOut] = pass.output.shape;
  // Built from a typed array: tf.oneHot refuses one output unit, and on wasm gives zeros here.
  const e = tf.tile(tf.tensor2d(Float32Array.from({ length: kOut }, (_, j) => (j === k ? 1 : 0)), [1, kOut]), [n, 1]);
  const last = pass.saved.at(-1)!.y;
  const out: Factor[] = [];
  backList(net.nodes, p, pass.saved, tf.reshape(e, last.shape), out);
  return out.sort((a, b) => a.node.offset - b.node.offset);
}

/** im2col of a padded input: n × (oh·ow) × (k·k·c_in), columns in the filter's (ky, kx, ci) order. */
function patches(x: T4, node: Node, kernel: number, stride: number, padding: number): tf.Tensor3D {
  const xp = padding > 0 ? tf.pad(x, pad4(padding)) : x;
  const [n, , , c] = xp.shape;
  const o = node.output;
  if (o.kind !== 'image') throw new Error('a convolution gives an image');
  const taps: tf.Tensor[] = [];
  for (let ky = 0; ky < kernel; ky++) {
    for (let kx = 0; kx < kernel; kx++) {
      taps.push(tf.stridedSlice(xp, [0, ky, kx, 0], [n, ky + (o.h - 1) * stride + 1, kx + (o.w - 1) * stride + 1, c], [1, stride, stride, 1]));
    }
  }
  return tf.reshape(tf.stack(taps, 3), [n, o.h * o.w, kernel * kernel * c]);
}

/** im2col patches per conv layer: they depend on the forward pass only, so all output units share them. */
type PatchCache = Map<Node, tf.Tensor3D>;

/** Per-sample rows ∂h_k(x_i)/∂(W, b) of one conv layer: n × (k²·c_in·c_out [+ c_out]). Call inside tf.tidy. */
function convRows(f: Factor, cache: PatchCache): tf.Tensor2D {
  const spec = f.node.spec;
  if (spec.kind !== 'conv2d') throw new Error('convRows needs a conv layer');
  const n = f.x.shape[0]!;
  let cols = cache.get(f.node);
  if (!cols) cache.set(f.node, (cols = tf.keep(patches(f.x as T4, f.node, spec.kernel, spec.stride, spec.padding))));
  const dz = tf.reshape(f.dz, [n, cols.shape[1], spec.filters]) as tf.Tensor3D;
  const dW = tf.reshape(tf.matMul(cols, dz, true, false), [n, -1]);
  return (spec.bias ? tf.concat([dW, tf.sum(dz, 1)], 1) : dW) as tf.Tensor2D;
}

/** One weight layer's block of the kernel for output unit k: Σ over its parameters of ∂h_k(x_i) ∂h_k(x_j). */
function layerGram(f: Factor, cache: PatchCache): tf.Tensor2D {
  const spec = f.node.spec;
  if (spec.kind === 'conv2d') {
    const rows = convRows(f, cache);
    return tf.matMul(rows, rows, false, true);
  }
  const bias = spec.kind === 'dense' && spec.bias;
  const xx = tf.matMul(f.x as tf.Tensor2D, f.x as tf.Tensor2D, false, true);
  const dd = tf.matMul(f.dz as tf.Tensor2D, f.dz as tf.Tensor2D, false, true);
  return tf.mul(bias ? tf.add(xx, 1) : xx, dd) as tf.Tensor2D;
}

/**
 * The empirical NTK of the unscaled network h on n points, one n × n block per weight layer (in
 * the flat parameter order), summed over the output units `units`. Call inside tf.tidy.
 */
export function layeredNtkBlocks(net: Network, p: LayerTensors, x: tf.Tensor2D, units: readonly number[]): tf.Tensor2D[] {
  const pass = layeredForward(net, p, x);
  const kOut = pass.output.shape[1];
  let sums: tf.Tensor2D[] | null = null;
  const cache: PatchCache = new Map(); // kept across the units' tidies, disposed below
  for (const k of units) {
    if (!(Number.isInteger(k) && k >= 0 && k < kOut)) throw new Error(`output unit ${k} out of range 0..${kOut - 1}`);
    // A nested tidy frees this unit's per-sample rows before the next unit's are built.
    const blocks = tf.tidy(() => layerFactors(net, p, pass, k).map((f) => layerGram(f, cache)));
    sums = sums ? sums.map((s, l) => tf.add(s, blocks[l]!) as tf.Tensor2D) : blocks;
  }
  tf.dispose([...cache.values()]);
  return sums ?? [];
}

/** Per-sample Jacobian rows ∂h_k(x_i)/∂w over all parameters in the flat order (n × P): for checks only. Call inside tf.tidy. */
export function layeredJacobianRows(net: Network, p: LayerTensors, x: tf.Tensor2D, k: number): tf.Tensor2D {
  const pass = layeredForward(net, p, x);
  const n = x.shape[0];
  const cache: PatchCache = new Map();
  const rows = layerFactors(net, p, pass, k).map((f) => {
    if (f.node.spec.kind === 'conv2d') return convRows(f, cache);
    const spec = f.node.spec;
    const dW = tf.reshape(tf.mul(tf.reshape(f.x, [n, -1, 1]), tf.reshape(f.dz, [n, 1, -1])), [n, -1]);
    return spec.kind === 'dense' && spec.bias ? tf.concat([dW, f.dz], 1) : dW;
  });
  const out = tf.concat(rows, 1) as tf.Tensor2D;
  tf.dispose([...cache.values()]);
  return out;
}
