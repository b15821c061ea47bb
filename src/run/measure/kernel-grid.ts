// The kernel over a plane (a companion of ntk_slice): the empirical NTK Θ_t(x0, x(u, v)) between
// x0 = e1 and the points x(u, v) = u·e1 + v·e2 of a `points` × `points` grid over
// [−span, span]² in the first two input coordinates, one record per point (coords {u, v}), at
// initialization and the last step (or the steps `at` selects); beside it, at step 0, the
// analytic infinite-width NTK on the same points. Charted as a heatmap: `x = u, y = v,
// color = ntk_grid, mark = heatmap`.

import type { MeasureOption, ModelConfig } from '../../plan/cell.js';
import * as M from '../../messages/index.js';
import type { LayerParams } from '../model/params.js';
import { memoized } from './common.js';
import { analyticAgainst, slicesAt } from './kernel-slice.js';
import { ntkFactorized, type Points } from './ntk-tf.js';
import type { Measurement, MeasureValue, TrainingState } from './types.js';

/** Default grid side: even, so the origin (where a bias-free kernel vanishes) is not a grid point. */
export const GRID_POINTS = 20;
export const GRID_SPAN = 1.5;

export interface PlaneGrid { x0: Points; probe: Points; coords: { u: number; v: number }[] }

/** `count` × `count` points u·e1 + v·e2, u and v evenly spaced over [−span, span], as points in R^dim. */
export function planeGrid(dim: number, count: number, span: number): PlaneGrid {
  const ticks = Array.from({ length: count }, (_, i) => (count === 1 ? 0 : -span + (2 * span * i) / (count - 1)));
  const coords = ticks.flatMap((u) => ticks.map((v) => ({ u, v })));
  const x = new Float32Array(coords.length * dim);
  coords.forEach(({ u, v }, i) => {
    x[i * dim] = u;
    x[i * dim + 1] = v;
  });
  const x0 = new Float32Array(dim);
  x0[0] = 1;
  return { x0: { x: x0, n: 1 }, probe: { x, n: coords.length }, coords };
}

function gridKernel(model: ModelConfig, params: LayerParams[], g: PlaneGrid): number[] {
  return Array.from(ntkFactorized(model, params, g.x0, g.probe)[0]!);
}

const perPoint = (name: string, values: readonly number[], g: PlaneGrid): MeasureValue[] =>
  values.map((value, i) => ({ measurement: name, value, coords: { ...g.coords[i]! } }));

function analytic(state: TrainingState, g: PlaneGrid): MeasureValue[] {
  const k = analyticAgainst(state, g.x0, g.probe);
  return k === null ? [] : perPoint('ntk_grid_analytic', k, g);
}

function option(options: Record<string, MeasureOption>, name: string, fallback: number): number {
  const v = options[name];
  return typeof v === 'number' ? v : fallback;
}

const ntkGrid: Measurement = {
  name: 'ntk_grid',
  unsupported: (cell) => (cell.data.dim < 2 ? M.sliceNeedsPlane(cell.model.name, cell.data.dim) : null),
  measure(state, options) {
    const count = option(options, 'points', GRID_POINTS), span = option(options, 'span', GRID_SPAN);
    const g = memoized(state, `grid:${count}:${span}`, () => planeGrid(state.data.dim, count, span));
    const out = state.step === 0 ? analytic(state, g) : [];
    if (!slicesAt(state, options)) return out;
    out.push(...perPoint('ntk_grid', gridKernel(state.cell.model, state.step === 0 ? state.initial : state.params(), g), g));
    return out;
  },
};

export const kernelGridMeasurements: Measurement[] = [ntkGrid];
