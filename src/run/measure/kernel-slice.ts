// The kernel itself (Jacot et al. 2018, Figure 1): the empirical NTK Θ_t(x0, x(γ)) between the
// reference point x0 = e1 and the points x(γ) = cos γ·e1 + sin γ·e2 on the unit circle of the
// first two input coordinates, recorded per angle (coords {gamma}) at the steps `at` selects.
// Beside it, once at step 0: the analytic infinite-width NTK on the same points and the slice's
// relative distance from it. At every measured step: the slice's relative change since init.
//
//   ntk_slice(γ)              = Θ_t(x0, x(γ))          (Θ of the model f = α·h, trace over outputs)
//   ntk_slice_analytic(γ)     = Θ_∞(x0, x(γ))          (analytic.ts, same scale)
//   ntk_slice_init_distance   = ‖Θ_0 − Θ_∞‖₂ / ‖Θ_∞‖₂  over the angles
//   ntk_slice_change          = ‖Θ_t − Θ_0‖₂ / ‖Θ_0‖₂  over the angles

import type { MeasureOption, ModelConfig } from '../../plan/cell.js';
import { analyticKernel } from '../../theory/analytic.js';
import { analyticSpecForModel } from '../../theory/model-spec.js';
import * as M from '../../messages/index.js';
import type { LayerParams } from '../model/params.js';
import { measuresAt, memoized } from './common.js';
import { ntkFactorized, type Points } from './ntk-tf.js';
import type { Measurement, MeasureValue, TrainingState } from './types.js';

/** Default number of angles: odd, so γ = 0 (the kernel's peak, x = x0) is one of them. */
export const SLICE_POINTS = 65;

export interface CircleSlice { x0: Points; probe: Points; gammas: number[] }

/** `count` angles γ_i = −π + 2π·i/(count − 1), both ends included, as points in R^dim. */
export function circleSlice(dim: number, count: number): CircleSlice {
  const gammas = Array.from({ length: count }, (_, i) => (count === 1 ? 0 : -Math.PI + (2 * Math.PI * i) / (count - 1)));
  const x = new Float32Array(count * dim);
  gammas.forEach((g, i) => {
    x[i * dim] = Math.cos(g);
    x[i * dim + 1] = Math.sin(g);
  });
  const x0 = new Float32Array(dim);
  x0[0] = 1;
  return { x0: { x: x0, n: 1 }, probe: { x, n: count }, gammas };
}

function sliceKernel(model: ModelConfig, params: LayerParams[], s: CircleSlice): number[] {
  return Array.from(ntkFactorized(model, params, s.x0, s.probe)[0]!);
}

/** ‖a − b‖₂ / ‖b‖₂. */
export function relativeDistance(a: readonly number[], b: readonly number[]): number {
  let diff = 0, base = 0;
  a.forEach((v, i) => {
    diff += (v - b[i]!) ** 2;
    base += b[i]! ** 2;
  });
  return Math.sqrt(diff / base);
}

function pointsOption(options: Record<string, MeasureOption>): number {
  return typeof options['points'] === 'number' ? options['points'] : SLICE_POINTS;
}

function perAngle(name: string, values: readonly number[], gammas: readonly number[]): MeasureValue[] {
  return values.map((value, i) => ({ measurement: name, value, coords: { gamma: gammas[i]! } }));
}

/** α²Θ_∞(x0, x) for every probe point x, or null when the model has no analytic kernel. */
export function analyticAgainst(state: TrainingState, x0: Points, probe: Points): number[] | null {
  const target = analyticSpecForModel(state.cell.model);
  if ('reason' in target) return null;
  const dim = state.data.dim;
  const rows = Array.from({ length: probe.n }, (_, i) => Float64Array.from(probe.x.subarray(i * dim, (i + 1) * dim)));
  return analyticKernel('ntk', [Float64Array.from(x0.x)], rows, target.spec)[0]!.map((v) => v * target.kernelScale);
}

/** The analytic slice and the init's distance from it (step 0 only; nothing when no analytic kernel exists). */
function analyticPart(state: TrainingState, s: CircleSlice, init: number[]): MeasureValue[] {
  const analytic = analyticAgainst(state, s.x0, s.probe);
  if (analytic === null) return [];
  return [
    ...perAngle('ntk_slice_analytic', analytic, s.gammas),
    { measurement: 'ntk_slice_init_distance', value: relativeDistance(init, analytic) },
  ];
}

/** Without `at`: initialization and the last planned step (Jacot's t = 0 and t = T), not every log step. */
export function slicesAt(state: TrainingState, options: Record<string, MeasureOption>): boolean {
  if (options['at'] !== undefined) return measuresAt(state, options);
  return state.step === 0 || state.step === state.cell.train.steps;
}

const ntkSlice: Measurement = {
  name: 'ntk_slice',
  unsupported: (cell) => (cell.data.dim < 2 ? M.sliceNeedsPlane(cell.model.name, cell.data.dim) : null),
  measure(state, options) {
    const count = pointsOption(options);
    const s = memoized(state, `slice:${count}`, () => circleSlice(state.data.dim, count));
    const init = memoized(state, `slice0:${count}`, () => sliceKernel(state.cell.model, state.initial, s));
    const out = state.step === 0 ? analyticPart(state, s, init) : [];
    if (!slicesAt(state, options)) return out;
    const now = state.step === 0 ? init : sliceKernel(state.cell.model, state.params(), s);
    out.push(...perAngle('ntk_slice', now, s.gammas), { measurement: 'ntk_slice_change', value: relativeDistance(now, init) });
    return out;
  },
};

export const kernelSliceMeasurements: Measurement[] = [ntkSlice];
