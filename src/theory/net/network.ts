// A compiled network (layer specs with inferred shapes and parameter offsets) and its float64
// forward pass with a tape, backward pass (J(w)ᵀ v for one sample), and the activation pattern
// (ReLU on/off states and max-pool choices) that Chizat et al.'s "proportion lazy" compares.
//
// Parameters live in one flat Float64Array: for each weight layer in order (residual: body, then
// shortcut), W row-major (dense: fan_in × units; conv: k × k × c_in × filters), then its bias.
import { activate, activateDerivative } from '../activations.js';
import {
  asImage, convBackward, convForward, denseBackward, denseForward, globalAvgBackward, globalAvgForward,
  pairedDenseForward, poolBackward, poolForward,
} from './ops.js';
import { inferShapes, layerParamCount, shapeSize, shapeText, type LayerSpec, type Shape } from './spec.js';

export interface Node {
  spec: LayerSpec;
  input: Shape;
  output: Shape;
  /** Offset of W in the flat parameter vector (weight layers), and of b right after W. */
  offset: number;
  weights: number;
  /** Compiled body and shortcut of a residual block. */
  body?: Node[];
  shortcut?: Node[];
}

export interface Network { input: Shape; nodes: Node[]; paramCount: number; outputScale: number }

function compileList(specs: readonly LayerSpec[], input: Shape, offset: { at: number }): Node[] {
  const shapes = inferShapes(specs, input);
  if ('message' in shapes) throw new Error(`${shapes.path}: ${shapes.message}`);
  return specs.map((spec, i) => {
    const inShape = i === 0 ? input : shapes[i - 1]!;
    const node: Node = { spec, input: inShape, output: shapes[i]!, offset: offset.at, weights: 0 };
    if (spec.kind === 'residual') {
      node.body = compileList(spec.body, inShape, offset);
      node.shortcut = compileList(spec.shortcut, inShape, offset);
    } else {
      const count = layerParamCount(spec, inShape);
      const bias = (spec.kind === 'dense' ? spec.units : spec.kind === 'conv2d' ? spec.filters : 0);
      node.weights = count - ((spec.kind === 'dense' || spec.kind === 'conv2d') && spec.bias ? bias : 0);
      offset.at += count;
    }
    return node;
  });
}

/** Compiles layer specs over an input shape; throws with the layer path on a shape error. */
export function compileNetwork(specs: readonly LayerSpec[], input: Shape, outputScale = 1): Network {
  const offset = { at: 0 };
  const nodes = compileList(specs, input, offset);
  return { input, nodes, paramCount: offset.at, outputScale };
}

export function outputSize(net: Network): number {
  return shapeSize(net.nodes.at(-1)?.output ?? net.input);
}

interface Tape { x: Float64Array; choice?: Int32Array; body?: Tape[]; shortcut?: Tape[] }

function views(node: Node, w: Float64Array): { W: Float64Array; b: Float64Array | null } {
  const W = w.subarray(node.offset, node.offset + node.weights);
  const s = node.spec;
  const hasBias = (s.kind === 'dense' || s.kind === 'conv2d') && s.bias;
  const nb = s.kind === 'dense' ? s.units : s.kind === 'conv2d' ? s.filters : 0;
  return { W, b: hasBias ? w.subarray(node.offset + node.weights, node.offset + node.weights + nb) : null };
}

function nodeForward(node: Node, w: Float64Array, x: Float64Array, tape: Tape[], frozen: Tape | null): Float64Array {
  const s = node.spec;
  const t: Tape = { x };
  tape.push(t);
  if (frozen && s.kind === 'activation' && s.fn === 'relu') return x.map((v, i) => (frozen.x[i]! > 0 ? v : 0));
  if (frozen && s.kind === 'maxpool') return Float64Array.from(frozen.choice!, (j) => x[j]!);
  switch (s.kind) {
    case 'dense': {
      const { W, b } = views(node, w);
      return s.pairs ? pairedDenseForward(x, W, b, s.units, s.multiplier, s.pairs) : denseForward(x, W, b, s.units, s.multiplier);
    }
    case 'conv2d': { const { W, b } = views(node, w); return convForward(x, W, b, asImage(node.input), asImage(node.output), s); }
    case 'activation': return x.map((v) => activate(s.fn, v));
    case 'maxpool':
    case 'avgpool': {
      const r = poolForward(x, asImage(node.input), asImage(node.output), s.size, s.stride, s.kind === 'maxpool');
      if (s.kind === 'maxpool') t.choice = r.choice;
      return r.y;
    }
    case 'global_avgpool': return globalAvgForward(x, asImage(node.input));
    case 'flatten': return x;
    case 'residual': {
      t.body = []; t.shortcut = [];
      const a = runList(node.body!, w, x, t.body, frozen?.body ?? null), b = runList(node.shortcut!, w, x, t.shortcut, frozen?.shortcut ?? null);
      return a.map((v, i) => v + b[i]!);
    }
  }
}

