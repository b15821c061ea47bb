// The wasm backend's matrix kernels routed through the native BLAS: tf.matMul (every transpose,
// batched, one side broadcast), tf.fused.matMul (bias, relu), the gradient of a product, the
// fallback to the wasm kernel for what the native one does not cover, and switching back.
// Checked against brute-force float64 products. Skips, naming why, without a BLAS.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, describe, expect, test } from 'vitest';
import { initBackend, matmulRequest } from '../../../src/run/backend.js';
import { badMatmulEnv } from '../../../src/messages/run.js';
import { findBlas, type Blas } from '../../../src/run/native/blas.js';
import { nativeBlas, nativeProductsActive } from '../../../src/run/native/kernels.js';

const found = await findBlas();
const skipReason = typeof found === 'string' ? ` (skipped: ${found})` : '';
if (skipReason) console.warn(`native path tests skipped: ${found}`);

afterAll(async () => { await initBackend('wasm'); });

function values(shape: number[], seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

/** op(A)·op(B) in float64 for rank-3 operands [batch, r, c], batch 1 broadcast. */
function bruteForce(a: Float32Array, sa: number[], b: Float32Array, sb: number[], tA: boolean, tB: boolean): number[] {
  const [ba, ra, ca] = sa as [number, number, number], [bb, rb, cb] = sb as [number, number, number];
  const m = tA ? ca : ra, k = tA ? ra : ca, n = tB ? rb : cb;
  const out: number[] = [];
  for (let i = 0; i < Math.max(ba, bb); i++) {
    const oa = (ba === 1 ? 0 : i) * ra * ca, ob = (bb === 1 ? 0 : i) * rb * cb;
    for (let r = 0; r < m; r++) for (let c = 0; c < n; c++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? a[oa + p * ca + r]! : a[oa + r * ca + p]!) * (tB ? b[ob + c * cb + p]! : b[ob + p * cb + c]!);
      out.push(s);
    }
  }
  return out;
}

// Sums of ≤ 40 float32 products of values in [-1, 1]: 1e-5 absolute holds with a wide margin.
const TOL = 1e-5;
const close = (got: ArrayLike<number>, want: ArrayLike<number>): void => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(TOL);
};

