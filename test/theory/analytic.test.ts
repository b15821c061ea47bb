// Analytic kernels vs hand-computed values (arithmetic in the comments) and vs Monte-Carlo
// estimates from wide random networks drawn in the matching parameterization.
import { describe, expect, it } from 'vitest';
import { analyticKernels, dualActivation, type AnalyticSpec } from '../../src/theory/analytic.js';
import { empiricalNngp, empiricalNtk, relativeFrobeniusDistance } from '../../src/theory/empirical.js';
import { frobenius, frobeniusDiff } from '../../src/theory/linalg.js';
import { randomMlp } from '../../src/theory/mlp.js';
import { createRng } from '../../src/theory/rng.js';

const close = (a: number[][], b: number[][], tol: number): void => {
  a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, -Math.log10(tol))));
};

describe('analyticKernels: hand-computed values (tolerance 1e-12)', () => {
  it('relu, depth 1, σ_w = 1, σ_b = 0, x = (1,0), x\' = (0,1)', () => {
    // Σ¹ = x·x'/d: Σ¹(x,x) = Σ¹(x',x') = 1/2, Σ¹(x,x') = 0; Θ¹ = Σ¹.
    // Off-diagonal: cos θ = 0 → θ = π/2; E[σσ] = √(1/4)(sin θ + (π−θ)cos θ)/(2π) = (1/2)(1)/(2π) = 1/(4π);
    //   E[σ'σ'] = (π − π/2)/(2π) = 1/4. Σ² = 1/(4π); Θ² = Θ¹·Σ̇² + Σ² = 0·(1/4) + 1/(4π) = 1/(4π).
    // Diagonal: θ = 0; E[σσ] = (1/2)(0 + π)/(2π) = 1/4; E[σ'σ'] = 1/2. Σ² = 1/4; Θ² = (1/2)(1/2) + 1/4 = 1/2.
    const k = analyticKernels([[1, 0], [0, 1]], undefined, { activation: 'relu', depth: 1, sigmaW: 1, sigmaB: 0 });
    const c = 1 / (4 * Math.PI);
    close(k.nngp, [[0.25, c], [c, 0.25]], 1e-12);
    close(k.ntk, [[0.5, c], [c, 0.5]], 1e-12);
  });

  it('relu, depth 1, σ_w² = 2, σ_b = 0, x = (1,0), x\' = (1,1)', () => {
    // Σ¹(x,x) = 2·1/2 = 1, Σ¹(x',x') = 2·2/2 = 2, Σ¹(x,x') = 2·1/2 = 1; cos θ = 1/√2, θ = π/4.
    // E[σσ] = √2 (√2/2 + (3π/4)(√2/2))/(2π) = (1 + 3π/4)/(2π) = 1/(2π) + 3/8 → Σ² = 2E = 1/π + 3/4.
    // E[σ'σ'] = (3π/4)/(2π) = 3/8 → Σ̇² = 3/4; Θ² = 1·3/4 + 1/π + 3/4 = 3/2 + 1/π.
    // Diagonals: relu with σ_w² = 2 preserves Σ: Σ²(x,x) = 1, Σ²(x',x') = 2; Σ̇² = 2·1/2 = 1,
    //   so Θ²(x,x) = 1·1 + 1 = 2 and Θ²(x',x') = 2·1 + 2 = 4.
    const k = analyticKernels([[1, 0], [1, 1]], undefined, { activation: 'relu', depth: 1, sigmaW: Math.SQRT2, sigmaB: 0 });
    close(k.nngp, [[1, 1 / Math.PI + 0.75], [1 / Math.PI + 0.75, 2]], 1e-12);
    close(k.ntk, [[2, 1.5 + 1 / Math.PI], [1.5 + 1 / Math.PI, 4]], 1e-12);
  });

  it('relu, depth 2 continues the recursion (same inputs as above)', () => {
    // Level 2 from above: Σ² = [[1, 1/π+3/4], [·, 2]], Θ² = [[2, 3/2+1/π], [·, 4]].
    // Off-diagonal at level 3: s = √(1·2) = √2, cos θ₂ = (1/π + 3/4)/√2.
    const s = Math.SQRT2, c2 = (1 / Math.PI + 0.75) / s, t2 = Math.acos(c2);
    const e = (s * (Math.sin(t2) + (Math.PI - t2) * c2)) / (2 * Math.PI);
    const eDot = (Math.PI - t2) / (2 * Math.PI);
    // Σ³ = 2E, Θ³ = Θ²·2E' + Σ³; diagonals: Σ³ = Σ², Θ³(x,x) = 2·1 + 1 = 3, Θ³(x',x') = 4 + 2 = 6.
    const k = analyticKernels([[1, 0], [1, 1]], undefined, { activation: 'relu', depth: 2, sigmaW: Math.SQRT2, sigmaB: 0 });
    close(k.nngp, [[1, 2 * e], [2 * e, 2]], 1e-12);
    close(k.ntk, [[3, (1.5 + 1 / Math.PI) * 2 * eDot + 2 * e], [(1.5 + 1 / Math.PI) * 2 * eDot + 2 * e, 6]], 1e-12);
  });

  it('erf, depth 1, σ_w = 1, σ_b = 0, x = (1,0), x\' = (0,1)', () => {
    // Σ¹ = diag(1/2, 1/2); (1 + 2Σxx)(1 + 2Σx'x') = 2·2 = 4.
    // Off-diagonal: E[erf erf] = (2/π) arcsin(0) = 0; E[erf' erf'] = (4/π)/√(4 − 0) = 2/π; Θ² = 0·2/π + 0 = 0.
    // Diagonal: E = (2/π) arcsin(2·(1/2)/√4) = (2/π)(π/6) = 1/3; E' = (4/π)/√(4 − 4·1/4) = 4/(π√3);
    //   Σ² = 1/3, Θ² = (1/2)·4/(π√3) + 1/3 = 2/(π√3) + 1/3.
    const k = analyticKernels([[1, 0], [0, 1]], undefined, { activation: 'erf', depth: 1, sigmaW: 1, sigmaB: 0 });
    const d = 2 / (Math.PI * Math.sqrt(3)) + 1 / 3;
    close(k.nngp, [[1 / 3, 0], [0, 1 / 3]], 1e-12);
    close(k.ntk, [[d, 0], [0, d]], 1e-12);
  });

  it('depth 0 is the linear model: Σ¹ = Θ¹ = σ_w² x·x\'/d + σ_b²', () => {
    const k = analyticKernels([[1, 2], [3, -1]], undefined, { activation: 'relu', depth: 0, sigmaW: 2, sigmaB: 0.5 });
    // x·x = 5, x'·x' = 10, x·x' = 1; d = 2 → 4·5/2 + 0.25 = 10.25, 4·10/2 + .25 = 20.25, 4·1/2 + .25 = 2.25.
    close(k.nngp, [[10.25, 2.25], [2.25, 20.25]], 1e-12);
    close(k.ntk, k.nngp, 1e-15);
  });

  it('erf dual stays finite for identical inputs (atan2 form) and rejects bad specs', () => {
    expect(Number.isFinite(dualActivation('erf', 1e8, 1e8, 1e8).e)).toBe(true);
    expect(() => analyticKernels([[1]], undefined, { activation: 'relu', depth: 1.5, sigmaW: 1, sigmaB: 0 })).toThrow(/depth/);
  });
});

