// The native convolutions (src/run/native/conv.ts: im2col + sgemm on the wasm heap) against the
// wasm backend's own kernels: forward (Conv2D), input gradient (Conv2DBackpropInput, through
// tf.conv2dTranspose) and filter gradient (the native Conv2DBackpropFilter against the wasm
// path's convolution of transposed tensors), for stride 1/2, padding 0/1, kernel 1/3, several
// samples and channels; and bitwise equal results across two runs on the native path.
// Tolerance: sums of ≤ 250 float32 products of values in [-1, 1] (≤ 9·4·7 terms per output),
// summed in different orders: 1e-5 of the largest entry (≥ 1) holds with a wide margin, and a
// layout or padding bug breaks it by orders of magnitude. Skips, naming why, without a BLAS.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { findBlas } from '../../../src/run/native/blas.js';
import { nativeConvActive } from '../../../src/run/native/kernels.js';
import { convFilterGrad } from '../../../src/run/model/layered.js';

const found = await findBlas();
const skipReason = typeof found === 'string' ? ` (skipped: ${found})` : '';

afterAll(async () => { await initBackend('wasm'); });

function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

interface Case { stride: number; padding: number; kernel: number }
const cases: Case[] = [];
for (const stride of [1, 2]) for (const padding of [0, 1]) for (const kernel of [1, 3]) cases.push({ stride, padding, kernel });
const [N, H, W, C, F] = [3, 7, 6, 4, 5];

/** Forward output, input gradient and filter gradient of one convolution, read back. */
function convAll({ stride, padding, kernel }: Case): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(N * H * W * C, 7), [N, H, W, C]);
    const w = tf.tensor4d(values(kernel * kernel * C * F, 11), [kernel, kernel, C, F]);
    const pad = [[0, 0], [padding, padding], [padding, padding], [0, 0]] as never;
    const y = tf.conv2d(x, w, stride, pad);
    const dy = tf.tensor4d(values(y.size, 13), y.shape);
    const dx = tf.conv2dTranspose(dy, w, x.shape, stride, pad);
    const dw = convFilterGrad(x, dy, kernel, stride, padding);
    return [y, dx, dw].map((t) => t.dataSync() as Float32Array);
  });
}

function expectClose(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  const tol = 1e-5 * Math.max(1, ...want.map(Math.abs));
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) throw new Error(`${what}[${i}]: native ${got[i]} vs wasm ${want[i]}`);
  }
}

describe.skipIf(typeof found === 'string')(`native convolutions${skipReason}`, () => {
  for (const c of cases) {
    test(`stride ${c.stride}, padding ${c.padding}, kernel ${c.kernel}: forward, input and filter gradients equal the wasm kernels'`, async () => {
      await initBackend('wasm', 'wasm');
      expect(nativeConvActive()).toBe(false);
      const wasm = convAll(c);
      await initBackend('wasm', 'native');
      expect(nativeConvActive()).toBe(true);
      const native = convAll(c);
      ['forward', 'input gradient', 'filter gradient'].forEach((what, i) => expectClose(native[i]!, wasm[i]!, what));
    });
  }

  test('two runs on the native path give bitwise equal results', async () => {
    await initBackend('wasm', 'native');
    for (const c of cases) {
      const [a, b] = [convAll(c), convAll(c)];
      a.forEach((t, i) => expect(Buffer.from(t.buffer).equals(Buffer.from(b[i]!.buffer))).toBe(true));
    }
  });

  test('switching back to the wasm kernels removes the native filter gradient', async () => {
    await initBackend('wasm', 'native');
    await initBackend('wasm', 'wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
  });
});