describe.skipIf(typeof found === 'string')(`native matrix kernels${skipReason}`, () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[1, 5, 40], [1, 40, 3], false, false], [[1, 40, 5], [1, 40, 3], true, false],
    [[1, 5, 40], [1, 3, 40], false, true], [[1, 40, 5], [1, 3, 40], true, true],
    [[4, 6, 7], [4, 7, 2], false, false], [[1, 6, 7], [3, 2, 7], false, true], [[3, 7, 6], [1, 7, 2], true, false],
  ];
  for (const [sa, sb, tA, tB] of cases) {
    test(`matMul [${sa}]${tA ? 'ᵀ' : ''} · [${sb}]${tB ? 'ᵀ' : ''}`, async () => {
      const info = await initBackend('wasm', 'native');
      expect(info.matmul?.path).toBe('native');
      const a = values(sa, 3), b = values(sb, 7);
      const c = tf.tidy(() => tf.matMul(tf.tensor(a, sa), tf.tensor(b, sb), tA, tB).dataSync());
      close(c, bruteForce(a, sa, b, sb, tA, tB));
    });
  }

  test('rank-2 operands keep rank 2; an empty inner dimension gives zeros', async () => {
    await initBackend('wasm', 'native');
    const c = tf.matMul(tf.tensor2d(values([3, 4], 1), [3, 4]), tf.tensor2d(values([4, 2], 2), [4, 2]));
    expect(c.shape).toEqual([3, 2]);
    const z = tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 5]));
    expect(Array.from(z.dataSync())).toEqual(new Array(15).fill(0));
    tf.dispose([c, z]);
  });

  test('fused matMul: bias broadcast over rows, then relu', async () => {
    await initBackend('wasm', 'native');
    const a = values([1, 6, 9], 5), b = values([1, 9, 4], 9), bias = values([4], 13);
    const got = tf.tidy(() => tf.fused.matMul({ a: tf.tensor3d(a, [1, 6, 9]), b: tf.tensor3d(b, [1, 9, 4]), bias: tf.tensor1d(bias), activation: 'relu' }).dataSync());
    close(got, bruteForce(a, [1, 6, 9], b, [1, 9, 4], false, false).map((v, i) => Math.max(0, v + bias[i % 4]!)));
  });

  test('what the native kernel does not cover (elu) goes to the wasm kernel', async () => {
    await initBackend('wasm', 'native');
    const a = values([1, 3, 5], 2), b = values([1, 5, 2], 4);
    const got = tf.tidy(() => tf.fused.matMul({ a: tf.tensor3d(a, [1, 3, 5]), b: tf.tensor3d(b, [1, 5, 2]), activation: 'elu' }).dataSync());
    close(got, bruteForce(a, [1, 3, 5], b, [1, 5, 2], false, false).map((v) => (v > 0 ? v : Math.exp(v) - 1)));
  });

  test('the gradient of a product runs through the native kernel and matches Aᵀ·1 and 1·Bᵀ', async () => {
    await initBackend('wasm', 'native');
    const a = values([4, 6], 17), b = values([6, 3], 19);
    const [da, db] = tf.tidy(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)))([tf.tensor2d(a, [4, 6]), tf.tensor2d(b, [6, 3])]).map((g) => g.dataSync()));
    // d/dA Σ(AB) = 1·Bᵀ: every row is the row sums of B; d/dB = Aᵀ·1: every column is A's column sums.
    close(da!, Array.from({ length: 24 }, (_, i) => [0, 1, 2].reduce((s, j) => s + b[(i % 6) * 3 + j]!, 0)));
    close(db!, Array.from({ length: 18 }, (_, i) => [0, 1, 2, 3].reduce((s, r) => s + a[r * 6 + Math.floor(i / 3)]!, 0)));
  });

  test('asking for wasm restores the wasm kernels; asking for native again reinstalls', async () => {
    await initBackend('wasm', 'native');
    const native = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    expect((await initBackend('wasm', 'wasm')).matmul).toEqual({ path: 'wasm' });
    const wasm = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    expect(wasm).not.toBe(native);
    expect((await initBackend('wasm', 'native')).matmul?.path).toBe('native');
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).not.toBe(wasm);
  });

  test('nativeProductsActive follows the path: on native only, not on wasm kernels nor on another backend', async () => {
    await initBackend('wasm', 'native');
    expect(nativeProductsActive()).toBe(true);
    expect(nativeBlas()?.library).toBe((found as Blas).library);
    await initBackend('wasm', 'wasm');
    expect(nativeProductsActive()).toBe(false);
    await initBackend('wasm', 'native');
    await initBackend('cpu');
    expect(nativeProductsActive()).toBe(false);
    expect(nativeBlas()).toBeNull();
    await initBackend('wasm', 'native');
  });
});

describe('asking for a path that cannot run', () => {
  test('native on the cpu backend is refused, naming the backend', async () => {
    await expect(initBackend('cpu', 'native')).rejects.toThrow(/native matrix path runs on the wasm backend, not cpu/);
    await initBackend('wasm');
  });

  test('cpu records its own kernels', async () => {
    expect((await initBackend('cpu')).matmul).toEqual({ path: 'cpu' });
    await initBackend('wasm');
  });
});

test('the request: the argument, else LAZYLAB_MATMUL, else automatic; a bad LAZYLAB_MATMUL is named', () => {
  expect(matmulRequest('wasm', { LAZYLAB_MATMUL: 'native' })).toBe('wasm');
  expect(matmulRequest(null, { LAZYLAB_MATMUL: 'wasm' })).toBe('wasm');
  expect(matmulRequest(undefined, {})).toBeNull();
  expect(() => matmulRequest(null, { LAZYLAB_MATMUL: 'gpu' })).toThrow(badMatmulEnv('gpu'));
});
