// Kernel measurements (science.md §4) on the engine's network: the empirical NTK on a probe set
// (the first `probe` training points), its relative change since init, its spectrum, and its
// distance from the analytic infinite-width NTK. Kernels come from the tf layer factorization
// (ntk-tf.ts); everything after that is float64 src/theory code.

import type { MeasureOption, RunCell } from '../../plan/cell.js';
import { analyticKernel } from '../../theory/analytic.js';
import { frobenius, frobeniusDiff } from '../../theory/linalg.js';
import { kernelSpectrum } from '../../theory/linearize.js';
import { analyticSpecForModel } from '../../theory/model-spec.js';
import { layeredNtkMisfit, probeOption } from '../../theory/net/kernel-cost.js';
import { linearizedLossRate } from '../../theory/rates.js';
import type { LayerParams } from '../model/params.js';
import { measuresAt, memoized, probeSet, rowsOf } from './common.js';
import { ntkLayered, ntkLayeredLayers } from './ntk-layered.js';
import * as M from '../../messages/index.js';
import { ntkFactorized, ntkFactorizedLayers, type OutputChoice, type Points } from './ntk-tf.js';
import type { Measurement, MeasureValue, TrainingState } from './types.js';

/** Largest training set whose full n × n kernel the predicted rate is computed on. */
export const MAX_RATE_KERNEL = 4096;

/** The probe kernels: one (trace or scalar output) or one per output unit (`trace: false`). */
function probeKernels(state: TrainingState, params: LayerParams[], options: Record<string, MeasureOption>): Float64Array[][] {
  const pts = probeSet(state, options);
  const k = state.cell.model.outputDim;
  const choices: OutputChoice[] = k > 1 && options['trace'] === false
    ? Array.from({ length: k }, (_, unit) => ({ kind: 'unit', k: unit }))
    : [{ kind: 'trace' }];
  const model = state.cell.model;
  return choices.map((c) => (model.layers ? ntkLayered(model, params, pts, c) : ntkFactorized(model, params, pts, null, c)));
}

/** The layers' kernels Θ_f^{(l)} of a scalar-output model: factorized (fully connected) or from per-sample Jacobian blocks (layered). */
function layerKernels(model: RunCell['model'], params: LayerParams[], pts: Points): Float64Array[][] {
  return model.layers ? ntkLayeredLayers(model, params, pts) : ntkFactorizedLayers(model, params, pts);
}

function initialKernels(state: TrainingState, options: Record<string, MeasureOption>): Float64Array[][] {
  const perOutput = state.cell.model.outputDim > 1 && options['trace'] === false;
  return memoized(state, `ntk0:${options['probe']}:${perOutput}`, () => probeKernels(state, state.initial, options));
}

/** ‖Θ_t − Θ_0‖_F / ‖Θ_0‖_F, over all kernels when there are several. */
function relativeChange(now: Float64Array[][], init: Float64Array[][]): number {
  let diff = 0, base = 0;
  now.forEach((k, i) => {
    diff += frobeniusDiff(k, init[i]!) ** 2;
    base += frobenius(init[i]!) ** 2;
  });
  return Math.sqrt(diff / base);
}

/** A layered network's probe kernel over the cost limits is refused (fully connected: factorized, cheap). */
function layeredCostGuard(cell: RunCell, name: string): string | null {
  return layeredNtkMisfit(cell, Math.min(probeOption(cell, name), cell.data.nTrain));
}

const ntkChange: Measurement = {
  name: 'ntk_change',
  unsupported: (cell) => layeredCostGuard(cell, 'ntk_change'),
  measure(state, options) {
    if (!measuresAt(state, options)) return [];
    const init = initialKernels(state, options);
    const now = state.step === 0 ? init : probeKernels(state, state.params(), options);
    return [{ measurement: 'ntk_change', value: relativeChange(now, init) }];
  },
};

