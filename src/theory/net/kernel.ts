// Jacobian rows and the empirical NTK Θ = J Jᵀ of a compiled network, in float64, by one
// vector–Jacobian product per (sample, output unit): the brute-force reference for any layer
// kind (the engine's factorized or batched kernels are checked against it).
import type { Rng } from '../rng.js';
import { forwardSample, outputSize, vjpSample, type Network, type Node } from './network.js';
import { fanIn } from './spec.js';

/** Row i is ∂f_k(x_i)/∂w (length paramCount). */
export function jacobian(net: Network, w: Float64Array, xs: ReadonlyArray<ArrayLike<number>>, k = 0): Float64Array[] {
  const out = outputSize(net);
  if (!(k >= 0 && k < out)) throw new Error(`output unit ${k} out of range 0..${out - 1}`);
  const e = new Float64Array(out);
  e[k] = 1;
  return xs.map((x) => vjpSample(net, w, forwardSample(net, w, x), e).params);
}

/** Θ_k(x_i, x_j) = <∂f_k(x_i)/∂w, ∂f_k(x_j)/∂w>, n × n. */
export function empiricalNtk(net: Network, w: Float64Array, xs: ReadonlyArray<ArrayLike<number>>, k = 0): number[][] {
  const J = jacobian(net, w, xs, k);
  return J.map((a) => J.map((b) => {
    let s = 0;
    for (let p = 0; p < a.length; p++) s += a[p]! * b[p]!;
    return s;
  }));
}

export interface InitRule {
  /** Weight std of a layer given its fan-in (e.g. NTK: τ; standard/He: gain/√fan_in). */
  weightStd: (fanInOfLayer: number) => number;
  biasStd: number;
}

/** Draws parameters: W ~ N(0, weightStd(fan_in)²), b ~ N(0, biasStd²), in the flat order. */
export function initParams(net: Network, rule: InitRule, rng: Rng): Float64Array {
  const w = new Float64Array(net.paramCount);
  const visit = (nodes: Node[]): void => nodes.forEach((node) => {
    if (node.body) { visit(node.body); visit(node.shortcut!); return; }
    if (node.spec.kind !== 'dense' && node.spec.kind !== 'conv2d') return;
    const std = rule.weightStd(fanIn(node.spec, node.input));
    for (let i = 0; i < node.weights; i++) w[node.offset + i] = std * rng.normal();
    const nb = node.spec.kind === 'dense' ? node.spec.units : node.spec.filters;
    if (node.spec.bias) for (let i = 0; i < nb; i++) w[node.offset + node.weights + i] = rule.biasStd * rng.normal();
  });
  visit(net.nodes);
  return w;
}
