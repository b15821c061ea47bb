// The host executor's WebAssembly SIMD kernels against float32 scalar references, for lengths
// that exercise the 4-lane loop, the scalar tail, and both: relu, mask and the backward row are
// one float32 operation per value, so they must match bit for bit; the dot product sums in
// another order (four lanes, then the tail), so within a float32 tolerance. No BLAS needed.

import { describe, expect, test } from 'vitest';
import { Arena } from '../../../src/run/train/host-simd.js';

const f = Math.fround;

function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

describe('SIMD kernels', () => {
  const arena = new Arena(4096);
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
    });
  }
});