/**
 * The loss-decay rate per step the linearized model predicts (rates.ts), in the engine's
 * convention: gd on F_α contracts the residual by (I − (η/α²)Θ_f/n), Θ_f = α²Θ_h the model's NTK
 * on all n training points at init. Only for gd with mse and a scalar output.
 */
export function predictedRateUnsupported(cell: RunCell): string | null {
  if (cell.train.optimizer.kind !== 'gd' || cell.train.loss !== 'mse') return 'the predicted rate is for gd with mse';
  if (cell.train.optimizer.schedule) return M.predictedRateNeedsConstantLr();
  if (cell.model.outputDim !== 1) return 'the predicted rate is for a scalar output';
  if (cell.data.nTrain > MAX_RATE_KERNEL) return `the training set is larger than ${MAX_RATE_KERNEL} points`;
  return null;
}

function predictedRate(state: TrainingState): MeasureValue[] {
  const cell = state.cell;
  if (predictedRateUnsupported(cell) !== null || cell.train.optimizer.kind !== 'gd') return [];
  // A layered network's kernel on the whole training set is built only when it fits the cost limits.
  if (layeredNtkMisfit(cell, cell.data.nTrain) !== null) return [];
  const s = state.data.train;
  const layers = layerKernels(cell.model, state.initial, { x: s.x, n: s.n });
  const theta = layers[0]!.map((row, i) => row.map((_, j) => layers.reduce((sum, l) => sum + l[i]![j]!, 0)));
  const lambdaMin = kernelSpectrum(theta).lambdaMin;
  // Li, Luo & Zhou bound λ_min(Θ) below by the layers' Σ_l λ_min(Θ^{(l)}): a slower, guaranteed rate.
  const layerSum = layers.reduce((sum, l) => sum + kernelSpectrum(l).lambdaMin, 0);
  const lr = cell.train.optimizer.lr / cell.model.outputScale ** 2;
  return [
    { measurement: 'ntk_train_lambda_min', value: lambdaMin },
    { measurement: 'ntk_predicted_rate', value: linearizedLossRate(lambdaMin, lr, s.n).ratePerStep },
    { measurement: 'ntk_layer_lambda_sum', value: layerSum },
    { measurement: 'ntk_llz_rate', value: linearizedLossRate(Math.max(0, layerSum), lr, s.n).ratePerStep },
  ];
}

const ntkEigen: Measurement = {
  name: 'ntk_eigen',
  unsupported: (cell) => layeredCostGuard(cell, 'ntk_eigen'),
  measure(state, options) {
    const out: MeasureValue[] = state.step === 0 ? predictedRate(state) : [];
    if (!measuresAt(state, options)) return out;
    const kernel = state.step === 0 ? initialKernels(state, { ...options, trace: true })[0]! : probeKernels(state, state.params(), { ...options, trace: true })[0]!;
    const s = kernelSpectrum(kernel);
    out.push(
      { measurement: 'ntk_lambda_min', value: s.lambdaMin },
      { measurement: 'ntk_lambda_max', value: s.lambdaMax },
      { measurement: 'ntk_condition', value: s.condition },
    );
    return out;
  },
};

const ntkAnalyticDistance: Measurement = {
  name: 'ntk_analytic_distance',
  unsupported: (cell) => {
    const target = analyticSpecForModel(cell.model);
    return 'reason' in target ? target.reason : null;
  },
  measure(state, options) {
    if (state.step !== 0) return [];
    const target = analyticSpecForModel(state.cell.model);
    if ('reason' in target) return [];
    const pts = probeSet(state, options);
    const x = rowsOf(pts.x, pts.n, state.data.dim);
    const analytic = analyticKernel('ntk', x, undefined, target.spec).map((r) => r.map((v) => v * target.kernelScale));
    const empirical = initialKernels(state, { ...options, trace: true })[0]!;
    return [{ measurement: 'ntk_analytic_distance', value: frobeniusDiff(empirical, analytic) / frobenius(analytic) }];
  },
};

export const kernelMeasurements: Measurement[] = [ntkChange, ntkEigen, ntkAnalyticDistance];
