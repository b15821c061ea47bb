// Chizat's κ against models whose Hessian is known in closed form.
import { describe, expect, it } from 'vitest';
import { gram, norm2, symmetricEigen } from '../../src/theory/linalg.js';
import { chizatKappa, chizatKappaMlp, type DifferentiableModel } from '../../src/theory/laziness.js';
import { kernelSpectrum } from '../../src/theory/linearize.js';
import { empiricalNtk } from '../../src/theory/empirical.js';
import type { Mlp } from '../../src/theory/mlp.js';
import { createRng } from '../../src/theory/rng.js';

const rng = createRng(3);
const randn = (n: number, m: number) => Array.from({ length: n }, () => Array.from({ length: m }, () => rng.normal()));

describe('chizatKappa on a quadratic model h_i(w) = c_i·w + ½ wᵀA_i w (tolerance 1e-6 relative)', () => {
  const P = 8, n = 4;
  const c = randn(n, P);
  const A = Array.from({ length: n }, () => {
    const m = randn(P, P);
    return m.map((row, i) => row.map((v, j) => 0.5 * (v + m[j]![i]!)));
  });
  const apply = (M: number[][], w: ArrayLike<number>) => M.map((row) => row.reduce((s, v, j) => s + v * w[j]!, 0));
  const model: DifferentiableModel = {
    outputs: (w) => c.map((ci, i) => ci.reduce((s, v, j) => s + v * w[j]!, 0) + 0.5 * apply(A[i]!, w).reduce((s, v, j) => s + v * w[j]!, 0)),
    vjp: (w, u) => {
      const g = new Float64Array(P);
      for (let i = 0; i < n; i++) {
        const Aw = apply(A[i]!, w);
        for (let j = 0; j < P; j++) g[j]! += u[i]! * (c[i]![j]! + Aw[j]!);
      }
      return g;
    },
  };
  const w0 = Float64Array.from(randn(1, P)[0]!);
  const y = randn(1, n)[0]!;

  for (const alpha of [1, 10]) {
    it(`α = ${alpha}`, () => {
      // Closed form: J rows = c_i + A_i w0; ‖Dh‖² = λ_max(J Jᵀ); ‖D²h‖ = max|eig(Σ u_i A_i)|.
      const h0 = model.outputs(w0);
      const res = h0.map((h, i) => alpha * h - y[i]!);
      const rn = norm2(res);
      const u = res.map((r) => r / rn);
      const J = c.map((ci, i) => { const Aw = apply(A[i]!, w0); return ci.map((v, j) => v + Aw[j]!); });
      const lmax = kernelSpectrum(gram(J)).lambdaMax;
      const H = Array.from({ length: P }, (_, a) => Array.from({ length: P }, (_, b) => u.reduce((s, ui, i) => s + ui * A[i]![a]![b]!, 0)));
      const hn = Math.max(...symmetricEigen(H).values.map(Math.abs));
      const expected = (rn / alpha) * hn / lmax;
      const got = chizatKappa(model, w0, y, alpha);
      expect(got.converged).toBe(true);
      expect(Math.abs(got.kappa - expected) / expected).toBeLessThan(1e-6);
      expect(Math.abs(got.jacobianNormSq - lmax) / lmax).toBeLessThan(1e-12);
    });
  }
});

describe('chizatKappaMlp on a 2-layer linear net h(x) = Σ_j a_j (w_j·x) (tolerance 1e-6 relative)', () => {
  it('matches the closed form ‖D²h‖ = ‖Σ_i u_i x_i‖, ‖Dh‖² = λ_max(Θ0)', () => {
    // The Hessian of <u, h> only couples a_j with w_j: ∂²/∂a_j∂w_jk = Σ_i u_i x_ik =: g_k,
    // so it is block-diagonal with blocks [[0, gᵀ], [g, 0]] whose eigenvalues are ±‖g‖.
    const d = 3, m = 5, alpha = 2;
    const x = randn(4, d);
    const y = [0.5, -0.3, 1.2, 0.1];
    const mlp: Mlp = {
      activation: 'identity', outputScale: alpha,
      layers: [
        { W: randn(d, m), b: null, multiplier: 1 },
        { W: randn(m, 1), b: null, multiplier: 1 },
      ],
    };
    const got = chizatKappaMlp(mlp, x, y);
    const ntkH = empiricalNtk({ ...mlp, outputScale: 1 }, x);
    const lmax = kernelSpectrum(ntkH).lambdaMax;
    const h0 = x.map((xi) => {
      const z = Array.from({ length: m }, (_, j) => xi.reduce((s, v, k) => s + v * (mlp.layers[0]!.W[k]![j] as number), 0));
      return z.reduce((s, v, j) => s + v * (mlp.layers[1]!.W[j]![0] as number), 0);
    });
    const res = h0.map((h, i) => alpha * h - y[i]!);
    const rn = norm2(res);
    const g = Array.from({ length: d }, (_, k) => res.reduce((s, r, i) => s + (r / rn) * x[i]![k]!, 0));
    const expected = (rn / alpha) * norm2(g) / lmax;
    expect(got.converged).toBe(true);
    expect(Math.abs(got.kappa - expected) / expected).toBeLessThan(1e-6);
    expect(Math.abs(got.hessianNorm - norm2(g)) / norm2(g)).toBeLessThan(1e-6);
  });
});
