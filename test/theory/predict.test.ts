// Infinite-width predictions against a direct linear solve (ml-matrix LU) of K(X,X) a = y.
import { describe, expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { analyticKernels, type AnalyticSpec } from '../../src/theory/analytic.js';
import { predictInfiniteWidth, predictKernelRegression } from '../../src/theory/predict.js';
import { matvec } from '../../src/theory/linalg.js';

const xTrain = [[1, 0.2], [0.3, -0.8], [-0.6, 0.9], [0.5, 0.5], [-1, -0.4]];
const yTrain = [0.5, -1, 0.3, 0.8, -0.2];
const xTest = [[0.1, 0.1], [0.9, -0.3]];
const spec: AnalyticSpec = { activation: 'relu', depth: 2, sigmaW: 1.4, sigmaB: 0.2 };

const direct = (kind: 'ntk' | 'nngp', ridge = 0): number[] => {
  const k = analyticKernels(xTrain, undefined, spec)[kind].map((r, i) => r.map((v, j) => v + (i === j ? ridge : 0)));
  const a = solve(new Matrix(k), Matrix.columnVector(yTrain)).getColumn(0);
  return matvec(analyticKernels(xTest, xTrain, spec)[kind], a);
};

describe('predictInfiniteWidth (tolerance 1e-9 absolute on O(1) predictions)', () => {
  for (const kind of ['ntk', 'nngp'] as const) {
    it(`${kind}: t → ∞ equals K(x*, X) K(X, X)^{-1} y`, () => {
      const p = predictInfiniteWidth({ xTrain, yTrain, xTest, spec, kind, times: [Infinity] });
      p.test[0]!.forEach((v, i) => expect(v).toBeCloseTo(direct(kind)[i]!, 9));
      p.train[0]!.forEach((v, i) => expect(v).toBeCloseTo(yTrain[i]!, 9));
    });
  }

  it('t = 0 predicts the prior mean 0; a long flow approaches the t = ∞ limit; gd at large t too', () => {
    const p = predictInfiniteWidth({ xTrain, yTrain, xTest, spec, kind: 'ntk', times: [0, 1e7], lr: 1 });
    expect(p.test[0]).toEqual([0, 0]);
    p.test[1]!.forEach((v, i) => expect(v).toBeCloseTo(direct('ntk')[i]!, 6));
    const g = predictInfiniteWidth({ xTrain, yTrain, xTest, spec, kind: 'ntk', times: [1e7], lr: 1, dynamics: 'gd' });
    g.test[0]!.forEach((v, i) => expect(v).toBeCloseTo(direct('ntk')[i]!, 6));
  });

  it('ridge adds observation noise: (K + ρI)^{-1}', () => {
    const p = predictInfiniteWidth({ xTrain, yTrain, xTest, spec, kind: 'nngp', times: [Infinity], ridge: 0.1 });
    p.test[0]!.forEach((v, i) => expect(v).toBeCloseTo(direct('nngp', 0.1)[i]!, 9));
  });

  it('a singular kernel uses the pseudo-inverse at t = ∞ (duplicate training point)', () => {
    // K = [[1, 1], [1, 1]] (two copies of one point), y = (1, 3): the least-norm fit predicts the mean 2.
    const p = predictKernelRegression({ kTrain: [[1, 1], [1, 1]], kTestTrain: [[1, 1]], y: [1, 3], times: [Infinity] });
    expect(p.test[0]![0]).toBeCloseTo(2, 12);
  });
});
