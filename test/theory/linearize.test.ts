// Closed-form linearized dynamics against explicit stepping, RK4 integration, and gradient
// descent on a model that is exactly linear in its weights.
import { describe, expect, it } from 'vitest';
import { gram, matvec } from '../../src/theory/linalg.js';
import {
  kernelSpectrum, linearConvergenceRate, linearizationGap, linearizedDynamics, spectralFilters,
} from '../../src/theory/linearize.js';
import { createRng } from '../../src/theory/rng.js';

const rng = createRng(42);
const randn = (n: number, m: number) => Array.from({ length: n }, () => Array.from({ length: m }, () => rng.normal()));

// A random linear model f(x; w) = φ(x)·w with P = 12 features, n = 6 train, 3 test points.
const phiTrain = randn(6, 12);
const phiTest = randn(3, 12);
const w0 = randn(1, 12)[0]!;
const y = randn(1, 6)[0]!;
const theta = gram(phiTrain);
const thetaTest = gram(phiTest, phiTrain);
const f0Train = matvec(phiTrain, w0);
const f0Test = matvec(phiTest, w0);
const lmax = kernelSpectrum(theta).lambdaMax;
const lr = (1.5 * 6) / lmax; // η λ_max / n = 1.5 < 2: stable but oscillating top mode

const maxRel = (a: number[], b: number[]) =>
  Math.max(...a.map((v, i) => Math.abs(v - b[i]!))) / Math.max(1, ...b.map(Math.abs));

describe('linearizedDynamics (gd)', () => {
  const steps = [0, 1, 2, 5, 17, 60];
  const traj = linearizedDynamics({ thetaTrain: theta, thetaTestTrain: thetaTest, f0Train, f0Test, y, lr, steps });

  it('equals the explicit recursion r ← r − (η/n)Θ r, f* ← f* − (η/n)Θ*X r (tolerance 1e-10)', () => {
    let r = f0Train.map((f, i) => f - y[i]!);
    let ft = f0Test.slice();
    for (let t = 0; t <= 60; t++) {
      const k = steps.indexOf(t);
      if (k >= 0) {
        expect(maxRel(traj.train[k]!, r.map((v, i) => v + y[i]!))).toBeLessThan(1e-10);
        expect(maxRel(traj.test[k]!, ft)).toBeLessThan(1e-10);
        expect(traj.trainLoss[k]!).toBeCloseTo(r.reduce((s, v) => s + v * v, 0) / 12, 10);
      }
      const tr = matvec(theta, r), tt = matvec(thetaTest, r);
      ft = ft.map((v, i) => v - (lr / 6) * tt[i]!);
      r = r.map((v, i) => v - (lr / 6) * tr[i]!);
    }
  });

  it('equals gradient descent on the weights of the exactly linear model (tolerance 1e-10)', () => {
    let w = w0.slice();
    for (let t = 0; t <= 60; t++) {
      const k = steps.indexOf(t);
      if (k >= 0) {
        expect(maxRel(traj.train[k]!, matvec(phiTrain, w))).toBeLessThan(1e-10);
        expect(maxRel(traj.test[k]!, matvec(phiTest, w))).toBeLessThan(1e-10);
      }
      const r = matvec(phiTrain, w).map((v, i) => v - y[i]!);
      // ∇_w (1/2n)‖Φw − y‖² = Φᵀ r / n
      w = w.map((wj, j) => wj - (lr / 6) * r.reduce((s, ri, i) => s + ri * phiTrain[i]![j]!, 0));
    }
  });

  it('t = ∞ interpolates the training labels (Θ is full rank here) — tolerance 1e-9', () => {
    const inf = linearizedDynamics({ thetaTrain: theta, thetaTestTrain: thetaTest, f0Train, f0Test, y, lr, steps: [Infinity] });
    expect(maxRel(inf.train[0]!, y)).toBeLessThan(1e-9);
  });
});

describe('linearizedDynamics (flow)', () => {
  it('matches RK4 integration of dr/dt = −(η/n)Θ r, df*/dt = −(η/n)Θ*X r (dt = 1e-3, tolerance 1e-9)', () => {
    const eta = 0.3, T = 2;
    const traj = linearizedDynamics({
      thetaTrain: theta, thetaTestTrain: thetaTest, f0Train, f0Test, y, lr: eta, steps: [T], dynamics: 'flow',
    });
    // State s = [r (6), f* (3)]; derivative depends on r only.
    const deriv = (r: number[]) => [...matvec(theta, r), ...matvec(thetaTest, r)].map((v) => (-eta / 6) * v);
    let s = [...f0Train.map((f, i) => f - y[i]!), ...f0Test];
    const dt = 1e-3;
    for (let k = 0; k < T / dt; k++) {
      const k1 = deriv(s.slice(0, 6));
      const k2 = deriv(s.slice(0, 6).map((v, i) => v + (dt / 2) * k1[i]!));
      const k3 = deriv(s.slice(0, 6).map((v, i) => v + (dt / 2) * k2[i]!));
      const k4 = deriv(s.slice(0, 6).map((v, i) => v + dt * k3[i]!));
      s = s.map((v, i) => v + (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
    }
    expect(maxRel(traj.train[0]!, s.slice(0, 6).map((v, i) => v + y[i]!))).toBeLessThan(1e-9);
    expect(maxRel(traj.test[0]!, s.slice(6))).toBeLessThan(1e-9);
  });
});

describe('spectral helpers', () => {
  it('filters have the right λ → 0 limit: h = 1, g = ηt/n', () => {
    const gd = spectralFilters([0, 1e-300], 0.5, 4, 10, 'gd');
    const fl = spectralFilters([0, 1e-300], 0.5, 4, 10, 'flow');
    for (const f of [gd, fl]) {
      expect(f.h).toEqual([1, 1]);
      f.g.forEach((g) => expect(g).toBeCloseTo((0.5 * 10) / 4, 12));
    }
  });

  it('kernelSpectrum and linearConvergenceRate by hand', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3 → condition 3.
    const s = kernelSpectrum([[2, 1], [1, 2]]);
    expect(s.lambdaMin).toBeCloseTo(1, 14);
    expect(s.lambdaMax).toBeCloseTo(3, 14);
    expect(s.condition).toBeCloseTo(3, 13);
    // n = 2, η = 1: (1 − 1/2)² = 1/4; top mode (1 − 3/2)² = 1/4; ηλ_max/n = 1.5 < 2.
    expect(linearConvergenceRate(1, 3, 1, 2)).toEqual({ perStep: 0.25, asymptotic: 0.25, stable: true });
    // η = 1.2: (1 − 0.6)² = 0.16 but the top mode gives (1 − 1.8)² = 0.64, still stable (1.8 < 2).
    const r = linearConvergenceRate(1, 3, 1.2, 2);
    expect(r.perStep).toBeCloseTo(0.16, 14);
    expect(r.asymptotic).toBeCloseTo(0.64, 14);
  });

  it('linearizationGap = max_t ‖f_t − f_lin,t‖ / ‖f_0 − y‖ by hand', () => {
    // ‖f0 − y‖ = ‖(3, 4)‖ = 5; gaps: 0, ‖(0.3, 0.4)‖ = 0.5, ‖(0, 0.1)‖ = 0.1 → 0.5/5 = 0.1.
    const gap = linearizationGap([[3, 4], [1.3, 1.4], [0, 0.1]], [[3, 4], [1, 1], [0, 0]], [3, 4], [0, 0]);
    expect(gap).toBeCloseTo(0.1, 14);
  });
});
