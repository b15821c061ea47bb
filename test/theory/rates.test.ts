// Predicted loss-decay rates: hand values, and the linearized rate against the slope of the
// closed-form linearized loss curve itself.
import { describe, expect, it } from 'vitest';
import { fitExponentialRate } from '../../src/theory/fit.js';
import { linearizedDynamics } from '../../src/theory/linearize.js';
import { linearizedLossRate, linearizedLossRateFromKernel, llzLambdaS, llzLossRate } from '../../src/theory/rates.js';

describe('linearizedLossRate', () => {
  it('by hand: λ_min = 1, η = 1, n = 4 → factor (3/4)² = 0.5625, rate −log 0.5625, flow rate 2/4', () => {
    const r = linearizedLossRate(1, 1, 4);
    expect(r.factorPerStep).toBeCloseTo(0.5625, 15);
    expect(r.ratePerStep).toBeCloseTo(-Math.log(0.5625), 15);
    expect(r.flowRate).toBeCloseTo(0.5, 15);
  });

  it('equals the late-time slope of log loss of the linearized model (tolerance 1e-6 relative)', () => {
    // Θ = diag(1, 2, 5) on n = 3 points, η = 0.3: slowest mode λ = 1 dominates at late times.
    const theta = [[1, 0, 0], [0, 2, 0], [0, 0, 5]];
    const steps = Array.from({ length: 20 }, (_, i) => 400 + 10 * i);
    const traj = linearizedDynamics({
      thetaTrain: theta, thetaTestTrain: [], f0Train: [1, 1, 1], f0Test: [], y: [0, 0, 0], lr: 0.3, steps,
    });
    const fit = fitExponentialRate([{ x: steps, y: traj.trainLoss }]);
    const pred = linearizedLossRateFromKernel(theta, 0.3).ratePerStep;
    expect(Math.abs(fit.estimate - pred) / pred).toBeLessThan(1e-6);
  });
});

describe('Li–Luo–Zhou rate (our reading, see rates.ts)', () => {
  it('r = η Σ_l κ²/α_l² · λ_S / n by hand', () => {
    // κ = 2, α = (1, 2, 4): Σ κ²/α² = 4 + 1 + 0.25 = 5.25; λ_S = 0.5, n = 10, η = 0.1 → 0.02625.
    const r = llzLossRate({ kappa: 2, alphas: [1, 2, 4], lambdaS: 0.5, n: 10, lr: 0.1 });
    expect(r.ratePerStep).toBeCloseTo(0.02625, 15);
    expect(r.flowRate).toBeCloseTo(0.2625, 15);
    expect(r.factorPerStep).toBeCloseTo(Math.exp(-0.02625), 15);
  });

  it('λ_S is the smallest λ_min over the per-layer Gram matrices', () => {
    expect(llzLambdaS([[[2, 1], [1, 2]], [[3, 0], [0, 0.5]]])).toBeCloseTo(0.5, 14);
  });
});
