// Forward-mode Jacobian–vector product J_h(w0)·v of a layered network on tfjs tensors, batched
// NHWC: the tangent of h for parameter tangents v (same blocks as the parameters), carried
// through the saved primal pass of layeredForward at w0. The linearized network trains through
// it (src/run/measure/linearized-layered.ts); src/theory/net/jvp.ts is the float64 reference.
//   dense/conv   dz = m·(lin(dx, W) + lin(x, dW) + db)
//   activation   dy = σ'(x) ⊙ dx (ReLU: the primal's on/off mask)
//   max pool     dy = dx at the primal's winning input (poolArgmax, first maximum on ties)
//   avg pools, flatten: the same linear map; residual: body tangent + shortcut tangent.
// The output scale α is not applied, as layeredForward does not apply it (see train/output.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { Network, Node } from '../../theory/net/network.js';
import { activationGrad } from './activations.js';
import { poolArgmax, type LayeredPass, type LayerTensors } from './layered.js';

type T4 = tf.Tensor4D;
type Saved = LayeredPass['saved'][number];

function pad4(p: number): [[number, number], [number, number], [number, number], [number, number]] {
  return [[0, 0], [p, p], [p, p], [0, 0]];
}

/** The tangent at each max-pool window's primal winner: a flat gather with per-sample offsets. */
function pickWinners(dx: T4, s: Saved, size: number, stride: number): tf.Tensor {
  const n = dx.shape[0];
  const idx = poolArgmax(s.x as T4, size, stride);
  // wasm's batched gather (batchDims = 1) is wrong past the first sample, as in layered.ts.
  const per = dx.size / n;
  const offsets = tf.reshape(tf.range(0, n * per, per, 'int32'), [n, 1]);
  return tf.reshape(tf.gather(tf.reshape(dx, [-1]), tf.add(idx, offsets)), s.y.shape);
}

/** m·(lin(dx, W) + lin(x, dW) + db) of a dense or conv layer; dx null means zero. */
function weightTangent(node: Node, p0: LayerTensors, v: LayerTensors, s: Saved, dx: tf.Tensor | null): tf.Tensor {
  const spec = node.spec;
  const i = s.param;
  let lin: (a: tf.Tensor, K: tf.Tensor) => tf.Tensor;
  if (spec.kind === 'dense') lin = (a, K) => tf.matMul(a as tf.Tensor2D, K as tf.Tensor2D);
  else if (spec.kind === 'conv2d') lin = (a, K) => tf.conv2d(a as T4, K as T4, spec.stride, pad4(spec.padding));
  else throw new Error(`${spec.kind} has no weights`);
  let dz = lin(s.x, v[i]!);
  if (dx) dz = tf.add(dz, lin(dx, p0[i]!));
  if (spec.bias) dz = tf.add(dz, v[i + 1]!);
  return tf.mul(dz, spec.multiplier);
}

function nodeJvp(node: Node, p0: LayerTensors, v: LayerTensors, s: Saved, dx: tf.Tensor | null): tf.Tensor | null {
  const spec = node.spec;
  switch (spec.kind) {
    case 'dense':
    case 'conv2d': return weightTangent(node, p0, v, s, dx);
    case 'activation': return dx && tf.mul(dx, activationGrad(spec.fn, s.x, s.y));
    case 'maxpool': return dx && pickWinners(dx as T4, s, spec.size, spec.stride);
    case 'avgpool': return dx && tf.avgPool(dx as T4, spec.size, spec.stride, 'valid');
    case 'global_avgpool': return dx && tf.mean(dx, [1, 2]);
    case 'flatten': return dx && tf.reshape(dx, [dx.shape[0]!, -1]);
    case 'residual': {
      const a = listJvp(node.body!, p0, v, s.body!, dx), b = listJvp(node.shortcut!, p0, v, s.shortcut!, dx);
      return a && b ? tf.add(a, b) : (a ?? b);
    }
  }
}

function listJvp(nodes: Node[], p0: LayerTensors, v: LayerTensors, saved: Saved[], dx: tf.Tensor | null): tf.Tensor | null {
  let d = dx;
  nodes.forEach((node, i) => { d = nodeJvp(node, p0, v, saved[i]!, d); });
  return d;
}

/**
 * J_h(w0)·v for the batch of `pass` (a layeredForward pass at p0), n × outputs; v holds one
 * tensor per parameter block like p0. Call inside tf.tidy.
 */
export function layeredJvp(net: Network, p0: LayerTensors, pass: LayeredPass, v: LayerTensors): tf.Tensor2D {
  const n = pass.output.shape[0];
  const d = listJvp(net.nodes, p0, v, pass.saved, null);
  return (d ? tf.reshape(d, [n, -1]) : tf.zerosLike(pass.output)) as tf.Tensor2D;
}
