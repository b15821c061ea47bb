// Every layer kind's vector–Jacobian product against central finite differences in float64,
// for both the parameters and the input. Smooth activations (tanh, gelu) keep the function
// differentiable; max-pool inputs are random, so ties (kinks) have probability zero.
//
// Tolerance: central differences with h = 1e-5 have truncation error O(h²·f''') ≈ 1e-10 and
// round-off ≈ 1e-16/h ≈ 1e-11 at these magnitudes, so 1e-7 absolute + 1e-6 relative is loose by
// orders of magnitude yet fails at once on an indexing or transposition bug (errors O(1)).
import { describe, expect, it } from 'vitest';
import { compileNetwork, forwardSample, vjpSample, type Network } from '../../../src/theory/net/network.js';
import { initParams } from '../../../src/theory/net/kernel.js';
import type { LayerSpec, Shape } from '../../../src/theory/net/spec.js';
import { createRng } from '../../../src/theory/rng.js';

const H = 1e-5;

function dotOut(net: Network, w: Float64Array, x: Float64Array, v: Float64Array): number {
  const f = forwardSample(net, w, x).output;
  let s = 0;
  for (let i = 0; i < f.length; i++) s += f[i]! * v[i]!;
  return s;
}

function expectClose(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const tol = 1e-7 + 1e-6 * Math.abs(want[i]!);
    if (Math.abs(got[i]! - want[i]!) > tol) {
      throw new Error(`entry ${i}: vjp ${got[i]} vs finite difference ${want[i]}`);
    }
  }
}

/** Checks J(w)ᵀv against central differences of <v, f> in every parameter and input entry. */
function checkGradients(layers: LayerSpec[], input: Shape, seed = 1, scale = 1.7): void {
  const rng = createRng(seed);
  const net = compileNetwork(layers, input, scale);
  const w = initParams(net, { weightStd: (fi) => 1 / Math.sqrt(fi), biasStd: 0.5 }, rng);
  const n = input.kind === 'image' ? input.h * input.w * input.c : input.n;
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const out = forwardSample(net, w, x).output.length;
  const v = Float64Array.from({ length: out }, () => rng.normal());
  const { params, input: dx } = vjpSample(net, w, forwardSample(net, w, x), v);
  const fdParams = new Float64Array(w.length);
  for (let p = 0; p < w.length; p++) {
    const wp = w.slice(); wp[p]! += H;
    const wm = w.slice(); wm[p]! -= H;
    fdParams[p] = (dotOut(net, wp, x, v) - dotOut(net, wm, x, v)) / (2 * H);
  }
  const fdInput = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xp = x.slice(); xp[i]! += H;
    const xm = x.slice(); xm[i]! -= H;
    fdInput[i] = (dotOut(net, w, xp, v) - dotOut(net, w, xm, v)) / (2 * H);
  }
  expectClose(params, fdParams);
  expectClose(dx, fdInput);
}

const img = (h: number, w: number, c: number): Shape => ({ kind: 'image', h, w, c });
const conv = (filters: number, kernel: number, stride = 1, padding = 0, bias = true, multiplier = 0.8): LayerSpec =>
  ({ kind: 'conv2d', filters, kernel, stride, padding, bias, multiplier });
const dense = (units: number, bias = true, multiplier = 1.3): LayerSpec => ({ kind: 'dense', units, bias, multiplier });
const tanh: LayerSpec = { kind: 'activation', fn: 'tanh' };

describe('float64 layers: vector–Jacobian products match finite differences', () => {
  it('dense with and without bias, and a smooth activation', () => {
    checkGradients([dense(4), tanh, dense(3, false, 0.5)], { kind: 'flat', n: 5 });
  });
  it('conv2d: 3×3 with padding 1, stride 1', () => {
    checkGradients([conv(3, 3, 1, 1), tanh, { kind: 'flatten' }, dense(2)], img(5, 4, 2));
  });
  it('conv2d: stride 2, no padding, no bias, even kernel', () => {
    checkGradients([conv(2, 2, 2, 0, false), { kind: 'flatten' }, dense(1)], img(6, 5, 3), 2);
  });
  it('max and average pooling', () => {
    checkGradients([conv(2, 3, 1, 1), { kind: 'maxpool', size: 2, stride: 2 }, tanh, { kind: 'flatten' }, dense(2)], img(4, 6, 1), 3);
    checkGradients([conv(2, 3, 1, 1), { kind: 'avgpool', size: 3, stride: 2 }, { kind: 'flatten' }, dense(2)], img(7, 5, 2), 4);
  });
  it('global average pooling', () => {
    checkGradients([conv(3, 3, 1, 1), { kind: 'activation', fn: 'gelu' }, { kind: 'global_avgpool' }, dense(2)], img(4, 4, 2), 5);
  });
  it('a paired output layer (symmetrized init: the two channel halves summed apart)', () => {
    checkGradients([conv(4, 3, 1, 1), tanh, { kind: 'flatten' }, { kind: 'dense', units: 2, bias: true, multiplier: 0.7, pairs: 4 }], img(3, 3, 2), 7);
  });
  it('residual blocks: identity shortcut and 1×1-conv shortcut with stride', () => {
    const identity: LayerSpec = { kind: 'residual', body: [conv(2, 3, 1, 1), tanh, conv(2, 3, 1, 1)], shortcut: [] };
    const projected: LayerSpec = { kind: 'residual', body: [conv(3, 3, 2, 1), tanh, conv(3, 3, 1, 1)], shortcut: [conv(3, 1, 2, 0, false)] };
    checkGradients([identity, tanh, projected, tanh, { kind: 'global_avgpool' }, dense(1)], img(5, 5, 2), 6);
  });
});
