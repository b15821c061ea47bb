// The linearization gap (science.md §4): max over logged steps s ≤ t of ‖f_s − f_lin,s‖ / ‖f_0 − y‖
// on train (`linearization_gap`) and test (`linearization_gap_test`, normalized by the test
// residual at init). f_lin is the network linearized at w0, trained like the network:
//   gd + mse (scalar output, constant lr): closed form from one eigendecomposition of Θ0 (linearize.ts), with the
//     engine's F_α step: r_t = (I − (η/α²)Θ_f/n)^t r_0, Θ_f the model's NTK on the training set;
//   anything else: explicit stepping through Jacobian–vector products (linearized-tf.ts; layered
//     networks: linearized-layered.ts, always explicit).
// The record at step t is the running maximum, so the last record is the max over the run.
// A vector (softmax) head is linearized in its outputs, the logits, and the loss is applied to
// the linearized logits (Lee et al. 2019); the linearized network's losses and, with class
// labels, its accuracies (the train_accuracy rule) are recorded beside the gap.

import type { RunCell } from '../../plan/cell.js';
import { linearizedMethod } from '../../plan/linearized-cost.js';
import { symmetricEigen, type SymmetricEigen } from '../../theory/linalg.js';
import { linearizedDynamics } from '../../theory/linearize.js';
import { memoized } from './common.js';
import { stepLinearized, type SteppedTrajectory } from './linearized-tf.js';
import { stepLinearizedLayered } from './linearized-layered.js';
import { ntkFactorized } from './ntk-tf.js';
import type { Measurement, MeasureValue, SplitName, TrainingState } from './types.js';
import { accuracy, lossValue } from '../train/loss.js';

export { MAX_CLOSED_FORM, linearizedMethod, type LinearizedMethod } from '../../plan/linearized-cost.js';

/** Θ0 on train × train and test × train, and its eigendecomposition: what the closed form needs. */
export interface ClosedFormSetup {
  thetaTrain: Float64Array[];
  thetaTestTrain: Float64Array[];
  eig: SymmetricEigen;
}

export function closedFormSetup(state: TrainingState): ClosedFormSetup {
  const { cell, data } = state;
  const train = { x: data.train.x, n: data.train.n };
  const thetaTrain = ntkFactorized(cell.model, state.initial, train);
  const thetaTestTrain = ntkFactorized(cell.model, state.initial, { x: data.test.x, n: data.test.n }, train);
  return { thetaTrain, thetaTestTrain, eig: symmetricEigen(thetaTrain) };
}

/** f_lin,t on train and test by the closed form (gd, mse, scalar output). */
export function closedFormAt(state: TrainingState, setup: ClosedFormSetup, f0Train: Float32Array, f0Test: Float32Array, t: number): { train: number[]; test: number[] } {
  const { cell } = state;
  if (cell.train.optimizer.kind !== 'gd') throw new Error('the closed form is for gd');
  const traj = linearizedDynamics({
    thetaTrain: setup.thetaTrain, thetaTestTrain: setup.thetaTestTrain, f0Train, f0Test,
    y: state.data.train.y, lr: cell.train.optimizer.lr / cell.model.outputScale ** 2, steps: [t],
  }, setup.eig);
  return { train: traj.train[0]!, test: traj.test[0]! };
}

interface GapMemo {
  f0: Record<SplitName, Float32Array>;
  /** Explicitly stepped trajectory (null for the closed form). */
  stepped: SteppedTrajectory | null;
  closed: ClosedFormSetup | null;
  max: Record<SplitName, number>;
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

function setupGap(state: TrainingState): GapMemo {
  if (state.step !== 0) throw new Error('linearization_gap needs step 0 to be logged');
  const f0 = { train: state.outputs('train').slice(), test: state.outputs('test').slice() };
  const explicit = linearizedMethod(state.cell) === 'explicit';
  return {
    f0,
    stepped: explicit ? (state.cell.model.layers ? stepLinearizedLayered : stepLinearized)(state.cell, state.data, state.initial, f0.train, f0.test) : null,
    closed: explicit ? null : closedFormSetup(state),
    max: { train: 0, test: 0 },
  };
}

/**
 * The linearized network's own losses (so reports can draw its trajectory next to the
 * network's) and, where the data has class labels, its accuracies by the train_accuracy rule.
 */
function linearizedScores(state: TrainingState, lin: Record<SplitName, ArrayLike<number>>): MeasureValue[] {
  const out: MeasureValue[] = [];
  const k = state.data.outputDim;
  const splits = (['train', 'test'] as const).filter((split) => state.data[split].n > 0);
  for (const split of splits) {
    out.push({ measurement: `linearized_${split}_loss`, value: lossValue(state.cell.train.loss, lin[split], state.data[split].y, k) });
  }
  for (const split of splits) {
    const classes = state.data[split].classes;
    if (classes) out.push({ measurement: `linearized_${split}_accuracy`, value: accuracy(Float32Array.from(lin[split]), classes, k) });
  }
  return out;
}

const linearizationGap: Measurement = {
  name: 'linearization_gap',
  measure(state) {
    const memo = memoized(state, 'linearization_gap', () => setupGap(state));
    let lin: Record<SplitName, ArrayLike<number>>;
    if (memo.closed) {
      lin = closedFormAt(state, memo.closed, memo.f0.train, memo.f0.test, state.step);
    } else {
      const i = memo.stepped!.steps.indexOf(state.step);
      if (i < 0) return [];
      lin = { train: memo.stepped!.train[i]!, test: memo.stepped!.test[i]! };
    }
    const out: MeasureValue[] = (['train', 'test'] as const).map((split) => {
      const gap = distance(state.outputs(split), lin[split]) / distance(memo.f0[split], state.data[split].y);
      memo.max[split] = Math.max(memo.max[split], Number.isNaN(gap) ? Infinity : gap);
      return { measurement: split === 'train' ? 'linearization_gap' : 'linearization_gap_test', value: memo.max[split] };
    });
    return [...out, ...linearizedScores(state, lin)];
  },
};

export const linearizedMeasurements: Measurement[] = [linearizationGap];
