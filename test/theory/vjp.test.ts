// Memory-light VJPs against the explicit Jacobian (Jᵀu from empirical.ts's jacobian, itself checked
// against finite differences), relative 1e-12; κ with a frozen ReLU pattern is insensitive to the
// finite-difference step (no kink crossings), relative 1e-6 across ε = 1e-3…1e-6.
import { expect, test } from 'vitest';
import { jacobian } from '../../src/theory/empirical.js';
import { chizatKappa } from '../../src/theory/laziness.js';
import { flattenParams, randomMlp } from '../../src/theory/mlp.js';
import { createRng } from '../../src/theory/rng.js';
import { mlpModelLight, mlpVjp } from '../../src/theory/vjp.js';
import { ACTIVATIONS } from '../../src/theory/activations.js';

const rng = createRng(3);
const x = Array.from({ length: 6 }, () => Array.from({ length: 3 }, () => rng.normal()));
const u = Array.from({ length: 6 }, () => rng.normal());

for (const activation of ACTIVATIONS) {
  test(`${activation}: mlpVjp = Jᵀu (relative 1e-12)`, () => {
    const mlp = randomMlp({ inputDim: 3, hidden: [5, 4], outputDim: 2, activation, sigmaW: 1.3, sigmaB: 0.2, bias: true, outputScale: 1 }, createRng(1));
    const J = jacobian({ ...mlp, outputScale: 1 }, x, 1);
    const expected = J[0]!.map((_, p) => J.reduce((s, row, i) => s + u[i]! * row[p]!, 0));
    const got = mlpVjp(mlp, x, u, 1);
    const err = Math.hypot(...got.map((g, p) => g - expected[p]!)) / Math.hypot(...expected);
    expect(err).toBeLessThan(1e-12);
  });
}

test('relu κ with the pattern frozen does not depend on the finite-difference step', () => {
  const mlp = randomMlp({ inputDim: 3, hidden: [40], outputDim: 1, activation: 'relu', sigmaW: 1, sigmaB: 0, bias: false, convention: 'variance-in-weights' }, createRng(2));
  const y = x.map((r) => Math.sin(r[0]!));
  const kappas = [1e-3, 1e-4, 1e-5, 1e-6].map((epsilon) =>
    chizatKappa(mlpModelLight(mlp, x), flattenParams(mlp), y, 1, { epsilon, maxIterations: 100, tolerance: 1e-10 }).kappa);
  for (const k of kappas) expect(Math.abs(k - kappas[0]!) / kappas[0]!).toBeLessThan(1e-6);
});
