// End to end over the theory layer: the empirical NTK of random NTK-parameterized nets approaches
// the analytic NTK at rate m^{−1/2} (Jacot et al. 2018; science.md §5), measured with fitPowerLaw.
import { describe, expect, it } from 'vitest';
import { analyticKernels, type AnalyticSpec } from '../../src/theory/analytic.js';
import { empiricalNtk, relativeFrobeniusDistance } from '../../src/theory/empirical.js';
import { agreesWith, fitPowerLaw } from '../../src/theory/fit.js';
import { randomMlp } from '../../src/theory/mlp.js';
import { createRng } from '../../src/theory/rng.js';

describe('‖Θ_m − Θ_∞‖_F/‖Θ_∞‖_F ∝ m^{−1/2}', () => {
  it('relu, depth 1: fitted slope within 0.12 of −0.5 over 8 seeds, widths 32…2048', () => {
    // The distance of a single draw fluctuates by O(1) of its own size, so per-seed slopes are
    // noisy; pooled over 8 seeds × 7 widths the slope's standard error is ≈ 0.04. Tolerance 0.12
    // (3 SE), and the bootstrap interval must contain −0.5.
    const spec: AnalyticSpec = { activation: 'relu', depth: 1, sigmaW: 1.4, sigmaB: 0.3 };
    const x = [[1, 0, 0.5], [0.2, -1, 0.3], [-0.7, 0.4, 1.1], [0.5, 0.5, -0.5], [0, 1, 1]];
    const exact = analyticKernels(x, undefined, spec).ntk;
    const widths = [32, 64, 128, 256, 512, 1024, 2048];
    const series = Array.from({ length: 8 }, (_, s) => ({
      x: widths,
      y: widths.map((m) => {
        const mlp = randomMlp({ inputDim: 3, hidden: [m], outputDim: 1, activation: 'relu', sigmaW: 1.4, sigmaB: 0.3, bias: true }, createRng(s * 7919 + m));
        return relativeFrobeniusDistance(empiricalNtk(mlp, x), exact);
      }),
    }));
    const fit = fitPowerLaw(series, { resamples: 500 });
    expect(Math.abs(fit.estimate + 0.5)).toBeLessThan(0.12);
    // Observed: −0.52, 95% interval [−0.60, −0.45].
    expect(agreesWith(fit, -0.5, 0)).toBe(true);
  });
});
