// Measurements that need only the training state (science.md §4), computed in float64 on plain
// arrays: losses, accuracies, relative weight change (total and per layer), Kearns' normalized
// movement, Bahaduri's trajectory sum S_t, and the fraction of unchanged ReLU patterns.

import type { MeasureOption } from '../../plan/cell.js';
import { accuracy, lossValue } from '../train/loss.js';
import type { LayerParams } from '../model/params.js';
import type { Measurement, MeasureValue, SplitName, TrainingState } from './types.js';

function lossOn(split: SplitName): Measurement {
  return {
    name: `${split}_loss`,
    measure: (s) => [{
      measurement: `${split}_loss`,
      value: lossValue(s.cell.train.loss, s.outputs(split), s.data[split].y, s.data.outputDim),
    }],
  };
}

function accuracyOn(split: SplitName): Measurement {
  return {
    name: `${split}_accuracy`,
    measure: (s) => [{
      measurement: `${split}_accuracy`,
      value: accuracy(s.outputs(split), s.data[split].classes, s.data.outputDim),
    }],
  };
}

/** Squared norms Σ w² and Σ (w − w0)² of one layer (weights and bias together). */
function layerNorms(now: LayerParams, init: LayerParams): { w0: number; dw: number } {
  let w0 = 0, dw = 0;
  const add = (a: Float32Array, b: Float32Array): void => {
    for (let i = 0; i < a.length; i++) {
      w0 += b[i]! * b[i]!;
      dw += (a[i]! - b[i]!) ** 2;
    }
  };
  add(now.w, init.w);
  if (now.b && init.b) add(now.b, init.b);
  return { w0, dw };
}

/** ‖w_t − w_0‖_F / ‖w_0‖_F, total; per layer too with option per_layer: true. */
const weightChange: Measurement = {
  name: 'weight_change',
  measure(s, options) {
    const norms = s.params().map((p, l) => layerNorms(p, s.initial[l]!));
    const w0 = norms.reduce((a, n) => a + n.w0, 0);
    const dw = norms.reduce((a, n) => a + n.dw, 0);
    const out: MeasureValue[] = [{ measurement: 'weight_change', value: Math.sqrt(dw / w0) }];
    if (options['per_layer'] === true) {
      norms.forEach((n, l) => out.push({ measurement: 'weight_change', layer: l + 1, value: Math.sqrt(n.dw / n.w0) }));
    }
    return out;
  },
};

/** Kearns: sqrt(Σ_l ‖ΔW_l‖_F²) / width, width = total hidden units (weights only, no biases). */
const normalizedMovement: Measurement = {
  name: 'normalized_movement',
  measure(s) {
    const width = s.cell.model.hidden.reduce((a, b) => a + b, 0) || 1;
    let sq = 0;
    s.params().forEach((p, l) => {
      const w0 = s.initial[l]!.w;
      for (let i = 0; i < p.w.length; i++) sq += (p.w[i]! - w0[i]!) ** 2;
    });
    return [{ measurement: 'normalized_movement', value: Math.sqrt(sq) / width }];
  },
};

/** S_t = Σ_i |w_t,i − w_0,i| / |w_0,i| over all parameters with w_0,i ≠ 0. */
const trajectorySum: Measurement = {
  name: 'trajectory_sum',
  measure(s) {
    let sum = 0;
    const add = (a: Float32Array, b: Float32Array): void => {
      for (let i = 0; i < a.length; i++) if (b[i] !== 0) sum += Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!);
    };
    s.params().forEach((p, l) => {
      const init = s.initial[l]!;
      add(p.w, init.w);
      if (p.b && init.b) add(p.b, init.b);
    });
    return [{ measurement: 'trajectory_sum', value: sum }];
  },
};

/** Fraction of (sample, unit) pairs of the train set whose sign of z_l is the same as at init. */
const activationUnchanged: Measurement = {
  name: 'activation_unchanged',
  unsupported: (cell, options) => {
    if (cell.model.hidden.length === 0) return 'the model has no hidden layer';
    const layer = options['layer'];
    if (typeof layer === 'number' && (layer < 1 || layer > cell.model.hidden.length)) {
      return `layer ${layer} is not a hidden layer (1…${cell.model.hidden.length})`;
    }
    return null;
  },
  measure(s, options: Record<string, MeasureOption>) {
    const now = s.preactivations('train', 'now');
    const init = s.preactivations('train', 'initial');
    const layer = typeof options['layer'] === 'number' ? options['layer'] : null;
    const chosen = layer === null ? now.map((_, i) => i) : [layer - 1];
    let same = 0, total = 0;
    for (const l of chosen) {
      const a = now[l]!, b = init[l]!;
      for (let i = 0; i < a.length; i++) if (a[i]! > 0 === b[i]! > 0) same++;
      total += a.length;
    }
    const v: MeasureValue = { measurement: 'activation_unchanged', value: same / total };
    if (layer !== null) v.layer = layer;
    return [v];
  },
};

export const builtinMeasurements: Measurement[] = [
  lossOn('train'), lossOn('test'), accuracyOn('train'), accuracyOn('test'),
  weightChange, normalizedMovement, trajectorySum, activationUnchanged,
];
