// Loss-landscape slices (Li et al. 2018, science.md §4): the training loss at w* + a·δ1 + b·δ2 on
// a grid × grid square of half-width `span` around the final weights w*, with δ1, δ2 random normal
// directions rescaled layer by layer to the Frobenius norm of that layer's weights ("filter
// normalization" for dense layers; bias directions are zero, as Li et al. do for 1-D parameters).
// One record per grid point, `coords: {a, b}`; measured at the planned last step only. A cost
// guard refuses grids whose forward passes would take too long.

import * as tf from '@tensorflow/tfjs-core';
import type { MeasureOption, RunCell } from '../../plan/cell.js';
import { forward, netShape, toTensors } from '../model/network.js';
import type { LayerParams } from '../model/params.js';
import { makeRng } from '../rng.js';
import { lossValue } from '../train/loss.js';
import { filterNormalizedDirection, layeredForwardMacs, layeredLosses } from './landscape-layered.js';
import { parameterCountOf } from './laziness.js';
import type { Measurement, MeasureValue, TrainingState } from './types.js';

/** Multiply–adds allowed for all forward passes of a slice. */
export const LANDSCAPE_BUDGET = 2e10;

function gridOf(options: Record<string, MeasureOption>): { grid: number; span: number } {
  return {
    grid: typeof options['grid'] === 'number' ? options['grid'] : 21,
    span: typeof options['span'] === 'number' ? options['span'] : 1,
  };
}

/** A random direction with ‖δ_l‖_F = ‖W_l‖_F per layer (bias directions zero). */
export function layerNormalizedDirection(params: LayerParams[], seed: number, stream: string): LayerParams[] {
  return params.map((p, l) => {
    const rng = makeRng(seed, `${stream}.layer${l + 1}`);
    const w = Float64Array.from({ length: p.w.length }, () => rng.normal());
    const norm = Math.hypot(...w), target = Math.hypot(...p.w);
    return { ...p, w: Float32Array.from(w, (v) => (norm > 0 ? (v * target) / norm : 0)), b: p.b ? new Float32Array(p.b.length) : null };
  });
}

function shifted(base: LayerParams[], d1: LayerParams[], d2: LayerParams[], a: number, b: number): LayerParams[] {
  return base.map((p, l) => ({
    ...p,
    w: p.w.map((v, i) => v + a * d1[l]!.w[i]! + b * d2[l]!.w[i]!),
    b: p.b ? p.b.slice() : null,
  }));
}

/** Training loss at each parameter set (float32 forward, float64 loss). */
function lossesAt(state: TrainingState, sets: LayerParams[][]): number[] {
  const { cell, data } = state;
  if (cell.model.layers) return layeredLosses(state, sets);
  const shape = netShape(cell.model);
  const alpha = cell.model.outputScale;
  const s = data.train;
  return sets.map((params) => {
    const f = tf.tidy(() => {
      const x = tf.mul(tf.tensor2d(s.x, [s.n, data.dim]), shape.multipliers[0]!) as tf.Tensor2D;
      let h = forward(shape, toTensors(params), x).h as tf.Tensor;
      if (cell.model.init.frozenCopy) h = tf.sub(h, forward(shape, toTensors(state.initial), x).h);
      return tf.mul(h, alpha);
    });
    const out = f.dataSync() as Float32Array;
    f.dispose();
    return lossValue(cell.train.loss, out, s.y, data.outputDim);
  });
}

const landscape: Measurement = {
  name: 'loss_landscape',
  unsupported(cell: RunCell, options) {
    const { grid } = gridOf(options);
    // Multiply–adds of all forward passes (a layered network's counted conv by conv, not by parameters).
    const cost = grid * grid * cell.data.nTrain * (cell.model.layers ? layeredForwardMacs(cell) : parameterCountOf(cell));
    return cost > LANDSCAPE_BUDGET ? `the slice would need ${cost.toExponential(1)} multiply–adds (budget ${LANDSCAPE_BUDGET.toExponential(0)}); use a smaller grid` : null;
  },
  measure(state, options) {
    if (state.step !== state.cell.train.steps) return [];
    const { grid, span } = gridOf(options);
    const base = state.params();
    // Layered networks: Li et al.'s filter normalization (landscape-layered.ts).
    const direction = state.cell.model.layers ? filterNormalizedDirection : layerNormalizedDirection;
    const d1 = direction(base, state.cell.seed, 'landscape.d1');
    const d2 = direction(base, state.cell.seed, 'landscape.d2');
    const axis = Array.from({ length: grid }, (_, i) => (grid === 1 ? 0 : -span + (2 * span * i) / (grid - 1)));
    const points = axis.flatMap((a) => axis.map((b) => ({ a, b })));
    const losses = lossesAt(state, points.map(({ a, b }) => shifted(base, d1, d2, a, b)));
    return points.map((coords, i): MeasureValue => ({ measurement: 'landscape', value: losses[i]!, coords }));
  },
};

export const landscapeMeasurements: Measurement[] = [landscape];
