// Hand-derived gradients against central finite differences of an independent float64 forward.

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Activation, Loss } from '../../../src/plan/cell.js';
import { initBackend } from '../../../src/run/backend.js';
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

const cases: { act: Activation; loss: Loss; k: number; bias: boolean; alpha: number; sym?: boolean }[] = [
  { act: 'tanh', loss: 'mse', k: 1, bias: true, alpha: 2.5 },
  { act: 'gelu', loss: 'bce', k: 1, bias: false, alpha: 1 },
  { act: 'erf', loss: 'cross_entropy', k: 3, bias: true, alpha: 0.5 },
  { act: 'sigmoid', loss: 'mse', k: 2, bias: true, alpha: 1 },
  { act: 'tanh', loss: 'cross_entropy', k: 2, bias: true, alpha: 1.5, sym: true },
];

beforeAll(async () => { await initBackend('cpu'); });

describe.each([false, true])('backward (fast forward: %s)', (fast) => {
  for (const c of cases) {
    test(`${c.act}/${c.loss}/k=${c.k}${c.sym ? '/symmetrized' : ''}: matches finite differences to 2e-3 relative`, () => {
      const n = 6, d = 4;
      const cell = makeCell({ model: {
        inputDim: d, hidden: c.sym ? [5, 4] : [5, 3], outputDim: c.k, activation: c.act, bias: c.bias, biasStd: 0.5,
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
