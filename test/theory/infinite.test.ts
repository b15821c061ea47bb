// Infinite-width dynamics (src/theory/infinite.ts) against independent computations: a 2 × 2 case
// worked by hand, explicit gradient-descent steps of the kernel recursion (exact up to rounding),
// explicit Euler steps of the gradient-flow ODE (first-order in the step), and the t → ∞ limit as a
// linear solve. Tolerances are stated at each assertion.

import { describe, expect, test } from 'vitest';
import { analyticKernel } from '../../src/theory/analytic.js';
import { halfMse, infiniteWidthDynamics, infiniteWidthKernels, infiniteWidthMisfit, relativeDistance } from '../../src/theory/infinite.js';
import { matvec } from '../../src/theory/linalg.js';
import { makeCell } from '../run/helpers.js';
import { cellFlops, cellPeakBytes } from '../../src/plan/cost.js';
import * as M from '../../src/messages/index.js';

const close = (a: number, b: number, tol: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

describe('2 × 2 by hand: Θ = [[3, 1], [1, 3]] (λ = 4 on (1,1)/√2, 2 on (1,−1)/√2), n = 2', () => {
  const base = {
    thetaTrain: [[3, 1], [1, 3]], thetaTestTrain: [[2, 0]], y: [0, 0], yTest: [1],
    f0Train: [1, 0], f0Test: [3],
  };
  test('gd: ηs/n = 1/8 gives the filters 1/2 and 3/4 per step (η = 1, s = 1/4: the time scale multiplies η)', () => {
    const out = infiniteWidthDynamics({ ...base, lr: 1, timeScale: 0.25, steps: [0, 2] });
    // r_2 = ½(1/2)²(1,1) + ½(3/4)²(1,−1) = (0.40625, −0.15625); f*_2 = 3 − 2·w_1 with
    // w = ½[(1 − 1/4)/4 (1,1) + (1 − 9/16)/2 (1,−1)] = (0.203125, −0.015625).  Rounding of the
    // eigenvectors only: 1e-14.
    close(out.train[0]![0]!, 1, 1e-14);
    close(out.train[0]![1]!, 0, 1e-14);
    close(out.train[1]![0]!, 0.40625, 1e-14);
    close(out.train[1]![1]!, -0.15625, 1e-14);
    close(out.test[1]![0]!, 3 - 0.40625, 1e-14);
    close(out.trainLoss[1]!, (0.40625 ** 2 + 0.15625 ** 2) / 4, 1e-14);
    close(out.testLoss[1]!, (2 - 0.40625) ** 2 / 2, 1e-14);
  });
  test('flow: r_t = ½e^{−t/2}(1,1) + ½e^{−t/4}(1,−1) at ηs = 1/4, t = 4 (1e-14)', () => {
    const out = infiniteWidthDynamics({ ...base, lr: 0.25, steps: [4], dynamics: 'flow' });
    const a = 0.5 * Math.exp(-2), b = 0.5 * Math.exp(-1);
    close(out.train[0]![0]!, a + b, 1e-14);
    close(out.train[0]![1]!, a - b, 1e-14);
    // w = ½[(1 − e^{−2})/4 (1,1) + (1 − e^{−1})/2 (1,−1)]; f* = 3 − 2 w_1.
    const w1 = 0.5 * ((1 - Math.exp(-2)) / 4 + (1 - Math.exp(-1)) / 2);
    close(out.test[0]![0]!, 3 - 2 * w1, 1e-14);
  });
});

/** A relu NTK on 7 random points in R^3 (5 train, 2 test), with random labels and f0. */
function randomCase(): { thetaTrain: number[][]; thetaTestTrain: number[][]; y: number[]; yTest: number[]; f0Train: number[]; f0Test: number[] } {
  let s = 12345;
  const u = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const x = Array.from({ length: 7 }, () => [u(), u(), u()]);
  const spec = { activation: 'relu' as const, depth: 2, sigmaW: 1.3, sigmaB: 0.2 };
  return {
    thetaTrain: analyticKernel('ntk', x.slice(0, 5), undefined, spec),
    thetaTestTrain: analyticKernel('ntk', x.slice(5), x.slice(0, 5), spec),
    y: [u(), u(), u(), u(), u()], yTest: [u(), u()], f0Train: [u(), u(), u(), u(), u()], f0Test: [u(), u()],
  };
}

test('gd equals explicit steps r ← r − (ηs/n)Θr, f* ← f* − (ηs/n)Θ*r (relative 1e-10 after 200 steps)', () => {
  const c = randomCase();
  const lr = 1.7, scale = 0.8, n = 5, steps = [0, 1, 7, 50, 200];
  const out = infiniteWidthDynamics({ ...c, lr, timeScale: scale, steps });
  let r = c.f0Train.map((f, i) => f - c.y[i]!);
  let fs = c.f0Test.slice();
  for (let t = 0; t <= 200; t++) {
    const k = steps.indexOf(t);
    if (k >= 0) {
      r.forEach((ri, i) => close(out.train[k]![i]!, ri + c.y[i]!, 1e-10 * (1 + Math.abs(ri))));
      fs.forEach((v, i) => close(out.test[k]![i]!, v, 1e-10 * (1 + Math.abs(v))));
      close(out.trainLoss[k]!, halfMse(r.map((ri, i) => ri + c.y[i]!), c.y), 1e-12);
    }
    const tr = matvec(c.thetaTrain, r), ts = matvec(c.thetaTestTrain, r);
    fs = fs.map((v, i) => v - ((lr * scale) / n) * ts[i]!);
    r = r.map((v, i) => v - ((lr * scale) / n) * tr[i]!);
  }
});

/** Explicit Euler on df/dt = −(η/n)Θ(f − y), d f(X*)/dt = −(η/n)Θ(X*, X)(f − y) up to time T. */
function euler(c: ReturnType<typeof randomCase>, lr: number, T: number, dt: number): { f: number[]; fs: number[] } {
  let f = c.f0Train.slice(), fs = c.f0Test.slice();
  const n = f.length;
  for (let k = 0; k < Math.round(T / dt); k++) {
    const r = f.map((v, i) => v - c.y[i]!);
    const tr = matvec(c.thetaTrain, r), ts = matvec(c.thetaTestTrain, r);
    f = f.map((v, i) => v - dt * (lr / n) * tr[i]!);
    fs = fs.map((v, i) => v - dt * (lr / n) * ts[i]!);
  }
  return { f, fs };
}

test('flow equals explicit Euler steps of the kernel ODE (2e-3 of the scale at dt = 1e-3; error halves with dt)', () => {
  const c = randomCase();
  const lr = 0.9, T = 30;
  const out = infiniteWidthDynamics({ ...c, lr, steps: [T], dynamics: 'flow' });
  const exact = [...out.train[0]!, ...out.test[0]!];
  const err = (dt: number): number => {
    const e = euler(c, lr, T, dt);
    return Math.max(...[...e.f, ...e.fs].map((v, i) => Math.abs(v - exact[i]!)));
  };
  // Euler's global error is ≈ (dt/2)·T·λ_max²(η/n)²·‖r‖ ≲ 1e-3 here; 2e-3 of the scale leaves margin.
  const scale = Math.max(...c.f0Train.map(Math.abs), ...c.y.map(Math.abs));
  const e1 = err(1e-3), e2 = err(2e-3);
  expect(e1).toBeLessThan(2e-3 * scale);
  // First-order convergence to the closed form: doubling dt doubles the error (ratio 2 ± 0.2).
  close(e2 / e1, 2, 0.2);
});

test('t → ∞ interpolates: f_∞(X) = y and f_∞(X*) = f0(X*) + Θ*Θ⁻¹(y − f0(X)) (1e-9)', () => {
  const c = randomCase();
  const out = infiniteWidthDynamics({ ...c, lr: 1, steps: [Infinity] });
  out.train[0]!.forEach((v, i) => close(v, c.y[i]!, 1e-9));
  // Solve Θ w = y − f0 by Gaussian elimination (independent of the eigendecomposition).
  const a = c.thetaTrain.map((row, i) => [...row, c.y[i]! - c.f0Train[i]!]);
  for (let p = 0; p < 5; p++) {
    for (let i = p + 1; i < 5; i++) {
      const m = a[i]![p]! / a[p]![p]!;
      for (let j = p; j <= 5; j++) a[i]![j]! -= m * a[p]![j]!;
    }
  }
  const w = new Array<number>(5).fill(0);
  for (let i = 4; i >= 0; i--) w[i] = (a[i]![5]! - a[i]!.slice(i + 1, 5).reduce((s, v, j) => s + v * w[i + 1 + j]!, 0)) / a[i]![i]!;
  const shift = matvec(c.thetaTestTrain, w);
  out.test[0]!.forEach((v, i) => close(v, c.f0Test[i]! + shift[i]!, 1e-9));
  // No test labels, no test losses.
  expect(infiniteWidthDynamics({ ...c, yTest: undefined, lr: 1, steps: [1] }).testLoss).toEqual([]);
});

test('relativeDistance is ‖a − b‖ / ‖f0 − y‖', () => {
  expect(relativeDistance([3, 4], [0, 0], [1, 1], [1, 3])).toBe(2.5);
});

test('infiniteWidthKernels: α² times the analytic NTK of h, time scale 1/α²', () => {
  const cell = makeCell({ model: { outputScale: 3 } });
  const x = [[1, 0, 0, 0, 0], [0.6, 0.8, 0, 0, 0]];
  const k = infiniteWidthKernels(cell.model, x, x.slice(1));
  const h = analyticKernel('ntk', x, undefined, { activation: 'relu', depth: 1, sigmaW: 1, sigmaB: 0, convention: 'variance-in-weights', bias: false });
  k.thetaTrain.forEach((row, i) => row.forEach((v, j) => close(v, 9 * h[i]![j]!, 1e-15)));
  close(k.thetaTestTrain[0]![0]!, 9 * h[1]![0]!, 1e-15);
  expect(k.timeScale).toBeCloseTo(1 / 9, 15);
});

describe('infiniteWidthMisfit: where the theory does not apply, and why', () => {
  const misfit = (over: Parameters<typeof makeCell>[0]): string | null => {
    const c = makeCell(over);
    return infiniteWidthMisfit(c.model, c.train, c.data);
  };
  test('applies to the NTK relu cell trained by gd on mse', () => expect(misfit({})).toBeNull());
  test('refuses other losses, optimizers, heads, activations, parameterizations and large n', () => {
    expect(misfit({ train: { loss: 'bce' } })).toBe(M.infiniteNeedsMse('mlp', 'bce'));
    expect(misfit({ train: { optimizer: { kind: 'sgd', lr: 0.1, batch: 8 } } })).toBe(M.infiniteNeedsGd('mlp', 'sgd'));
    expect(misfit({ model: { head: 'softmax', outputDim: 3 } })).toBe(M.infiniteNeedsScalarHead('mlp', 'softmax'));
    expect(misfit({ data: { nTrain: 5000 } })).toBe(M.infiniteTooManyPoints(5000, 4096));
    expect(misfit({ model: { activation: 'tanh' } })).toMatch(/no analytic infinite-width NTK here: .*tanh/);
    expect(misfit({ model: { parameterization: 'standard', multipliers: [1, 1] } })).toMatch(/NTK multipliers/);
    expect(misfit({ model: { init: { layers: [{ kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }], symmetrized: true, frozenCopy: false } } })).toMatch(/symmetrized/);
  });
});

test('the plan\'s cost estimate counts the O(n³) eigendecomposition and the n × n blocks', () => {
  const plain = makeCell({ data: { nTrain: 1000, nTest: 200 }, train: { steps: 10, log: { kind: 'every', every: 5 } } });
  const withInf = makeCell({ ...plain, measure: [...plain.measure, { name: 'infinite_width', options: {} }] });
  // 3 logs; pairs 1200·1000 at 6·5 + 30·2 flops; 10·1000³; 3·(4·1000² + 2·200·1000).
  const extra = 1200 * 1000 * (30 + 60) + 1e10 + 3 * (4e6 + 4e5);
  expect(cellFlops(withInf) - cellFlops(plain)).toBe(extra);
  expect(cellPeakBytes(withInf) - cellPeakBytes(plain)).toBe(8 * (2 * 1000 ** 2 + 200 * 1000));
});
