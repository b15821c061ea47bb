// The tfjs layered network (batched, hand-derived backward) against the float64 reference of
// src/theory/net (itself checked against finite differences), on wasm and cpu.
// Tolerance: float32 arithmetic over sums of at most a few hundred terms of O(1) values gives
// relative errors ~1e-6; 1e-4 of the largest entry fails at once on a layout or stride bug.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { layeredBackward, layeredForward, layeredPatterns, paramTensors } from '../../../src/run/model/layered.js';
import { initParams } from '../../../src/theory/net/kernel.js';
import { activationPattern, compileNetwork, forwardSample, vjpSample } from '../../../src/theory/net/network.js';
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
  { name: 'paired output layer (symmetrized init), conv channels paired at every pixel', input: { kind: 'image', h: 4, w: 4, c: 1 },
    layers: [conv(4, 3, 1, 1), relu, { kind: 'maxpool', size: 2, stride: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 3, bias: true, multiplier: 0.9, pairs: 4 }] },
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

describe('frozen activation patterns (Chizat et al.\'s frozen-pattern network)', () => {
  it('tfjs and float64 agree when ReLUs and max-pools keep the patterns of other weights; same weights give the plain pass', async () => {
    await initBackend('wasm');
    // Max-pool before the ReLU: windows of a ReLU's zeros tie, and backends break ties differently
    // (cpu takes the first maximum, wasm a later one), which the frozen pass would then inherit.
    const c = { input: { kind: 'image', h: 6, w: 6, c: 2 } as Shape, layers: [conv(3, 3, 1, 1), { kind: 'maxpool', size: 2, stride: 2 }, relu, conv(4, 3, 1, 1, false), relu, { kind: 'flatten' }, dense(2)] as LayerSpec[] };
    const rng = createRng(4);
    const net = compileNetwork(c.layers, c.input);
    const w0 = initParams(net, { weightStd: (fi) => 1.4 / Math.sqrt(fi), biasStd: 0.3 }, rng);
    const w = w0.map((v) => v + 0.8 * rng.normal());
    const n = 3, size = shapeSize(c.input);
    const xs = Array.from({ length: n }, () => Float64Array.from({ length: size }, () => rng.normal()));
    const want = xs.flatMap((x) => Array.from(forwardSample(net, w, x, forwardSample(net, w0, x)).output));
    const plain = xs.flatMap((x) => Array.from(forwardSample(net, w, x).output));
    const [frozenV, sameV] = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(xs.flatMap((r) => Array.from(r))), [n, size]);
      const p0 = paramTensors(net, w0), p = paramTensors(net, w);
      const pass0 = layeredForward(net, p0, x);
      return [layeredForward(net, p, x, pass0).output, layeredForward(net, p, x, layeredForward(net, p, x)).output];
    }).map((t) => { const v = t.dataSync(); t.dispose(); return v; });
    expectNear(frozenV!, want, 'frozen-pattern output');
    expectNear(sameV!, plain, 'output with its own patterns');
    expect(Math.max(...want.map((v, i) => Math.abs(v - plain[i]!)))).toBeGreaterThan(1e-2); // the patterns did change
  });
});

describe('activation patterns on tfjs', () => {
  it('equal the float64 reference, ties of a ReLU\'s zeros in a max-pool included (first maximum wins)', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await initBackend(backend);
      const c = cases[0]!; // conv, relu, maxpool (over zeros that tie), conv, relu
      const rng = createRng(9);
      const net = compileNetwork(c.layers, c.input);
      const w = initParams(net, { weightStd: (fi) => 1.4 / Math.sqrt(fi), biasStd: 0.3 }, rng);
      const n = 4, size = shapeSize(c.input);
      const xs = Array.from({ length: n }, () => Float64Array.from({ length: size }, () => rng.normal()));
      const want = xs.map((x) => activationPattern(net, forwardSample(net, w, x)));
      const got = tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from(xs.flatMap((r) => Array.from(r))), [n, size]);
        return layeredPatterns(net, layeredForward(net, paramTensors(net, w), x));
      }).map((t) => { const v = Array.from(t.dataSync()); t.dispose(); return v; });
      expect(got.length).toBe(want[0]!.length);
      got.forEach((layer, l) => {
        const per = layer.length / n;
        expect(layer, `${backend} pattern layer ${l + 1}`).toEqual(want.flatMap((p) => Array.from(p[l]!)));
        expect(per).toBe(want[0]![l]!.length);
      });
    }
  });
});