function runList(nodes: Node[], w: Float64Array, x: Float64Array, tape: Tape[], frozen: Tape[] | null): Float64Array {
  let a = x;
  nodes.forEach((node, i) => { a = nodeForward(node, w, a, tape, frozen ? frozen[i]! : null); });
  return a;
}

export interface Pass { output: Float64Array; tape: Tape[] }

/**
 * Forward pass of one sample (length shapeSize(net.input)); output = α · last layer. With
 * `frozen` (a pass of the same sample at other weights, e.g. w0), every ReLU keeps that pass's
 * on/off states and every max-pool its choices: Chizat et al.'s network with frozen patterns.
 */
export function forwardSample(net: Network, w: Float64Array, x: ArrayLike<number>, frozen: Pass | null = null): Pass {
  if (x.length !== shapeSize(net.input)) throw new Error(`input has ${x.length} numbers, the network expects ${shapeText(net.input)}`);
  if (w.length !== net.paramCount) throw new Error(`parameter vector has ${w.length} entries, the network has ${net.paramCount}`);
  const tape: Tape[] = [];
  const out = runList(net.nodes, w, Float64Array.from(x), tape, frozen ? frozen.tape : null);
  return { output: out.map((v) => v * net.outputScale), tape };
}

function nodeBackward(node: Node, w: Float64Array, t: Tape, dy: Float64Array, g: Float64Array | null): Float64Array {
  const s = node.spec;
  const grads = (): { dW: Float64Array | null; db: Float64Array | null } => {
    if (!g) return { dW: null, db: null };
    const v = views(node, g);
    return { dW: v.W, db: v.b };
  };
  switch (s.kind) {
    case 'dense': { const { W } = views(node, w); const { dW, db } = grads(); return denseBackward(t.x, W, dy, s.units, s.multiplier, dW, db); }
    case 'conv2d': { const { W } = views(node, w); const { dW, db } = grads(); return convBackward(t.x, W, dy, asImage(node.input), asImage(node.output), s, dW, db); }
    case 'activation': return dy.map((d, i) => d * activateDerivative(s.fn, t.x[i]!));
    case 'maxpool':
    case 'avgpool': return poolBackward(dy, t.x.length, asImage(node.input), asImage(node.output), s.size, s.stride, t.choice ?? null);
    case 'global_avgpool': return globalAvgBackward(dy, asImage(node.input));
    case 'flatten': return dy;
    case 'residual': {
      const a = backList(node.body!, w, t.body!, dy, g), b = backList(node.shortcut!, w, t.shortcut!, dy, g);
      return a.map((v, i) => v + b[i]!);
    }
  }
}

function backList(nodes: Node[], w: Float64Array, tape: Tape[], dy: Float64Array, g: Float64Array | null): Float64Array {
  let d = dy;
  for (let i = nodes.length - 1; i >= 0; i--) d = nodeBackward(nodes[i]!, w, tape[i]!, d, g);
  return d;
}

/** J(w)ᵀ v for one sample's output (v has outputSize entries): the parameter gradient and the input gradient. */
export function vjpSample(net: Network, w: Float64Array, pass: Pass, v: ArrayLike<number>): { params: Float64Array; input: Float64Array } {
  const params = new Float64Array(net.paramCount);
  const dy = Float64Array.from(v, (x) => x * net.outputScale);
  const input = backList(net.nodes, w, pass.tape, dy, params);
  return { params, input };
}

/** Per-layer activation pattern: ReLU units on (pre-activation > 0) and max-pool choices, in layer order. */
export function activationPattern(net: Network, pass: Pass): Array<Uint8Array | Int32Array> {
  const out: Array<Uint8Array | Int32Array> = [];
  const walk = (nodes: Node[], tape: Tape[]): void => nodes.forEach((node, i) => {
    const t = tape[i]!, s = node.spec;
    if (s.kind === 'activation' && s.fn === 'relu') out.push(Uint8Array.from(t.x, (v) => (v > 0 ? 1 : 0)));
    if (s.kind === 'maxpool') out.push(t.choice!);
    if (s.kind === 'residual') { walk(node.body!, t.body!); walk(node.shortcut!, t.shortcut!); }
  });
  walk(net.nodes, pass.tape);
  return out;
}
