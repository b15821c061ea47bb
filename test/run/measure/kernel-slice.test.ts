// ntk_slice (Jacot et al.'s Figure 1): the probe circle's geometry; the engine's kernel slice
// Θ(x0, x(γ)) against the float64 brute-force Jacobian contraction of src/theory (relative error
// ≤ 2e-5: float32 sums of O(100) terms of size O(1)); the analytic slice against the closed form
// of a one-hidden-layer ReLU NTK (≤ 1e-7: the probe points are float32); the default steps (init and last); the distances.

import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { initParams, type LayerParams } from '../../../src/run/model/params.js';
import { toTheoryMlp } from '../../../src/run/measure/common.js';
import { circleSlice, kernelSliceMeasurements, relativeDistance } from '../../../src/run/measure/kernel-slice.js';
import type { MeasureValue, TrainingState } from '../../../src/run/measure/types.js';
import { jacobianNtk } from '../../../src/theory/empirical.js';
import type { RunCell } from '../../../src/plan/cell.js';
import { makeCell } from '../helpers.js';

beforeAll(async () => { await initBackend('cpu'); });

const slice = kernelSliceMeasurements[0]!;

/** A one-hidden-layer ReLU net in NTK parameterization on 2-D inputs (Jacot's circle). */
function circleCell(m: number, steps = 10): RunCell {
  return makeCell({
    data: { dim: 2 },
    model: { inputDim: 2, hidden: [m], multipliers: [1 / Math.sqrt(2), 1 / Math.sqrt(m)] },
    train: { steps },
    measure: [{ name: 'ntk_slice', options: { points: 9 } }],
  });
}

function stateAt(cell: RunCell, step: number, initial: LayerParams[], now: LayerParams[]): TrainingState {
  const fail = (): never => { throw new Error('not used by ntk_slice'); };
  return {
    cell, step, initial, params: () => now,
    data: { dim: cell.data.dim } as TrainingState['data'],
    outputs: fail, preactivations: fail, patterns: fail, frozenOutputs: fail,
  };
}

const named = (vs: MeasureValue[], name: string): MeasureValue[] => vs.filter((v) => v.measurement === name);

test('the probe circle: 9 angles from −π to π with 0 in the middle, unit points in the first two coordinates', () => {
  const s = circleSlice(3, 9);
  expect(s.gammas[0]).toBeCloseTo(-Math.PI, 12);
  expect(s.gammas[8]).toBeCloseTo(Math.PI, 12);
  expect(s.gammas[4]).toBe(0);
  expect(Array.from(s.x0.x)).toEqual([1, 0, 0]);
  for (let i = 0; i < 9; i++) {
    const [a, b, c] = [s.probe.x[3 * i]!, s.probe.x[3 * i + 1]!, s.probe.x[3 * i + 2]!];
    expect(Math.hypot(a, b)).toBeCloseTo(1, 6);
    expect(c).toBe(0);
    expect(a).toBeCloseTo(Math.cos(s.gammas[i]!), 6);
    expect(b).toBeCloseTo(Math.sin(s.gammas[i]!), 6);
  }
});

describe('the kernel slice at initialization', () => {
  const cell = circleCell(12);
  const params = initParams(cell.model, 4);
  let out: MeasureValue[] = [];
  beforeAll(() => { out = slice.measure(stateAt(cell, 0, params, params), { points: 9 }); });

  test('equals the float64 Jacobian contraction Θ(x0, x(γ))', () => {
    const s = circleSlice(2, 9);
    const rows = Array.from({ length: 9 }, (_, i) => Float64Array.from(s.probe.x.subarray(2 * i, 2 * i + 2)));
    const brute = jacobianNtk(toTheoryMlp(cell.model, params), [Float64Array.from([1, 0])], rows)[0]!;
    const mine = named(out, 'ntk_slice');
    expect(mine.map((v) => v.coords!['gamma'])).toEqual(s.gammas);
    expect(relativeDistance(mine.map((v) => v.value), Array.from(brute))).toBeLessThan(2e-5);
  });

  test('the analytic slice is the closed-form one-layer ReLU NTK [(sin θ + (π − θ) cos θ) + cos θ (π − θ)] / (2π d)', () => {
    const analytic = named(out, 'ntk_slice_analytic');
    expect(analytic).toHaveLength(9);
    for (const v of analytic) {
      const t = Math.abs(v.coords!['gamma']!);
      const closed = (Math.sin(t) + (Math.PI - t) * Math.cos(t) + Math.cos(t) * (Math.PI - t)) / (2 * Math.PI * 2);
      // The probe points are float32: cos γ and sin γ carry ~6e-8 relative rounding.
      expect(Math.abs(v.value - closed)).toBeLessThan(1e-7);
    }
    const dist = named(out, 'ntk_slice_init_distance')[0]!.value;
    expect(dist).toBeCloseTo(relativeDistance(named(out, 'ntk_slice').map((v) => v.value), analytic.map((v) => v.value)), 12);
    expect(named(out, 'ntk_slice_change')[0]!.value).toBe(0);
  });
});

test('a wide network starts near the analytic kernel, a narrow one far from it (averaged over 4 seeds)', () => {
  const mean = (m: number): number => {
    let sum = 0;
    for (const seed of [1, 2, 3, 4]) {
      const cell = circleCell(m);
      const p = initParams(cell.model, seed);
      sum += named(slice.measure(stateAt(cell, 0, p, p), { points: 9 }), 'ntk_slice_init_distance')[0]!.value;
    }
    return sum / 4;
  };
  // CLT: the distance falls like m^(−1/2), a factor 16 between m = 8 and m = 2048; ask for 4.
  expect(mean(2048)).toBeLessThan(mean(8) / 4);
});

test('without `at`, the slice is recorded at initialization and the last step only; the change is relative to init', () => {
  const cell = circleCell(6, 10);
  const p0 = initParams(cell.model, 2);
  const p1 = p0.map((l) => ({ ...l, w: l.w.map((v) => v * 1.1) }));
  expect(named(slice.measure(stateAt(cell, 5, p0, p1), { points: 9 }), 'ntk_slice')).toHaveLength(0);
  const last = slice.measure(stateAt(cell, 10, p0, p1), { points: 9 });
  expect(named(last, 'ntk_slice')).toHaveLength(9);
  expect(named(last, 'ntk_slice_analytic')).toHaveLength(0);
  // Relu is positively homogeneous: scaling both layers by 1.1 scales the kernel by 1.1² (J scales by 1.1 per layer-pair term).
  expect(named(last, 'ntk_slice_change')[0]!.value).toBeCloseTo(1.1 ** 2 - 1, 5);
  expect(named(slice.measure(stateAt(cell, 5, p0, p1), { points: 9, at: [5] }), 'ntk_slice')).toHaveLength(9);
});

test('refused for one input dimension (no circle in the input plane)', () => {
  const cell = makeCell({ data: { dim: 1 }, model: { inputDim: 1 } });
  expect(slice.unsupported!(cell, {})).toMatch(/1 input dimension/);
});
