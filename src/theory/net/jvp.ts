// Forward-mode Jacobian–vector product of a compiled network for one sample, in float64:
// J(w)·v = d/dε f(w + εv, x) at ε = 0, the primal and its tangent carried through every layer
// together. It is what the linearized network f_lin(w) = f(w0) + J(w0)(w − w0) needs, and the
// reference the engine's tensor JVP (src/run/model/layered-jvp.ts) is tested against.
//
// Per layer (m: the layer's multiplier, v split like w into dW, db):
//   dense/conv  dz = m·(lin(dx, W) + lin(x, dW) + db)     (lin: x W, or conv(x, W))
//   activation  dy = σ'(x) ⊙ dx                            (ReLU: its on/off mask)
//   max pool    dy[o] = dx[choice[o]]                      (the primal's winning input)
//   avg pools, flatten: the same linear map on the tangent; residual: body tangent + shortcut tangent.
import { activate, activateDerivative } from '../activations.js';
import { asImage, convForward, denseForward, globalAvgForward, poolForward } from './ops.js';
import { shapeSize, shapeText } from './spec.js';
import type { Network, Node } from './network.js';

/** A primal value and its tangent (null: identically zero, as the input's is). */
interface Dual { x: Float64Array; dx: Float64Array | null }

function slices(node: Node, w: Float64Array): { W: Float64Array; b: Float64Array | null } {
  const s = node.spec;
  const W = w.subarray(node.offset, node.offset + node.weights);
  if ((s.kind !== 'dense' && s.kind !== 'conv2d') || !s.bias) return { W, b: null };
  const nb = s.kind === 'dense' ? s.units : s.filters;
  return { W, b: w.subarray(node.offset + node.weights, node.offset + node.weights + nb) };
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v + b[i]!);
}

/** A weight layer: the primal, and m·(lin(dx, W) + lin(x, dW) + db) as its tangent. */
function weightLayer(node: Node, w: Float64Array, v: Float64Array, d: Dual): Dual {
  const s = node.spec;
  const { W, b } = slices(node, w), { W: dW, b: db } = slices(node, v);
  const lin = (x: Float64Array, K: Float64Array, bias: Float64Array | null): Float64Array => {
    if (s.kind === 'dense') return denseForward(x, K, bias, s.units, s.multiplier);
    if (s.kind === 'conv2d') return convForward(x, K, bias, asImage(node.input), asImage(node.output), s);
    throw new Error(`${s.kind} has no weights`);
  };
  const fromParams = lin(d.x, dW, db);
  return { x: lin(d.x, W, b), dx: d.dx ? add(lin(d.dx, W, null), fromParams) : fromParams };
}

function nodeJvp(node: Node, w: Float64Array, v: Float64Array, d: Dual): Dual {
  const s = node.spec;
  switch (s.kind) {
    case 'dense':
    case 'conv2d': return weightLayer(node, w, v, d);
    case 'activation': return { x: d.x.map((u) => activate(s.fn, u)), dx: d.dx ? d.dx.map((t, i) => t * activateDerivative(s.fn, d.x[i]!)) : null };
    case 'maxpool': {
      const r = poolForward(d.x, asImage(node.input), asImage(node.output), s.size, s.stride, true);
      return { x: r.y, dx: d.dx ? Float64Array.from(r.choice, (j) => d.dx![j]!) : null };
    }
    case 'avgpool': {
      const pool = (x: Float64Array): Float64Array => poolForward(x, asImage(node.input), asImage(node.output), s.size, s.stride, false).y;
      return { x: pool(d.x), dx: d.dx ? pool(d.dx) : null };
    }
    case 'global_avgpool': return { x: globalAvgForward(d.x, asImage(node.input)), dx: d.dx ? globalAvgForward(d.dx, asImage(node.input)) : null };
    case 'flatten': return d;
    case 'residual': {
      const a = listJvp(node.body!, w, v, d), b = listJvp(node.shortcut!, w, v, d);
      const dx = a.dx && b.dx ? add(a.dx, b.dx) : (a.dx ?? b.dx);
      return { x: add(a.x, b.x), dx };
    }
  }
}

function listJvp(nodes: Node[], w: Float64Array, v: Float64Array, d: Dual): Dual {
  return nodes.reduce((acc, node) => nodeJvp(node, w, v, acc), d);
}

/** f(w, x) = α·h(w, x) and J(w)·v for one sample (v: a parameter-space direction, length paramCount). */
export function jvpSample(net: Network, w: Float64Array, x: ArrayLike<number>, v: Float64Array): { output: Float64Array; tangent: Float64Array } {
  if (x.length !== shapeSize(net.input)) throw new Error(`input has ${x.length} numbers, the network expects ${shapeText(net.input)}`);
  if (w.length !== net.paramCount || v.length !== net.paramCount) throw new Error(`parameter and tangent vectors need ${net.paramCount} entries, found ${w.length} and ${v.length}`);
  const out = listJvp(net.nodes, w, v, { x: Float64Array.from(x), dx: null });
  const a = net.outputScale;
  return { output: out.x.map((u) => a * u), tangent: out.dx ? out.dx.map((u) => a * u) : new Float64Array(out.x.length) };
}
