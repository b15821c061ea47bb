// Loss-landscape slices of a layered network: grid² records at the last step whose centre is the
// trained network's loss (relative 1e-5: the same float32 forward), reproducible; every filter of
// a direction has the norm of that filter of the weights (1e-5) and bias directions are zero; and
// one off-centre point recomputed independently in float64 (src/theory/net forward pass, the
// shifted weights built by hand): relative 1e-4 for float32 forward passes of O(1) values.
import { beforeAll, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { makeDataset } from '../../../src/run/data/index.js';
import { initParams, type LayerParams } from '../../../src/run/model/params.js';
import { filterNormalizedDirection } from '../../../src/run/measure/landscape-layered.js';
import { flatParams, networkOf } from '../../../src/run/measure/ntk-layered.js';
import { findMeasurement } from '../../../src/run/measure/registry.js';
import type { TrainingState } from '../../../src/run/measure/types.js';
import { lossValue } from '../../../src/run/train/loss.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import { forwardSample } from '../../../src/theory/net/network.js';
import { cnnCell } from './layered-cells.js';

beforeAll(async () => { await initBackend('wasm'); });

const cell = cnnCell(3, { measure: [{ name: 'train_loss', options: {} }, { name: 'loss_landscape', options: { grid: 3, span: 0.5 } }] });

test('a 3 × 3 slice at the last step; the centre is the trained network; the same seed gives the same slice', async () => {
  const r = await trainCell(cell, await initBackend('wasm'));
  expect(r.notes).toEqual([]);
  const slice = r.records.filter((x) => x.measurement === 'landscape');
  expect(slice).toHaveLength(9);
  expect(slice.every((x) => x.step === cell.train.steps)).toBe(true);
  const centre = slice.find((x) => x.coords!['a'] === 0 && x.coords!['b'] === 0)!.value!;
  const final = r.records.filter((x) => x.measurement === 'train_loss').pop()!.value!;
  expect(Math.abs(centre - final) / final).toBeLessThan(1e-5);
  expect(Math.max(...slice.map((x) => x.value!))).toBeGreaterThan(centre);
  const again = await trainCell(cell, await initBackend('wasm'));
  expect(again.records.filter((x) => x.measurement === 'landscape')).toEqual(slice);
});

test('filter-normalized directions: each filter (column) has the norm of the weights\' filter; zero bias', () => {
  const params = initParams(cell.model, 3);
  const d = filterNormalizedDirection(params, 3, 'x');
  d.forEach((l, li) => {
    const p = params[li]!;
    for (let j = 0; j < p.fanOut; j++) {
      const col = (w: Float32Array): number => Math.hypot(...Array.from({ length: p.fanIn }, (_, i) => w[i * p.fanOut + j]!));
      expect(Math.abs(col(l.w) / col(p.w) - 1)).toBeLessThan(1e-5);
    }
    expect(Array.from(l.b!).every((v) => v === 0)).toBe(true);
  });
});

test('an off-centre point equals the float64 loss of the hand-shifted weights', () => {
  const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
  const initial = initParams(cell.model, cell.seed);
  const base = initParams(cell.model, 11); // stands in for trained weights
  const state = { cell, step: cell.train.steps, data, initial, params: () => base } as unknown as TrainingState;
  const values = findMeasurement('loss_landscape')!.measure(state, { grid: 3, span: 0.5 });
  const got = values.find((v) => v.coords!['a'] === 0.5 && v.coords!['b'] === -0.5)!.value;
  const d1 = filterNormalizedDirection(base, cell.seed, 'landscape.d1'), d2 = filterNormalizedDirection(base, cell.seed, 'landscape.d2');
  const shifted: LayerParams[] = base.map((p, l) => ({ ...p, w: Float32Array.from(p.w, (v, i) => v + 0.5 * d1[l]!.w[i]! - 0.5 * d2[l]!.w[i]!) }));
  const net = networkOf(cell.model);
  const w = Float64Array.from(flatParams(shifted)), w0 = Float64Array.from(flatParams(initial));
  const alpha = cell.model.outputScale, k = cell.model.outputDim;
  const f = new Float64Array(data.train.n * k);
  for (let i = 0; i < data.train.n; i++) {
    const x = data.train.x.subarray(i * data.dim, (i + 1) * data.dim);
    const h = forwardSample(net, w, x).output, h0 = forwardSample(net, w0, x).output;
    for (let c = 0; c < k; c++) f[i * k + c] = alpha * (h[c]! - h0[c]!);
  }
  const want = lossValue(cell.train.loss, f, data.train.y, k);
  expect(Math.abs(got - want) / want).toBeLessThan(1e-4);
});
