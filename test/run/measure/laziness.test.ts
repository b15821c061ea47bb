// κ(w0) as a measurement against a model whose Hessian is known in closed form: a two-layer
// linear network h(x) = c2·c1·x W1 W2 (identity activation, no bias). The Hessian of <u, h> has
// only the W1–W2 cross blocks B[(p,j), j'] = c1 c2 g_p δ_{jj'}, g = Xᵀu, so ‖D²h‖ = c1 c2 ‖Xᵀu‖;
// λ_max(Θ_h) from the float64 Jacobian contraction. Tolerance 1e-4 relative (float32 data and
// kernel; the central differences are exact for this quadratic model).

import { beforeAll, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { makeDataset } from '../../../src/run/data/index.js';
import { initParams } from '../../../src/run/model/params.js';
import { rowsOf, toTheoryMlp } from '../../../src/run/measure/common.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import { jacobianNtk } from '../../../src/theory/empirical.js';
import { kernelSpectrum } from '../../../src/theory/linearize.js';
import { forward } from '../../../src/theory/mlp.js';
import { makeCell } from '../helpers.js';

beforeAll(async () => { await initBackend('cpu'); });

test('κ of a two-layer linear network matches the closed-form Hessian norm (relative 1e-4)', async () => {
  const alpha = 3, m = 6, d = 5;
  const cell = makeCell({
    model: { hidden: [m], activation: 'identity', multipliers: [1 / Math.sqrt(d), 1 / Math.sqrt(m)], outputScale: alpha },
    train: { steps: 2 },
    measure: [{ name: 'kappa', options: { iterations: 50 } }],
  });
  const r = await trainCell(cell, await initBackend('cpu'));
  const kappa = r.records.filter((x) => x.measurement === 'kappa');
  expect(kappa.map((x) => x.step)).toEqual([0]);

  const data = makeDataset(cell.data, cell.train.loss, 1);
  const mlp = toTheoryMlp(cell.model, initParams(cell.model, cell.seed));
  const x = rowsOf(data.train.x, data.train.n, d);
  const h = forward({ ...mlp, outputScale: 1 }, x).output.map((row) => row[0]!);
  const res = h.map((v, i) => alpha * v - data.train.y[i]!);
  const resNorm = Math.hypot(...res);
  const g = Array.from({ length: d }, (_, p) => x.reduce((s, xi, i) => s + xi[p]! * res[i]! / resNorm, 0));
  const hessNorm = (1 / Math.sqrt(d)) * (1 / Math.sqrt(m)) * Math.hypot(...g);
  const lambdaMax = kernelSpectrum(jacobianNtk({ ...mlp, outputScale: 1 }, x)).lambdaMax;
  const expected = (resNorm / alpha) * hessNorm / lambdaMax;
  expect(Math.abs(kappa[0]!.value! - expected) / expected).toBeLessThan(1e-4);
});

test('κ falls with the output scale α (Chizat: κ = O(1/α) for a fixed target scale)', async () => {
  const kappaAt = async (alpha: number): Promise<number> => {
    const cell = makeCell({ model: { outputScale: alpha, init: { frozenCopy: true } }, train: { steps: 1 }, measure: [{ name: 'kappa', options: {} }] });
    const r = await trainCell(cell, await initBackend('cpu'));
    return r.records.find((x) => x.measurement === 'kappa')!.value!;
  };
  const [k1, k10] = [await kappaAt(1), await kappaAt(10)];
  // Frozen copy: h(w0) − h0 = 0, so the residual is y for every α and κ ∝ 1/α exactly.
  expect(k10 / k1).toBeCloseTo(0.1, 3);
});

test('κ is refused with a reason when the power iteration would exceed the cost budget', async () => {
  const cell = makeCell({ data: { nTrain: 4000 }, model: { hidden: [8192], multipliers: [1 / Math.sqrt(5), 1 / Math.sqrt(8192)] }, train: { steps: 1 }, measure: [{ name: 'kappa', options: {} }] });
  const { planMeasurements } = await import('../../../src/run/train/trainCell.js');
  expect(planMeasurements(cell).notes[0]).toMatch(/skipped measurement kappa: κ would need .* multiply–adds/);
});
