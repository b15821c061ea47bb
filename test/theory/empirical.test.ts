// Empirical NTK: the per-layer factorization against the explicit Jacobian contraction J Jᵀ,
// and the explicit Jacobian against central finite differences of the forward pass.
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type Activation } from '../../src/theory/activations.js';
import {
  empiricalNtk, empiricalNtkLayers, empiricalNtkPerOutput, jacobian, jacobianNtk,
  ntkRelativeChange, relativeFrobeniusDistance,
} from '../../src/theory/empirical.js';
import { flattenParams, forward, type Mlp, withParams } from '../../src/theory/mlp.js';
import { frobeniusDiff, frobenius } from '../../src/theory/linalg.js';
import { createRng } from '../../src/theory/rng.js';

type Param = 'standard' | 'ntk' | 'mean_field' | 'custom';

/** A small net 3 → 5 → 4 → out with multipliers per the parameterization (cell.ts conventions). */
function smallNet(act: Activation, param: Param, bias: boolean, out = 1, seed = 7): Mlp {
  const rng = createRng(seed);
  const dims = [3, 5, 4, out];
  const layers = dims.slice(1).map((fanOut, l) => {
    const fanIn = dims[l]!;
    const mult = {
      standard: 1,
      ntk: 1 / Math.sqrt(fanIn),
      mean_field: l === dims.length - 2 ? 1 / fanIn : 1,
      custom: [0.7, 1.9, 0.3][l]!,
    }[param];
    const std = param === 'standard' ? 1 / Math.sqrt(fanIn) : 1;
    return {
      W: Array.from({ length: fanIn }, () => Array.from({ length: fanOut }, () => std * rng.normal())),
      b: bias ? Array.from({ length: fanOut }, () => 0.3 * rng.normal()) : null,
      multiplier: mult,
      biasFactor: param === 'custom' ? 2.5 : undefined,
    };
  });
  return { layers, activation: act, outputScale: param === 'custom' ? 3 : 1 };
}

const X = [[0.3, -1.2, 0.8], [1.1, 0.4, -0.6], [-0.5, 0.9, 0.2], [0.7, 0.7, 1.3]];
const X2 = [[0.1, 0.2, -0.3], [-1, 0.5, 0.5]];

describe('factorized NTK == brute-force J Jᵀ (relative Frobenius 1e-10, float64)', () => {
  for (const act of ACTIVATIONS) {
    for (const param of ['standard', 'ntk', 'mean_field', 'custom'] as const) {
      for (const bias of [false, true]) {
        it(`${act} ${param} bias=${bias}`, () => {
          const mlp = smallNet(act, param, bias);
          const fact = empiricalNtk(mlp, X);
          expect(relativeFrobeniusDistance(fact, jacobianNtk(mlp, X))).toBeLessThan(1e-10);
          // Cross kernel Θ(X, X2) too.
          expect(relativeFrobeniusDistance(empiricalNtk(mlp, X, X2), jacobianNtk(mlp, X, X2))).toBeLessThan(1e-10);
        });
      }
    }
  }

  it('multi-output: per-output kernels match per-output Jacobians; trace is their sum', () => {
    const mlp = smallNet('tanh', 'ntk', true, 3);
    const { perOutput, trace } = empiricalNtkPerOutput(mlp, X);
    perOutput.forEach((k, o) => expect(relativeFrobeniusDistance(k, jacobianNtk(mlp, X, X, o))).toBeLessThan(1e-10));
    const sum = perOutput[0]!.map((r, i) => r.map((v, j) => v + perOutput[1]![i]![j]! + perOutput[2]![i]![j]!));
    expect(frobeniusDiff(trace, sum)).toBeLessThan(1e-12 * frobenius(sum));
  });

  it('the layers sum to the NTK, and the output scale α multiplies Θ by α²', () => {
    const mlp = smallNet('gelu', 'ntk', true);
    const parts = empiricalNtkLayers(mlp, X);
    expect(parts).toHaveLength(3);
    const scaled = empiricalNtk({ ...mlp, outputScale: 5 }, X);
    const base = empiricalNtk(mlp, X);
    expect(relativeFrobeniusDistance(scaled, base.map((r) => r.map((v) => 25 * v)))).toBeLessThan(1e-12);
  });
});

describe('Jacobian vs central finite differences (h = 1e-6; tolerance 1e-6 × max |J|)', () => {
  for (const act of ACTIVATIONS) {
    it(act, () => {
      const mlp = smallNet(act, 'custom', true);
      const J = jacobian(mlp, X);
      const w = flattenParams(mlp);
      const h = 1e-6;
      const scale = Math.max(...J.flatMap((r) => Array.from(r, Math.abs)));
      for (let p = 0; p < w.length; p++) {
        const plus = Float64Array.from(w); plus[p]! += h;
        const minus = Float64Array.from(w); minus[p]! -= h;
        const fp = forward(withParams(mlp, plus), X).output;
        const fm = forward(withParams(mlp, minus), X).output;
        X.forEach((_, i) => expect(Math.abs((fp[i]![0]! - fm[i]![0]!) / (2 * h) - J[i]![p]!)).toBeLessThan(1e-6 * scale));
      }
    });
  }
});

describe('kernel distances', () => {
  it('ntkRelativeChange = ‖Θt − Θ0‖_F/‖Θ0‖_F by hand', () => {
    // Θ0 = [[3, 0], [0, 4]] (‖·‖_F = 5), Θt − Θ0 = [[0, 1], [1, 0]] (‖·‖_F = √2) → √2/5.
    expect(ntkRelativeChange([[3, 0], [0, 4]], [[3, 1], [1, 4]])).toBeCloseTo(Math.SQRT2 / 5, 14);
    expect(relativeFrobeniusDistance([[3, 1], [1, 4]], [[3, 0], [0, 4]])).toBeCloseTo(Math.SQRT2 / 5, 14);
  });
});
