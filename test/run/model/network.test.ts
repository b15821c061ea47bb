// Hand-derived gradients against central finite differences of an independent float64 forward,
// on the cpu backend and on the native matrix path (where transposes are product flags); and the
// native arrangement against the wasm arrangement of the same backward pass.

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Activation, Loss } from '../../../src/plan/cell.js';
import { initBackend, type MatmulRequest } from '../../../src/run/backend.js';
import type { BackendName } from '../../../src/run/results.js';
import { findBlas } from '../../../src/run/native/blas.js';
import { activateScalar } from '../../../src/run/model/activations.js';
import { backward, forward, netShape, toTensors } from '../../../src/run/model/network.js';
import { initParams, type LayerParams } from '../../../src/run/model/params.js';
import { lossAndGrad, lossValue } from '../../../src/run/train/loss.js';
import { makeCell } from '../helpers.js';

/** f(x) = α·h(x) in float64, straight from the documented convention z = c(aW + b). */
function forward64(layers: LayerParams[], mult: number[], act: Activation, alpha: number, x: Float64Array, n: number): Float64Array {
  let a = x;
  layers.forEach((p, l) => {
    const z = new Float64Array(n * p.fanOut);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p.fanOut; j++) {
        let s = p.b ? p.b[j]! : 0;
        for (let q = 0; q < p.fanIn; q++) s += a[i * p.fanIn + q]! * p.w[q * p.fanOut + j]!;
        z[i * p.fanOut + j] = mult[l]! * s;
      }
    }
    a = l === layers.length - 1 ? z.map((v) => alpha * v) : z.map((v) => activateScalar(act, v));
  });
  return a;
}

function objective64(layers: LayerParams[], cellMult: number[], act: Activation, alpha: number, loss: Loss, x: Float64Array, y: Float32Array, n: number, k: number): number {
  const f = forward64(layers, cellMult, act, alpha, x, n);
  return lossValue(loss, f, y, k) / (alpha * alpha);
}

const cases: { act: Activation; loss: Loss; k: number; bias: boolean; alpha: number; sym?: boolean; hidden?: number[] }[] = [
  { act: 'tanh', loss: 'mse', k: 1, bias: true, alpha: 2.5 },
  { act: 'gelu', loss: 'bce', k: 1, bias: false, alpha: 1 },
  { act: 'erf', loss: 'cross_entropy', k: 3, bias: true, alpha: 0.5 },
  { act: 'sigmoid', loss: 'mse', k: 2, bias: true, alpha: 1 },
  { act: 'tanh', loss: 'cross_entropy', k: 2, bias: true, alpha: 1.5, sym: true },
  // One hidden layer, one output: the native path's first-layer shortcut (no n × m δ_0).
  { act: 'tanh', loss: 'mse', k: 1, bias: true, alpha: 1.2, hidden: [7] },
  { act: 'sigmoid', loss: 'bce', k: 1, bias: false, alpha: 1, hidden: [6], sym: true },
];

const blas = await findBlas();
/** Where the finite-difference check runs: cpu, and the native path when a BLAS loads. */
const PATHS: [BackendName, MatmulRequest | null][] = [['cpu', null], ...(typeof blas === 'string' ? [] : [['wasm', 'native'] as [BackendName, MatmulRequest]])];
if (typeof blas === 'string') console.warn(`native path gradient checks skipped: ${blas}`);

describe.each(PATHS.flatMap(([b, m]) => [false, true].map((fast) => [b, m, fast] as const)))('backward on %s/%s (fast forward: %s)', (backendName, matmul, fast) => {
  beforeAll(async () => { await initBackend(backendName, matmul); });
  for (const c of cases) {
    test(`${c.act}/${c.loss}/k=${c.k}${c.sym ? '/symmetrized' : ''}/hidden=${c.hidden ?? 2}: matches finite differences to 2e-3 relative`, () => {
      const n = 6, d = 4;
      const cell = makeCell({ model: {
        inputDim: d, hidden: c.hidden ?? (c.sym ? [5, 4] : [5, 3]), outputDim: c.k, activation: c.act, bias: c.bias, biasStd: 0.5,
        multipliers: [0.7, 1 / Math.sqrt(5), 1.3], outputScale: c.alpha,
        init: { layers: [{ kind: 'normal', std: 1 }], symmetrized: c.sym === true, frozenCopy: false },
      } });
      const layers = initParams(cell.model, 3);
      const x = Float64Array.from({ length: n * d }, (_, i) => Math.sin(i * 1.7));
      const y = new Float32Array(n * c.k);
      for (let i = 0; i < n; i++) y[i * c.k + (c.loss === 'mse' ? 0 : i % c.k)] = c.loss === 'mse' ? Math.cos(i) : 1;
      const shape = netShape(cell.model);
      const grads = tf.tidy(() => {
        const p = toTensors(layers);
        const xs = tf.mul(tf.tensor2d(Float32Array.from(x), [n, d]), shape.multipliers[0]!) as tf.Tensor2D;
        const cache = forward(shape, p, xs, fast);
        const { grad } = lossAndGrad(c.loss, tf.mul(cache.h, c.alpha) as tf.Tensor2D, tf.tensor2d(y, [n, c.k]));
        return backward(shape, p, cache, tf.mul(grad, 1 / c.alpha) as tf.Tensor2D).map((g) => g.dataSync() as Float32Array);
      });
      const flat: Float32Array[] = layers.flatMap((l) => (l.b ? [l.w, l.b] : [l.w]));
      flat.forEach((arr, pi) => {
        for (let i = 0; i < arr.length; i++) {
          const orig = arr[i]!;
          const h = 1e-3;
          // Parameters are float32: divide by the step actually stored.
          arr[i] = orig + h;
          const hiX = arr[i]!;
          const up = objective64(layers, shape.multipliers, c.act, c.alpha, c.loss, x, y, n, c.k);
          arr[i] = orig - h;
          const loX = arr[i]!;
          const down = objective64(layers, shape.multipliers, c.act, c.alpha, c.loss, x, y, n, c.k);
          arr[i] = orig;
          const fd = (up - down) / (hiX - loX);
          expect(Math.abs(grads[pi]![i]! - fd), `param ${pi}[${i}]`).toBeLessThan(2e-3 * Math.max(1e-2, Math.abs(fd)) + 1e-5);
        }
      });
    });
  }
});

