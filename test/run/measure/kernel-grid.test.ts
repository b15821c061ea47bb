// ntk_grid: the probe grid's geometry; the engine's kernel Θ(x0, x(u, v)) against the float64
// brute-force Jacobian contraction of src/theory (relative error ≤ 2e-5: float32 sums of O(100)
// terms of size O(1)); the analytic grid against the closed-form one-layer ReLU NTK (≤ 1e-6:
// float32 probe points); the default steps.

import { beforeAll, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { initParams, type LayerParams } from '../../../src/run/model/params.js';
import { toTheoryMlp } from '../../../src/run/measure/common.js';
import { kernelGridMeasurements, planeGrid } from '../../../src/run/measure/kernel-grid.js';
import { relativeDistance } from '../../../src/run/measure/kernel-slice.js';
import type { MeasureValue, TrainingState } from '../../../src/run/measure/types.js';
import { jacobianNtk } from '../../../src/theory/empirical.js';
import type { RunCell } from '../../../src/plan/cell.js';
import { makeCell } from '../helpers.js';

beforeAll(async () => { await initBackend('cpu'); });

const grid = kernelGridMeasurements[0]!;

function planeCell(m: number, steps = 10): RunCell {
  return makeCell({
    data: { dim: 2 },
    model: { inputDim: 2, hidden: [m], multipliers: [1 / Math.sqrt(2), 1 / Math.sqrt(m)] },
    train: { steps },
    measure: [{ name: 'ntk_grid', options: { points: 4 } }],
  });
}

function stateAt(cell: RunCell, step: number, initial: LayerParams[], now: LayerParams[]): TrainingState {
  const fail = (): never => { throw new Error('not used by ntk_grid'); };
  return { cell, step, initial, params: () => now, data: { dim: cell.data.dim } as TrainingState['data'], outputs: fail, preactivations: fail, patterns: fail, frozenOutputs: fail };
}

const named = (vs: MeasureValue[], name: string): MeasureValue[] => vs.filter((v) => v.measurement === name);

test('the probe grid: points² points u·e1 + v·e2 over [−span, span]², the origin left out for an even side', () => {
  const g = planeGrid(3, 4, 1.5);
  expect(g.probe.n).toBe(16);
  expect(g.coords[0]).toEqual({ u: -1.5, v: -1.5 });
  expect(g.coords[15]).toEqual({ u: 1.5, v: 1.5 });
  expect(g.coords.some((c) => c.u === 0 && c.v === 0)).toBe(false);
  expect(Array.from(g.probe.x.subarray(3 * 5, 3 * 6))).toEqual([-0.5, -0.5, 0]);
});

test('the kernel on the grid equals the float64 Jacobian contraction; the analytic grid is the closed-form ReLU NTK', () => {
  const cell = planeCell(12);
  const params = initParams(cell.model, 3);
  const out = grid.measure(stateAt(cell, 0, params, params), { points: 4 });
  const g = planeGrid(2, 4, 1.5);
  const rows = g.coords.map((c) => Float64Array.from([c.u, c.v]));
  const brute = jacobianNtk(toTheoryMlp(cell.model, params), [Float64Array.from([1, 0])], rows)[0]!;
  const mine = named(out, 'ntk_grid');
  expect(mine.map((v) => v.coords)).toEqual(g.coords);
  expect(relativeDistance(mine.map((v) => v.value), Array.from(brute))).toBeLessThan(2e-5);
  // One hidden ReLU layer, NTK parameterization, d = 2, no bias: for ‖x0‖ = 1 and ‖x‖ = r at angle θ,
  // Θ = r [(sin θ + (π − θ) cos θ) + cos θ (π − θ)] / (2π d).
  for (const v of named(out, 'ntk_grid_analytic')) {
    const { u, v: w } = v.coords as { u: number; v: number };
    const r = Math.hypot(u, w), t = Math.acos(Math.max(-1, Math.min(1, u / r)));
    const closed = (r * (Math.sin(t) + (Math.PI - t) * Math.cos(t) + Math.cos(t) * (Math.PI - t))) / (2 * Math.PI * 2);
    expect(Math.abs(v.value - closed)).toBeLessThan(1e-6);
  }
});

test('without `at`, the grid is recorded at initialization and the last step only', () => {
  const cell = planeCell(6, 10);
  const p = initParams(cell.model, 2);
  expect(named(grid.measure(stateAt(cell, 5, p, p), { points: 4 }), 'ntk_grid')).toHaveLength(0);
  expect(named(grid.measure(stateAt(cell, 10, p, p), { points: 4 }), 'ntk_grid')).toHaveLength(16);
  expect(named(grid.measure(stateAt(cell, 5, p, p), { points: 4, at: [5] }), 'ntk_grid')).toHaveLength(16);
});