interface McEstimate { mean: number[][]; /** ‖standard error of the mean‖_F */ se: number }

/** Mean over seeds of a per-network kernel, with the Frobenius norm of its standard error. */
function seedMean(draws: number[][][]): McEstimate {
  const S = draws.length;
  const mean = draws[0]!.map((row, i) => row.map((_, j) => draws.reduce((s, d) => s + d[i]![j]!, 0) / S));
  let se2 = 0;
  mean.forEach((row, i) => row.forEach((m, j) => {
    se2 += draws.reduce((s, d) => s + (d[i]![j]! - m) ** 2, 0) / (S - 1) / S;
  }));
  return { mean, se: Math.sqrt(se2) };
}

/** Empirical NTK and NNGP of `seeds` random networks with `width` units per hidden layer. */
function monteCarlo(x: number[][], spec: AnalyticSpec, width: number, seeds: number) {
  const hidden = new Array<number>(spec.depth).fill(width);
  const ntk: number[][][] = [], nngp: number[][][] = [];
  for (let s = 0; s < seeds; s++) {
    const mlp = randomMlp({
      inputDim: x[0]!.length, hidden, outputDim: 1, activation: spec.activation,
      sigmaW: spec.sigmaW, sigmaB: spec.sigmaB, bias: spec.bias ?? spec.sigmaB > 0, convention: spec.convention,
    }, createRng(1000 + s));
    ntk.push(empiricalNtk(mlp, x));
    nngp.push(empiricalNngp(mlp, x, x, spec.sigmaW, spec.sigmaB));
  }
  return { ntk: seedMean(ntk), nngp: seedMean(nngp) };
}

