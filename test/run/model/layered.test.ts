// The tfjs layered network (batched, hand-derived backward) against the float64 reference of
// src/theory/net (itself checked against finite differences), on wasm and cpu.
// Tolerance: float32 arithmetic over sums of at most a few hundred terms of O(1) values gives
// relative errors ~1e-6; 1e-4 of the largest entry fails at once on a layout or stride bug.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { layeredBackward, layeredForward, paramTensors } from '../../../src/run/model/layered.js';
import { initParams } from '../../../src/theory/net/kernel.js';
import { compileNetwork, forwardSample, vjpSample } from '../../../src/theory/net/network.js';
import { shapeSize, type LayerSpec, type Shape } from '../../../src/theory/net/spec.js';
import { createRng } from '../../../src/theory/rng.js';

const conv = (filters: number, kernel: number, stride = 1, padding = 0, bias = true, multiplier = 0.8): LayerSpec =>
  ({ kind: 'conv2d', filters, kernel, stride, padding, bias, multiplier });
const relu: LayerSpec = { kind: 'activation', fn: 'relu' };
const dense = (units: number, bias = true): LayerSpec => ({ kind: 'dense', units, bias, multiplier: 0.9 });

const cases: { name: string; input: Shape; layers: LayerSpec[] }[] = [
  { name: 'VGG-style: conv, relu, maxpool, flatten, dense', input: { kind: 'image', h: 6, w: 6, c: 2 },
    layers: [conv(3, 3, 1, 1), relu, { kind: 'maxpool', size: 2, stride: 2 }, conv(4, 3, 1, 1, false), relu, { kind: 'flatten' }, dense(2)] },
  { name: 'strided conv without padding (uncovered border), avgpool', input: { kind: 'image', h: 8, w: 7, c: 3 },
    layers: [conv(2, 2, 3, 0), { kind: 'activation', fn: 'tanh' }, { kind: 'avgpool', size: 2, stride: 1 }, { kind: 'flatten' }, dense(1, false)] },
  { name: 'ResNet-style: identity and projected residual blocks, global average pool', input: { kind: 'image', h: 5, w: 5, c: 2 },
    layers: [conv(2, 3, 1, 1), relu,
      { kind: 'residual', body: [conv(2, 3, 1, 1), relu, conv(2, 3, 1, 1)], shortcut: [] }, relu,
      { kind: 'residual', body: [conv(3, 3, 2, 1), relu, conv(3, 3, 1, 1)], shortcut: [conv(3, 1, 2, 0, false)] }, relu,
      { kind: 'global_avgpool' }, dense(3)] },
  { name: 'an MLP', input: { kind: 'flat', n: 5 }, layers: [dense(7), { kind: 'activation', fn: 'gelu' }, dense(1)] },
];

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

function expectNear(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length, what).toBe(want.length);
  const tol = 1e-4 * Math.max(1, maxAbs(want));
  for (let i = 0; i < want.length; i++) {
    if (Math.abs(got[i]! - want[i]!) > tol) throw new Error(`${what}[${i}]: tfjs ${got[i]} vs float64 ${want[i]}`);
  }
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`layered network on ${backend}`, () => {
    for (const c of cases) {
      it(`${c.name}: outputs and parameter gradients match the float64 reference`, async () => {
        await initBackend(backend);
        const rng = createRng(21);
        const net = compileNetwork(c.layers, c.input);
        const w = initParams(net, { weightStd: (fi) => 1.4 / Math.sqrt(fi), biasStd: 0.3 }, rng);
        const n = 3, size = shapeSize(c.input);
        const xs = Array.from({ length: n }, () => Float64Array.from({ length: size }, () => rng.normal()));
        const passes = xs.map((x) => forwardSample(net, w, x));
        const k = passes[0]!.output.length;
        const dh = Array.from({ length: n }, () => Float64Array.from({ length: k }, () => rng.normal()));
        const want = new Float64Array(net.paramCount);
        passes.forEach((p, i) => vjpSample(net, w, p, dh[i]!).params.forEach((g, j) => { want[j]! += g; }));
        const before = tf.memory().numTensors;
        const { out, grads } = tf.tidy(() => {
          const p = paramTensors(net, w);
          const x = tf.tensor2d(Float32Array.from(xs.flatMap((r) => Array.from(r))), [n, size]);
          const pass = layeredForward(net, p, x);
          const g = layeredBackward(net, p, pass, tf.tensor2d(Float32Array.from(dh.flatMap((r) => Array.from(r))), [n, k]));
          return { out: pass.output, grads: tf.concat(g.map((t) => tf.reshape(t, [-1]))) };
        });
        const outV = out.dataSync(), gradV = grads.dataSync();
        tf.dispose([out, grads]);
        expect(tf.memory().numTensors).toBe(before);
        expectNear(outV, passes.flatMap((p) => Array.from(p.output)), 'output');
        expectNear(gradV, want, 'gradient');
      });
    }
  });
}
