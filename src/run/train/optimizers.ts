// Optimizer updates on tensor lists: gd/sgd, heavy-ball momentum and Adam (PyTorch conventions).
// Step-invariant constants are scalar tensors made once, so an update allocates no scalars; with
// an lr schedule the step size of update t is lrAt(config, t − 1) (src/plan/lr-schedule.ts),
// applied as PyTorch applies a scheduler's lr: to the whole step, momentum buffer included.
// Memory: an update runs inside the caller's tf.tidy, which would keep every intermediate of
// every parameter until it ends (Adam's step peaked at 17.7 parameter-sized copies, 173 MiB at
// 2.56 M parameters). So each parameter's update frees its intermediates, its gradient and its
// old state as soon as they are used: at most three copies of the largest parameter tensor live
// beyond parameters, one gradient and the state (same operations in the same order: same bits).

import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../../plan/cell.js';
import { lrAt } from '../../plan/lr-schedule.js';
import { chain } from '../chain.js';

export interface Optimizer {
  /** New parameters after one step with gradients `g` (t = 1, 2, …), which it disposes. Call inside tf.tidy. */
  step(p: tf.Tensor[], g: tf.Tensor[], t: number): tf.Tensor[];
  /** Tensors of the optimizer state, kept across steps (replaced by `step`). */
  state(): tf.Tensor[];
  dispose(): void;
}

/** Set state entry i to a new tensor and keep it (the old one is already disposed). */
function replace(state: tf.Tensor[], i: number, next: tf.Tensor): tf.Tensor {
  state[i] = tf.keep(next);
  return next;
}

/** w − s·η for one parameter, freeing s·η and the gradient-derived step s when `own`. */
function descend(w: tf.Tensor, s: tf.Tensor, eta: tf.Tensor, own: boolean): tf.Tensor {
  const out = chain(s, (t) => tf.mul(t, eta), (t) => tf.sub(w, t));
  if (own) s.dispose();
  return out;
}

/** The step size of update t (1-based) as a scalar tensor: one kept tensor when the lr is constant. */
interface StepSize { at(t: number): tf.Scalar; dispose(): void }

function stepSize(config: OptimizerConfig): StepSize {
  if (!config.schedule) {
    const eta = tf.keep(tf.scalar(config.lr));
    return { at: () => eta, dispose: () => eta.dispose() };
  }
  return { at: (t) => tf.scalar(lrAt(config, t - 1)), dispose: () => {} }; // made inside the step's tf.tidy
}

function plain(eta: StepSize): Optimizer {
  return {
    step: (p, g, t) => {
      const lr = eta.at(t);
      return p.map((w, i) => descend(w, g[i]!, lr, true));
    },
    state: () => [],
    dispose: () => eta.dispose(),
  };
}

/** v ← βv + g; w ← w − η_t v. */
function momentum(eta: StepSize, beta: number): Optimizer {
  const b = tf.keep(tf.scalar(beta));
  const v: tf.Tensor[] = [];
  return {
    step(p, g, t) {
      const lr = eta.at(t);
      return p.map((w, i) => {
        const gi = g[i]!;
        const old = v[i];
        const nv = replace(v, i, old ? chain(old, (t) => tf.mul(t, b), (t) => tf.add(t, gi)) : gi.clone());
        old?.dispose();
        gi.dispose();
        return descend(w, nv, lr, false);
      });
    },
    state: () => v,
    dispose: () => {
      eta.dispose();
      tf.dispose([b, ...v]);
    },
  };
}

/** Adam (Kingma & Ba), bias corrections folded into the step size and epsilon; lr(t) is update t's lr. */
function adam(lr: (t: number) => number, beta1: number, beta2: number, eps: number): Optimizer {
  const [b1, c1, b2, c2] = [beta1, 1 - beta1, beta2, 1 - beta2].map((x) => tf.keep(tf.scalar(x)));
  const m: tf.Tensor[] = [];
  const v: tf.Tensor[] = [];
  /** β·s + x·c; s (the old state) is disposed as soon as β·s exists, x is kept. */
  const blend = (s: tf.Tensor | undefined, beta: tf.Tensor, x: tf.Tensor, c: tf.Tensor): tf.Tensor => {
    if (!s) return tf.mul(x, c);
    const sb = tf.mul(s, beta);
    s.dispose();
    const xc = tf.mul(x, c);
    const out = tf.add(sb, xc);
    tf.dispose([sb, xc]);
    return out;
  };
  return {
    step(p, g, t) {
      const bc2 = Math.sqrt(1 - beta2 ** t);
      const stepSize = tf.scalar((lr(t) * bc2) / (1 - beta1 ** t));
      const epsHat = tf.scalar(eps * bc2);
      return p.map((w, i) => {
        const gi = g[i]!;
        const nm = replace(m, i, blend(m[i], b1!, gi, c1!));
        const sq = tf.square(gi);
        gi.dispose();
        const nv = replace(v, i, blend(v[i], b2!, sq, c2!));
        sq.dispose();
        return chain(nv, tf.sqrt, (x) => tf.add(x, epsHat), (x) => tf.div(nm, x), (x) => tf.mul(x, stepSize), (x) => tf.sub(w, x));
      });
    },
    state: () => [...m, ...v],
    dispose: () => tf.dispose([b1!, c1!, b2!, c2!, ...m, ...v]),
  };
}

export function makeOptimizer(config: OptimizerConfig): Optimizer {
  switch (config.kind) {
    case 'gd':
    case 'sgd':
      return plain(stepSize(config));
    case 'momentum':
      return momentum(stepSize(config), config.beta);
    case 'adam':
      return adam((t) => lrAt(config, t - 1), config.beta1, config.beta2, config.eps);
  }
}

/** Batch size of an optimizer (null: full batch). */
export function batchSize(config: OptimizerConfig): number | null {
  return config.kind === 'gd' ? null : config.batch;
}
