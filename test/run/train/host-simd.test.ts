// The host executor's WebAssembly SIMD kernels against float32 scalar references, for lengths
// that exercise the 4-lane loop, the scalar tail, and both: relu, mask and the backward row are
// one float32 operation per value (Adam a fixed sequence of them), so they must match bit for bit; the dot product sums in
// another order (four lanes, then the tail), so within a float32 tolerance. No BLAS needed.

import { describe, expect, test } from 'vitest';
import { Arena } from '../../../src/run/train/host-simd.js';

const f = Math.fround;

function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

describe('SIMD kernels', () => {
  const arena = new Arena(16384);
  const k = arena.kernels!;
  const buf = (src: Float32Array): Float32Array => { const v = arena.alloc(src.length); v.set(src); return v; };

  test('WebAssembly SIMD is available on this Node', () => expect(k).not.toBeNull());

  for (const len of [0, 1, 3, 4, 5, 8, 11, 33]) {
    test(`length ${len}`, () => {
      const z0 = values(len, 3 + len), w = buf(values(len, 7)), c = 0.3;
      const z = buf(z0), a = buf(new Float32Array(len));
      const dot = k.reluDot(z.byteOffset, a.byteOffset, w.byteOffset, len, c);
      let want = 0;
      for (let j = 0; j < len; j++) {
        expect(a[j]).toBe(f(f(c) * Math.max(z0[j]!, 0)));
        want += a[j]! * w[j]!;
      }
      // ≤ 33 float32 products of size ≤ 1 summed in float32: 1e-6 absolute is ample.
      expect(Math.abs(dot - want)).toBeLessThan(1e-6);
      const a2 = buf(new Float32Array(len));
      k.relu(z.byteOffset, a2.byteOffset, len, c);
      expect(a2).toEqual(a);

      const g0 = values(len, 11), g = buf(g0), d = 0.7, dc = 0.2;
      k.reluBackRow(z.byteOffset, a.byteOffset, w.byteOffset, g.byteOffset, len, d, dc);
      for (let j = 0; j < len; j++) {
        expect(g[j]).toBe(f(g0[j]! + f(a[j]! * f(d))));
        expect(z[j]).toBe(z0[j]! > 0 ? f(f(dc) * w[j]!) : 0);
      }
      const s = buf(values(len, 13)), m = buf(z0);
      k.reluMask(m.byteOffset, s.byteOffset, len, c);
      for (let j = 0; j < len; j++) expect(m[j]).toBe(z0[j]! > 0 ? f(f(c) * s[j]!) : 0);

      // Adam: each operation one float32 rounding (f32 √ and ÷ from float64 are correctly rounded).
      const [w0, gr, m0, v0] = [values(len, 17), values(len, 19), values(len, 23), values(len, 29).map(Math.abs)];
      const [W, G, M, V, out] = [buf(w0), buf(gr), buf(m0), buf(v0), buf(new Float32Array(len))];
      const [b1, c1, b2, c2, st, eps] = [0.9, 0.1, 0.999, 0.001, 0.013, 1e-7].map(f) as [number, number, number, number, number, number];
      k.adam(W.byteOffset, G.byteOffset, M.byteOffset, V.byteOffset, out.byteOffset, len, b1, c1, b2, c2, st, eps);
      for (let j = 0; j < len; j++) {
        const mj = f(f(m0[j]! * b1) + f(gr[j]! * c1)), vj = f(f(v0[j]! * b2) + f(f(gr[j]! * gr[j]!) * c2));
        expect([M[j], V[j]]).toEqual([mj, vj]);
        expect(out[j]).toBe(f(w0[j]! - f(f(mj / f(f(Math.sqrt(vj)) + eps)) * st)));
      }
    });
  }
});
