// The infinite-width measurement (theory/infinite.ts): at every logged step t, the losses of the
// infinite-width network trained like this cell (gd + mse, analytic NTK of the cell's model, the
// cell's own f_0 on train and test, step η/α² on α²Θ_h), and how far the network is from it:
//   infinite_train_loss, infinite_test_loss   (1/2n)‖f_∞,t − y‖² on each split
//   infinite_width_gap                       max_{s ≤ t} ‖f_s(X*) − f_∞,s(X*)‖ / ‖f_0(X*) − y*‖
//   infinite_width_gap_train                 the same on the training set
//   infinite_test_loss_gap                   max_{s ≤ t} |L_test(f_s) − L_test(f_∞,s)|
// The gaps are running maxima, so the last record is the sup over the logged steps. The kernel
// blocks and the eigendecomposition are computed once, at step 0, and memoized for the cell.

import { symmetricEigen, type SymmetricEigen } from '../../theory/linalg.js';
import {
  halfMse, infiniteWidthDynamics, infiniteWidthKernels, infiniteWidthMisfit, relativeDistance, type InfiniteKernels,
} from '../../theory/infinite.js';
import { memoized, rowsOf } from './common.js';
import type { Measurement, MeasureValue, SplitName, TrainingState } from './types.js';

interface InfiniteMemo {
  f0: Record<SplitName, Float32Array>;
  kernels: InfiniteKernels;
  eig: SymmetricEigen;
  gap: Record<SplitName, number>;
  lossGap: number;
}

function setupInfinite(state: TrainingState): InfiniteMemo {
  if (state.step !== 0) throw new Error('infinite_width needs step 0 to be logged');
  const { data, cell } = state;
  const x = (split: SplitName): Float64Array[] => rowsOf(data[split].x, data[split].n, data.dim);
  const kernels = infiniteWidthKernels(cell.model, x('train'), x('test'));
  return {
    f0: { train: state.outputs('train').slice(), test: state.outputs('test').slice() },
    kernels, eig: symmetricEigen(kernels.thetaTrain), gap: { train: 0, test: 0 }, lossGap: 0,
  };
}

/** A running maximum in which NaN (a diverged network) counts as +∞. */
const runningMax = (prev: number, v: number): number => Math.max(prev, Number.isNaN(v) ? Infinity : v);

function measureInfinite(state: TrainingState): MeasureValue[] {
  const memo = memoized(state, 'infinite_width', () => setupInfinite(state));
  const { cell, data } = state;
  if (cell.train.optimizer.kind !== 'gd') return [];
  const traj = infiniteWidthDynamics({
    thetaTrain: memo.kernels.thetaTrain, thetaTestTrain: memo.kernels.thetaTestTrain,
    y: data.train.y, yTest: data.test.y, f0Train: memo.f0.train, f0Test: memo.f0.test,
    lr: cell.train.optimizer.lr, timeScale: memo.kernels.timeScale, steps: [state.step],
  }, memo.eig);
  const f = { train: state.outputs('train'), test: state.outputs('test') };
  const fInf = { train: traj.train[0]!, test: traj.test[0]! };
  const out: MeasureValue[] = [{ measurement: 'infinite_train_loss', value: traj.trainLoss[0]! }];
  memo.gap.train = runningMax(memo.gap.train, relativeDistance(f.train, fInf.train, memo.f0.train, data.train.y));
  out.push({ measurement: 'infinite_width_gap_train', value: memo.gap.train });
  if (data.test.n > 0) {
    const infTest = traj.testLoss[0]!;
    memo.gap.test = runningMax(memo.gap.test, relativeDistance(f.test, fInf.test, memo.f0.test, data.test.y));
    memo.lossGap = runningMax(memo.lossGap, Math.abs(halfMse(f.test, data.test.y) - infTest));
    out.push(
      { measurement: 'infinite_test_loss', value: infTest },
      { measurement: 'infinite_width_gap', value: memo.gap.test },
      { measurement: 'infinite_test_loss_gap', value: memo.lossGap },
    );
  }
  return out;
}

const infiniteWidth: Measurement = {
  name: 'infinite_width',
  unsupported: (cell) => infiniteWidthMisfit(cell.model, cell.train, cell.data),
  measure: (state) => measureInfinite(state),
};

export const infiniteMeasurements: Measurement[] = [infiniteWidth];
