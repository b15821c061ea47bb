// The native BLAS binding: where it looks, what it says when nothing binds, and cblas_sgemm
// through koffi against a brute-force product in double precision (every transpose, strided
// leading dimensions). The product tests skip, naming why, on a machine without a BLAS.

import { describe, expect, test } from 'vitest';
import { blasCandidates, findBlas, STANDARD_BLAS, type Blas } from '../../../src/run/native/blas.js';

const found = await findBlas();
const blas: Blas | null = typeof found === 'string' ? null : found;
const skipReason = typeof found === 'string' ? ` (skipped: ${found})` : '';
if (skipReason) console.warn(`native path tests skipped: ${found}`);

/** A deterministic pseudo-random matrix (row-major, rows × cols). */
function matrix(rows: number, cols: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: rows * cols }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

/** op(A)·op(B) in float64 from row-major A (stored rows × lda) and B. */
function bruteForce(tA: boolean, tB: boolean, m: number, n: number, k: number, a: Float32Array, lda: number, b: Float32Array, ldb: number): Float64Array {
  const c = new Float64Array(m * n);
  const A = (i: number, p: number): number => (tA ? a[p * lda + i]! : a[i * lda + p]!);
  const B = (p: number, j: number): number => (tB ? b[j * ldb + p]! : b[p * ldb + j]!);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let p = 0; p < k; p++) sum += A(i, p) * B(p, j);
    c[i * n + j] = sum;
  }
  return c;
}

describe('where the BLAS is looked for', () => {
  test('LAZYLAB_BLAS alone when set: a wrong path must not fall back to another library silently', () => {
    expect(blasCandidates({ LAZYLAB_BLAS: '/opt/mine/libblis.so' })).toEqual(['/opt/mine/libblis.so']);
  });

  test('otherwise the standard places that exist, then names for the loader', () => {
    const c = blasCandidates({});
    for (const p of c) expect(STANDARD_BLAS).toContain(p);
    expect(c).toContain('libopenblas.so.0');
  });

  // Needs koffi itself (else the reason is that koffi does not load, as the skip says).
  const noKoffi = typeof found === 'string' && found.startsWith('the koffi package');
  test.skipIf(noKoffi)(`a LAZYLAB_BLAS that does not load is named in the reason${noKoffi ? skipReason : ''}`, async () => {
    const r = await findBlas({ LAZYLAB_BLAS: '/nonexistent/libopenblas.so' });
    expect(typeof r).toBe('string');
    expect(r).toMatch(/\/nonexistent\/libopenblas\.so/);
  });
});

describe(`cblas_sgemm through koffi${skipReason}`, () => {
  // float32 products of k ≤ 70 terms in [-1, 1]: each differs from the float64 sum by at most
  // k·2⁻²⁴·Σ|aᵢbᵢ| ≤ 70 · 6e-8 · 70 ≈ 3e-4 in the worst case; 1e-4 absolute is ample in practice.
  const TOL = 1e-4;
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    test.skipIf(!blas)(`transposeA=${tA} transposeB=${tB}, non-square, padded leading dimensions`, () => {
      const m = 7, n = 13, k = 70, pad = 3;
      const lda = (tA ? m : k) + pad, ldb = (tB ? k : n) + pad;
      const a = matrix(tA ? k : m, lda, 11), b = matrix(tB ? n : k, ldb, 29);
      const c = new Float32Array(m * n).fill(Number.NaN);
      blas!.sgemm(tA, tB, m, n, k, a, lda, b, ldb, 0, c, n);
      const want = bruteForce(tA, tB, m, n, k, a, lda, b, ldb);
      for (let i = 0; i < c.length; i++) expect(Math.abs(c[i]! - want[i]!)).toBeLessThan(TOL);
    });
  }

  test.skipIf(!blas)('ssyrk: the upper triangle of alpha·A·Aᵀ + beta·C, the lower one untouched', () => {
    const n = 9, k = 70, lda = k + 2, ldc = n + 1;
    const a = matrix(n, lda, 17);
    const c = matrix(n, ldc, 23), before = c.slice();
    blas!.ssyrk(n, k, 0.5, a, lda, 2, c, ldc);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * lda + p]! * a[j * lda + p]!;
      const want = j >= i ? 0.5 * s + 2 * before[i * ldc + j]! : before[i * ldc + j]!;
      expect(Math.abs(c[i * ldc + j]! - want), `${i},${j}`).toBeLessThan(TOL);
    }
  });

  test.skipIf(!blas)('one thread, the same bits on every call', () => {
    const m = 64, n = 96, k = 300;
    const a = matrix(m, k, 3), b = matrix(k, n, 5);
    const c1 = new Float32Array(m * n), c2 = new Float32Array(m * n);
    blas!.sgemm(false, false, m, n, k, a, k, b, n, 0, c1, n);
    blas!.sgemm(false, false, m, n, k, a, k, b, n, 0, c2, n);
    expect(Buffer.from(c2.buffer).equals(Buffer.from(c1.buffer))).toBe(true);
  });
});