/** Gradients of ½‖h − y‖² on the backend started last, with the kernels that ran. */
async function gradsAndKernels(cell: ReturnType<typeof makeCell>, fast: boolean): Promise<{ grads: Float32Array[]; kernels: string[] }> {
  const shape = netShape(cell.model);
  const layers = initParams(cell.model, 7);
  const n = 40, d = cell.model.inputDim, k = cell.model.outputDim;
  const x = Float32Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.37));
  let grads: Float32Array[] = [];
  const info = await tf.profile(() => {
    grads = tf.tidy(() => {
      const p = toTensors(layers);
      const cache = forward(shape, p, tf.mul(tf.tensor2d(x, [n, d]), shape.multipliers[0]!) as tf.Tensor2D, fast);
      const dh = tf.sub(cache.h, tf.tensor2d(Float32Array.from({ length: n * k }, (_, i) => Math.cos(i)), [n, k])) as tf.Tensor2D;
      return backward(shape, p, cache, dh).map((g) => g.dataSync() as Float32Array);
    });
  });
  return { grads, kernels: info.kernels.map((e) => e.name) };
}

describe.skipIf(typeof blas === 'string')('native arrangement (transpose flags) against the wasm arrangement (explicit transposes)', () => {
  // Layers 3 → 24 → 10 → k cover both weight-gradient arrangements on wasm (fanIn < fanOut and
  // ≥) and both ways back through a weight (a product, and the broadcast outer product for k = 1).
  // One hidden layer of 24 and one output: the native first-layer shortcut.
  const cellOf = (k: number, bias: boolean, sym: boolean, hidden = [24, 10]) => makeCell({ model: {
    inputDim: 3, hidden, outputDim: k, activation: 'relu', bias, biasStd: 0.5, multipliers: [0.6, 1 / Math.sqrt(24), 0.1].slice(0, hidden.length + 1),
    init: { layers: [{ kind: 'normal', std: 1 }], symmetrized: sym, frozenCopy: false },
  } });
  const cases = [[1, false, false, false, [24, 10]], [3, true, false, true, [24, 10]], [1, true, true, true, [24, 10]], [1, true, false, false, [24]], [1, true, true, true, [24]]] as const;
  for (const [k, bias, sym, fast, hidden] of cases) {
    test(`k=${k} bias=${bias} symmetrized=${sym} fast=${fast} hidden=${hidden}: equal within float32 rounding, no Transpose on native`, async () => {
      const cell = cellOf(k, bias, sym, [...hidden]);
      await initBackend('wasm', 'wasm');
      const wasm = await gradsAndKernels(cell, fast);
      await initBackend('wasm', 'native');
      const native = await gradsAndKernels(cell, fast);
      expect(wasm.kernels).toContain('Transpose');
      // The symmetrized output's tiny weight reshuffle is the only transpose left on native.
      expect(native.kernels.filter((name) => name === 'Transpose').length).toBe(sym ? 1 : 0);
      // Tolerance: each entry is a float32 sum of ≤ 40 products summed in another order on each
      // path (ε = 6e-8 per rounding): 1e-5 of the largest gradient entry of any layer (not of the
      // block: with symmetrized pairs the first layer's gradient cancels to rounding noise), far
      // below any real difference (a wrong transpose or a missing multiplier is off by O(1)).
      const scale = Math.max(...wasm.grads.flatMap((w) => Array.from(w, Math.abs)));
      native.grads.forEach((g, i) => {
        const w = wasm.grads[i]!;
        expect(g.length).toBe(w.length);
        for (let j = 0; j < g.length; j++) expect(Math.abs(g[j]! - w[j]!), `grad ${i}[${j}]`).toBeLessThanOrEqual(1e-5 * scale);
      });
      await initBackend('cpu');
    });
  }
});
