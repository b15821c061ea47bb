// Chizat's laziness criterion κ(w0) (science.md §4) as a measurement, in float64 on the training
// set: κ = (1/α)‖α h(w0) − y‖ · ‖D²h(w0)‖ / ‖Dh(w0)‖², h the unscaled network (minus h(w0) with a
// frozen copy), ‖Dh‖² = λ_max of h's NTK (from the tf factorized kernel, /α²), ‖D²h‖ by power
// iteration on central-difference Hessian–vector products (src/theory/laziness.ts). Recorded at
// step 0 only. A cost guard refuses nets where the power iteration would take minutes.

import type { RunCell } from '../../plan/cell.js';
import { chizatKappa } from '../../theory/laziness.js';
import { kernelSpectrum } from '../../theory/linearize.js';
import { flattenParams, forward } from '../../theory/mlp.js';
import { mlpModelLight } from '../../theory/vjp.js';
import { layerDims } from '../model/params.js';
import { rowsOf, toTheoryMlp } from './common.js';
import { LAYERED_KAPPA_BUDGET, layeredKappa, layeredKappaCost } from './laziness-layered.js';
import { ntkFactorized } from './ntk-tf.js';
import type { Measurement } from './types.js';

/** Multiply–adds allowed for the power iteration (2 VJPs of n·P each per iteration). */
export const KAPPA_BUDGET = 4e9;

export function parameterCountOf(cell: RunCell): number {
  const dims = layerDims(cell.model);
  return dims.slice(1).reduce((s, out, l) => s + dims[l]! * out + (cell.model.bias ? out : 0), 0);
}

const kappa: Measurement = {
  name: 'kappa',
  unsupported(cell, options) {
    if (cell.train.loss !== 'mse') return 'κ is defined for the square loss';
    const iterations = typeof options['iterations'] === 'number' ? options['iterations'] : 20;
    if (cell.model.layers) {
      // Layered networks (any output dimension): tfjs passes, laziness-layered.ts.
      const cost = layeredKappaCost(cell, iterations);
      return cost > LAYERED_KAPPA_BUDGET ? `κ would need ${cost.toExponential(1)} multiply–adds (budget ${LAYERED_KAPPA_BUDGET.toExponential(0)}); use fewer iterations or training points` : null;
    }
    if (cell.model.outputDim !== 1) return 'κ is implemented for a scalar output';
    const cost = 2 * iterations * cell.data.nTrain * parameterCountOf(cell);
    return cost > KAPPA_BUDGET ? `κ would need ${cost.toExponential(1)} multiply–adds (budget ${KAPPA_BUDGET.toExponential(0)})` : null;
  },
  measure(state, options) {
    if (state.step !== 0) return [];
    const { cell, data } = state;
    const iterations = typeof options['iterations'] === 'number' ? options['iterations'] : 20;
    if (cell.model.layers) {
      return [{ measurement: 'kappa', value: layeredKappa(cell, state.initial, { x: data.train.x, n: data.train.n, y: data.train.y }, iterations) }];
    }
    const mlp = toTheoryMlp(cell.model, state.initial);
    const x = rowsOf(data.train.x, data.train.n, data.dim);
    const offset = cell.model.init.frozenCopy ? forward({ ...mlp, outputScale: 1 }, x).output.map((r) => r[0]!) : null;
    const alpha = cell.model.outputScale;
    const theta = ntkFactorized(cell.model, state.initial, { x: data.train.x, n: data.train.n });
    const lambdaMax = kernelSpectrum(theta).lambdaMax / (alpha * alpha);
    const r = chizatKappa(mlpModelLight(mlp, x, offset), flattenParams(mlp), data.train.y, alpha, {
      lambdaMax, maxIterations: iterations, tolerance: 1e-4, seed: cell.seed,
    });
    return [{ measurement: 'kappa', value: r.kappa }];
  },
};

export const lazinessMeasurements: Measurement[] = [kappa];
