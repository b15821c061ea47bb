// The learning rate of each optimizer step, from the cell's optimizer and its schedule: one
// pure function every training loop calls (tfjs sessions, the linearized models, plain-JS ones),
// so the network and its linearization always take the same steps.

import type { LrSchedule, OptimizerConfig } from './cell.js';

/** Steps in one epoch: one pass over n_train examples in batches (the last one the remainder). */
export function stepsPerEpoch(nTrain: number, batch: number | null): number {
  return batch === null || batch >= nTrain ? 1 : Math.ceil(nTrain / batch);
}

/** The epoch of update t (0-based: the update from w_t to w_t+1). */
export function epochOf(schedule: LrSchedule, step: number): number {
  return Math.floor(step / schedule.stepsPerEpoch);
}

/**
 * The lr of update t (0-based). Without a schedule it is `optimizer.lr` itself (not a product
 * with 1), so constant-lr training computes exactly what it computed before schedules existed.
 */
export function lrAt(optimizer: OptimizerConfig, step: number): number {
  const s = optimizer.schedule;
  if (!s) return optimizer.lr;
  const e = epochOf(s, step);
  switch (s.kind) {
    case 'inverse_time': return optimizer.lr / (1 + e / s.epochs);
    case 'step_decay': return optimizer.lr * s.factor ** Math.floor(e / s.every);
    // min + (lr − min)·c rather than lr·c', so the epochs from `epochs` on take `min` exactly.
    case 'cosine': return s.min + ((optimizer.lr - s.min) * (1 + Math.cos((Math.PI * Math.min(e, s.epochs)) / s.epochs))) / 2;
  }
}
