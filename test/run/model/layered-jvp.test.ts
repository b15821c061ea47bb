// The tfjs layered JVP J_h(w0)·v (batched, NHWC) against the float64 jvpSample of
// src/theory/net/jvp.ts (itself checked against finite differences and jacobian()·v), on wasm
// and cpu, for every layer kind; and no tensor leaks.
// Tolerance: float32 arithmetic over sums of at most a few hundred O(1) terms gives relative
// errors ~1e-6; 1e-4 of the largest entry fails at once on a layout, stride or mask bug.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { layeredForward, paramTensors } from '../../../src/run/model/layered.js';
import { layeredJvp } from '../../../src/run/model/layered-jvp.js';
import { jvpSample } from '../../../src/theory/net/jvp.js';
import { initParams } from '../../../src/theory/net/kernel.js';
import { compileNetwork } from '../../../src/theory/net/network.js';
import { shapeSize, type LayerSpec, type Shape } from '../../../src/theory/net/spec.js';
import { createRng } from '../../../src/theory/rng.js';

const conv = (filters: number, kernel: number, stride = 1, padding = 0, bias = true, multiplier = 0.8): LayerSpec =>
  ({ kind: 'conv2d', filters, kernel, stride, padding, bias, multiplier });
const relu: LayerSpec = { kind: 'activation', fn: 'relu' };
const dense = (units: number, bias = true): LayerSpec => ({ kind: 'dense', units, bias, multiplier: 0.9 });

const cases: { name: string; input: Shape; layers: LayerSpec[] }[] = [
  { name: 'VGG-style: conv, relu, maxpool, conv without bias, flatten, dense', input: { kind: 'image', h: 6, w: 6, c: 2 },
    layers: [conv(3, 3, 1, 1), relu, { kind: 'maxpool', size: 2, stride: 2 }, conv(4, 3, 1, 1, false), relu, { kind: 'flatten' }, dense(2)] },
  { name: 'max pool first (negative windows), strided conv, avgpool, tanh', input: { kind: 'image', h: 8, w: 7, c: 3 },
    layers: [{ kind: 'maxpool', size: 2, stride: 1 }, conv(2, 2, 3, 0), { kind: 'activation', fn: 'tanh' }, { kind: 'avgpool', size: 2, stride: 1 }, { kind: 'flatten' }, dense(1, false)] },
  { name: 'ResNet-style: identity and projected residual blocks, global average pool', input: { kind: 'image', h: 5, w: 5, c: 2 },
    layers: [conv(2, 3, 1, 1), relu,
      { kind: 'residual', body: [conv(2, 3, 1, 1), relu, conv(2, 3, 1, 1)], shortcut: [] }, relu,
      { kind: 'residual', body: [conv(3, 3, 2, 1), relu, conv(3, 3, 1, 1)], shortcut: [conv(3, 1, 2, 0, false)] }, relu,
      { kind: 'global_avgpool' }, dense(3)] },
  { name: 'an MLP with gelu', input: { kind: 'flat', n: 5 }, layers: [dense(7), { kind: 'activation', fn: 'gelu' }, dense(2)] },
];

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`layered JVP on ${backend}`, () => {
    for (const c of cases) {
      it(`${c.name}: J·v matches the float64 JVP`, async () => {
        await initBackend(backend);
        const rng = createRng(31);
        const net = compileNetwork(c.layers, c.input);
        const w = initParams(net, { weightStd: (fi) => 1.4 / Math.sqrt(fi), biasStd: 0.3 }, rng);
        const v = Float64Array.from({ length: net.paramCount }, () => rng.normal());
        const n = 4, size = shapeSize(c.input);
        const xs = Array.from({ length: n }, () => Float64Array.from({ length: size }, () => rng.normal()));
        const want = xs.flatMap((x) => Array.from(jvpSample(net, w, x, v).tangent));
        const before = tf.memory().numTensors;
        const got = tf.tidy(() => {
          const p0 = paramTensors(net, w);
          const x = tf.tensor2d(Float32Array.from(xs.flatMap((r) => Array.from(r))), [n, size]);
          return layeredJvp(net, p0, layeredForward(net, p0, x), paramTensors(net, v));
        });
        const values = got.dataSync();
        got.dispose();
        expect(tf.memory().numTensors).toBe(before);
        expect(values.length).toBe(want.length);
        const tol = 1e-4 * Math.max(1, ...want.map(Math.abs));
        want.forEach((u, i) => { if (Math.abs(values[i]! - u) > tol) throw new Error(`[${i}]: tfjs ${values[i]} vs float64 ${u}`); });
      });
    }
  });
}
