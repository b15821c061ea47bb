// The float64 forward-mode JVP of every layer kind against two independent computations:
//  - central finite differences of forwardSample along the direction v: (f(w+hv) − f(w−hv)) / 2h;
//  - the Jacobian built row by row from vector–Jacobian products (kernel.ts jacobian()) times v.
// Max-pool and ReLU inputs are random, so ties and kinks have probability zero.
//
// Tolerances: finite differences with h = 1e-5 have truncation O(h²·f''') ≈ 1e-10 and round-off
// ≈ 1e-16/h ≈ 1e-11, so 1e-7 absolute + 1e-6 relative (an indexing bug errs by O(1)). The
// Jacobian product is the same linear map computed another way: 1e-11 absolute + 1e-9 relative
// (float64 summation-order round-off on sums of ≲ 1e3 terms of size ≲ 10).
import { describe, expect, it } from 'vitest';
import { jvpSample } from '../../../src/theory/net/jvp.js';
import { compileNetwork, forwardSample, outputSize } from '../../../src/theory/net/network.js';
import { initParams, jacobian } from '../../../src/theory/net/kernel.js';
import { shapeSize, type LayerSpec, type Shape } from '../../../src/theory/net/spec.js';
import { createRng } from '../../../src/theory/rng.js';

const H = 1e-5;

function within(got: Float64Array, want: Float64Array, abs: number, rel: number, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    if (Math.abs(got[i]! - want[i]!) > abs + rel * Math.abs(want[i]!)) throw new Error(`${what}, entry ${i}: jvp ${got[i]} vs ${want[i]}`);
  }
}

/** Checks J(w)·v against finite differences and against jacobian()·v for each output unit. */
function checkJvp(layers: LayerSpec[], input: Shape, seed = 1, scale = 1.7): void {
  const rng = createRng(seed);
  const net = compileNetwork(layers, input, scale);
  const w = initParams(net, { weightStd: (fi) => 1 / Math.sqrt(fi), biasStd: 0.5 }, rng);
  const x = Float64Array.from({ length: shapeSize(input) }, () => rng.normal());
  const v = Float64Array.from({ length: net.paramCount }, () => rng.normal());
  const { output, tangent } = jvpSample(net, w, x, v);
  within(output, forwardSample(net, w, x).output, 0, 0, 'primal output');
  const shifted = (sign: number): Float64Array => forwardSample(net, w.map((u, i) => u + sign * H * v[i]!), x).output;
  const plus = shifted(1), minus = shifted(-1);
  within(tangent, plus.map((u, i) => (u - minus[i]!) / (2 * H)), 1e-7, 1e-6, 'finite difference');
  const viaJacobian = Float64Array.from({ length: outputSize(net) }, (_, k) => {
    const row = jacobian(net, w, [x], k)[0]!;
    return row.reduce((s, g, p) => s + g * v[p]!, 0);
  });
  within(tangent, viaJacobian, 1e-11, 1e-9, 'jacobian()·v');
}

const img = (h: number, w: number, c: number): Shape => ({ kind: 'image', h, w, c });
const conv = (filters: number, kernel: number, stride = 1, padding = 0, bias = true, multiplier = 0.8): LayerSpec =>
  ({ kind: 'conv2d', filters, kernel, stride, padding, bias, multiplier });
const dense = (units: number, bias = true, multiplier = 1.3): LayerSpec => ({ kind: 'dense', units, bias, multiplier });
const tanh: LayerSpec = { kind: 'activation', fn: 'tanh' };
const relu: LayerSpec = { kind: 'activation', fn: 'relu' };

describe('float64 JVP matches finite differences and the Jacobian for every layer kind', () => {
  it('dense with and without bias, smooth and ReLU activations', () => {
    checkJvp([dense(4), tanh, dense(5, false, 0.5), relu, dense(3)], { kind: 'flat', n: 5 });
  });
  it('conv2d: 3×3 padding 1; stride 2, no padding, no bias, even kernel', () => {
    checkJvp([conv(3, 3, 1, 1), relu, { kind: 'flatten' }, dense(2)], img(5, 4, 2), 2);
    checkJvp([conv(2, 2, 2, 0, false), tanh, { kind: 'flatten' }, dense(1)], img(6, 5, 3), 3);
  });
  it('max pooling (the primal winner carries the tangent) and average pooling', () => {
    checkJvp([conv(2, 3, 1, 1), { kind: 'maxpool', size: 2, stride: 2 }, relu, { kind: 'flatten' }, dense(2)], img(4, 6, 1), 4);
    checkJvp([conv(2, 3, 1, 1), relu, { kind: 'avgpool', size: 3, stride: 2 }, { kind: 'flatten' }, dense(2)], img(7, 5, 2), 5);
  });
  it('global average pooling', () => {
    checkJvp([conv(3, 3, 1, 1), { kind: 'activation', fn: 'gelu' }, { kind: 'global_avgpool' }, dense(2)], img(4, 4, 2), 6);
  });
  it('residual blocks: identity shortcut and 1×1-conv shortcut with stride', () => {
    const identity: LayerSpec = { kind: 'residual', body: [conv(2, 3, 1, 1), relu, conv(2, 3, 1, 1)], shortcut: [] };
    const projected: LayerSpec = { kind: 'residual', body: [conv(3, 3, 2, 1), relu, conv(3, 3, 1, 1)], shortcut: [conv(3, 1, 2, 0, false)] };
    checkJvp([identity, relu, projected, relu, { kind: 'global_avgpool' }, dense(3)], img(5, 5, 2), 7);
  });
  it('the tangent is linear in v and zero for v = 0 (a network of no weights has none)', () => {
    const net = compileNetwork([conv(2, 3, 1, 1), relu, { kind: 'flatten' }, dense(2)], img(3, 3, 1), 2);
    const rng = createRng(8);
    const w = initParams(net, { weightStd: () => 1, biasStd: 1 }, rng);
    const x = Float64Array.from({ length: 9 }, () => rng.normal());
    const v = Float64Array.from({ length: net.paramCount }, () => rng.normal());
    const t1 = jvpSample(net, w, x, v).tangent, t3 = jvpSample(net, w, x, v.map((u) => 3 * u)).tangent;
    within(t3, t1.map((u) => 3 * u), 1e-12, 1e-12, 'linearity');
    expect(Array.from(jvpSample(net, w, x, new Float64Array(net.paramCount)).tangent)).toEqual([0, 0]);
    expect(Array.from(jvpSample(compileNetwork([{ kind: 'flatten' }], img(2, 1, 1)), new Float64Array(0), [1, 2], new Float64Array(0)).tangent)).toEqual([0, 0]);
  });
});
