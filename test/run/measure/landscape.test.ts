// Loss-landscape slices: grid² records with coordinates at the last step, the centre equals the
// final training loss (relative 1e-5, float32 forward), directions are layer-normalized (‖δ_l‖ =
// ‖W_l‖ to 1e-5), the same seed gives the same slice, and an over-budget grid is refused.

import { beforeAll, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { initParams } from '../../../src/run/model/params.js';
import { layerNormalizedDirection } from '../../../src/run/measure/landscape.js';
import { planMeasurements, trainCell } from '../../../src/run/train/trainCell.js';
import { makeCell } from '../helpers.js';

beforeAll(async () => { await initBackend('cpu'); });

const cell = makeCell({
  model: { bias: true, biasStd: 0.1 },
  train: { steps: 10 },
  measure: [{ name: 'train_loss', options: {} }, { name: 'loss_landscape', options: { grid: 3, span: 0.5 } }],
});

test('a 3 × 3 slice at the last step; the centre is the trained network', async () => {
  const r = await trainCell(cell, await initBackend('cpu'));
  const slice = r.records.filter((x) => x.measurement === 'landscape');
  expect(slice).toHaveLength(9);
  expect(slice.every((x) => x.step === 10)).toBe(true);
  expect(slice.map((x) => x.coords)).toContainEqual({ a: -0.5, b: 0.5 });
  const centre = slice.find((x) => x.coords!['a'] === 0 && x.coords!['b'] === 0)!.value!;
  const final = r.records.filter((x) => x.measurement === 'train_loss').pop()!.value!;
  expect(Math.abs(centre - final) / final).toBeLessThan(1e-5);
  expect(Math.max(...slice.map((x) => x.value!))).toBeGreaterThan(centre);
  const again = await trainCell(cell, await initBackend('cpu'));
  expect(again.records.filter((x) => x.measurement === 'landscape')).toEqual(slice);
});

test('directions have the Frobenius norm of each layer and zero bias components', () => {
  const params = initParams(cell.model, 3);
  const d = layerNormalizedDirection(params, 3, 'x');
  d.forEach((l, i) => {
    expect(Math.abs(Math.hypot(...l.w) / Math.hypot(...params[i]!.w) - 1)).toBeLessThan(1e-5);
    expect(Array.from(l.b!).every((v) => v === 0)).toBe(true);
  });
});

test('a grid over the cost budget is refused with a reason', () => {
  const big = makeCell({ data: { nTrain: 1000 }, model: { hidden: [4096], multipliers: [1, 1 / 64] }, measure: [{ name: 'loss_landscape', options: { grid: 101 } }] });
  expect(planMeasurements(big).notes[0]).toMatch(/skipped measurement loss_landscape: the slice would need/);
});