/** ‖mean − exact‖_F within 3.5 standard errors (Frobenius) and within 5% of ‖exact‖_F. */
function expectAgreement(mc: McEstimate, exact: number[][]): void {
  const dist = frobeniusDiff(mc.mean, exact);
  expect(dist).toBeLessThan(3.5 * mc.se);
  expect(dist / frobenius(exact)).toBeLessThan(0.05);
}

describe('analyticKernels vs Monte-Carlo over wide random networks', () => {
  const x = [[1, 0, 0.5], [0.2, -1, 0.3], [-0.7, 0.4, 1.1], [0.5, 0.5, -0.5]];
  // The empirical kernels fluctuate with relative std O(1/√width) per seed (and carry an O(1/width)
  // bias). Tolerance: the seed mean is within 3.5 standard errors (estimated from the seed-to-seed
  // spread, Frobenius norm over entries) and within 5% relative Frobenius; observed 0.6–2.7%.
  // (NNGP here is σ_w² a·a'/m + σ_b² of the last hidden features, i.e. the readout averaged
  // exactly; that formula is the standard-normal one, so the NNGP is only compared there — in
  // variance-in-weights the readout bias adds σ_b²/m.)
  const cases: [string, AnalyticSpec][] = [
    ['relu L=1 σ_b=0', { activation: 'relu', depth: 1, sigmaW: 1.4, sigmaB: 0 }],
    ['relu L=2 σ_b=0.3', { activation: 'relu', depth: 2, sigmaW: 1.2, sigmaB: 0.3 }],
    ['erf L=1 σ_b=0.5', { activation: 'erf', depth: 1, sigmaW: 1.5, sigmaB: 0.5 }],
    ['erf L=2 σ_b=0', { activation: 'erf', depth: 2, sigmaW: 2, sigmaB: 0 }],
    ['relu L=2 variance-in-weights', { activation: 'relu', depth: 2, sigmaW: 1.3, sigmaB: 0.4, convention: 'variance-in-weights' }],
    ['erf L=1 variance-in-weights', { activation: 'erf', depth: 1, sigmaW: 1.5, sigmaB: 0.6, convention: 'variance-in-weights' }],
  ];
  for (const [name, spec] of cases) {
    it(name, () => {
      // Cost grows as width² for depth ≥ 2, so deeper nets use narrower widths and more seeds.
      const mc = spec.depth === 1 ? monteCarlo(x, spec, 4096, 8) : monteCarlo(x, spec, 1024, 12);
      const exact = analyticKernels(x, undefined, spec);
      expectAgreement(mc.ntk, exact.ntk);
      if (spec.convention !== 'variance-in-weights') expectAgreement(mc.nngp, exact.nngp);
    });
  }

  it('the two conventions differ when σ_w ≠ 1 (the NTK is not a function of the forward law alone)', () => {
    const base = { activation: 'relu' as const, depth: 1, sigmaW: 2, sigmaB: 0 };
    const a = analyticKernels(x, undefined, base).ntk;
    const b = analyticKernels(x, undefined, { ...base, convention: 'variance-in-weights' }).ntk;
    expect(relativeFrobeniusDistance(b, a)).toBeGreaterThan(0.1);
  });
});
