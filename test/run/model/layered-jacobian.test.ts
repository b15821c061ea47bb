// The tfjs per-sample Jacobian and empirical NTK of layered networks against the float64
// reference of src/theory/net (jacobian, empiricalNtk: one VJP per sample, itself checked against
// finite differences), for every layer kind, on wasm and cpu.
// Tolerances: Jacobian rows within 1e-4 of the largest entry (float32 sums of at most a few
// hundred O(1) terms err ~1e-6; a layout or ordering bug errs O(1)); kernels within 2e-5 relative
// Frobenius error (float32 Gram sums over ≤ 10³ parameters); per-layer blocks likewise.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { layeredJacobianRows, layeredNtkBlocks } from '../../../src/run/model/layered-jacobian.js';
import { paramTensors } from '../../../src/run/model/layered.js';
import { empiricalNtk, initParams, jacobian } from '../../../src/theory/net/kernel.js';
import { compileNetwork, outputSize, type Node } from '../../../src/theory/net/network.js';
import { shapeSize } from '../../../src/theory/net/spec.js';
import { CASES } from './layered-cases.js';
import { createRng } from '../../../src/theory/rng.js';

function relFrob(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, s = 0;
  for (let i = 0; i < b.length; i++) { d += (a[i]! - b[i]!) ** 2; s += b[i]! ** 2; }
  return Math.sqrt(d / s);
}

/** [start, end) of each weight layer's parameters in the flat order. */
function layerRanges(nodes: Node[]): [number, number][] {
  return nodes.flatMap((n): [number, number][] => {
    if (n.body) return [...layerRanges(n.body), ...layerRanges(n.shortcut!)];
    if (n.spec.kind !== 'dense' && n.spec.kind !== 'conv2d') return [];
    const nb = n.spec.bias ? (n.spec.kind === 'dense' ? n.spec.units : n.spec.filters) : 0;
    return [[n.offset, n.offset + n.weights + nb]];
  });
}

function setup(c: (typeof CASES)[number]) {
  const rng = createRng(5);
  const net = compileNetwork(c.layers, c.input);
  const w = initParams(net, { weightStd: (fi) => 1.4 / Math.sqrt(fi), biasStd: 0.3 }, rng);
  const n = 4, size = shapeSize(c.input);
  const xs = Array.from({ length: n }, () => Float64Array.from({ length: size }, () => rng.normal()));
  return { net, w, n, size, xs, flat: Float32Array.from(xs.flatMap((r) => Array.from(r))) };
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`layered Jacobian and NTK on ${backend}`, () => {
    for (const c of CASES) {
      it(`${c.name}: rows, per-layer blocks and the trace kernel match float64`, async () => {
        await initBackend(backend);
        const { net, w, n, size, xs, flat } = setup(c);
        const K = outputSize(net);
        const before = tf.memory().numTensors;
        let trace = new Float64Array(n * n);
        for (let k = 0; k < K; k++) {
          const J = jacobian(net, w, xs, k);
          const { rows, blocks } = tf.tidy(() => {
            const p = paramTensors(net, w);
            const x = tf.tensor2d(flat, [n, size]);
            return { rows: layeredJacobianRows(net, p, x, k), blocks: layeredNtkBlocks(net, p, x, [k]) };
          });
          const got = rows.dataSync();
          const want = J.flatMap((r) => Array.from(r));
          const tol = 1e-4 * Math.max(...want.map(Math.abs));
          want.forEach((v, i) => { if (Math.abs(got[i]! - v) > tol) throw new Error(`unit ${k} row entry ${i}: tfjs ${got[i]} vs float64 ${v}`); });
          const ranges = layerRanges(net.nodes);
          expect(blocks).toHaveLength(ranges.length);
          blocks.forEach((b, l) => {
            const [s, e] = ranges[l]!;
            const block = J.flatMap((a) => J.map((bb) => { let t = 0; for (let p = s; p < e; p++) t += a[p]! * bb[p]!; return t; }));
            expect(relFrob(b.dataSync(), block), `unit ${k} layer ${l + 1}`).toBeLessThan(2e-5);
          });
          const unit = empiricalNtk(net, w, xs, k).flat();
          trace = trace.map((v, i) => v + unit[i]!);
          tf.dispose([rows, ...blocks]);
        }
        const all = tf.tidy(() => tf.addN(layeredNtkBlocks(net, paramTensors(net, w), tf.tensor2d(flat, [n, size]), Array.from({ length: K }, (_, k) => k))));
        expect(relFrob(all.dataSync(), trace)).toBeLessThan(2e-5);
        all.dispose();
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  });
}

it('an output unit out of range is an error', async () => {
  await initBackend('cpu');
  const { net, w, n, size, flat } = setup(CASES[3]!);
  expect(() => tf.tidy(() => layeredNtkBlocks(net, paramTensors(net, w), tf.tensor2d(flat, [n, size]), [2]))).toThrow(/output unit 2 out of range 0..1/);
});
