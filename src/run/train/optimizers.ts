// Optimizer updates on tensor lists: gd/sgd, heavy-ball momentum and Adam (PyTorch conventions).
// Step-invariant constants are scalar tensors made once, so an update allocates no scalars; with
// an lr schedule the step size of update t is lrAt(config, t − 1) (src/plan/lr-schedule.ts),
// applied as PyTorch applies a scheduler's lr: to the whole step, momentum buffer included.

import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../../plan/cell.js';
import { lrAt } from '../../plan/lr-schedule.js';

export interface Optimizer {
  /** New parameters after one step with gradients `g` (t = 1, 2, …). Call inside tf.tidy. */
  step(p: tf.Tensor[], g: tf.Tensor[], t: number): tf.Tensor[];
  /** Tensors of the optimizer state, kept across steps (replaced by `step`). */
  state(): tf.Tensor[];
  dispose(): void;
}

/** Replace the state tensors by new ones, keeping the new and disposing the old. */
function swap(old: tf.Tensor[], next: tf.Tensor[]): tf.Tensor[] {
  next.forEach((t) => tf.keep(t));
  tf.dispose(old);
  return next;
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
      return p.map((w, i) => tf.sub(w, tf.mul(g[i]!, lr)));
    },
    state: () => [],
    dispose: () => eta.dispose(),
  };
}

/** v ← βv + g; w ← w − η_t v. */
function momentum(eta: StepSize, beta: number): Optimizer {
  const b = tf.keep(tf.scalar(beta));
  let v: tf.Tensor[] | null = null;
  return {
    step(p, g, t) {
      const nv = g.map((gi, i) => (v ? tf.add(tf.mul(v[i]!, b), gi) : gi.clone()));
      v = swap(v ?? [], nv);
      const lr = eta.at(t);
      return p.map((w, i) => tf.sub(w, tf.mul(nv[i]!, lr)));
    },
    state: () => v ?? [],
    dispose: () => {
      eta.dispose();
      tf.dispose([b, ...(v ?? [])]);
    },
  };
}

/** Adam (Kingma & Ba), bias corrections folded into the step size and epsilon; lr(t) is update t's lr. */
function adam(lr: (t: number) => number, beta1: number, beta2: number, eps: number): Optimizer {
  const [b1, c1, b2, c2] = [beta1, 1 - beta1, beta2, 1 - beta2].map((x) => tf.keep(tf.scalar(x)));
  let m: tf.Tensor[] | null = null;
  let v: tf.Tensor[] | null = null;
  return {
    step(p, g, t) {
      const nm = g.map((gi, i) => (m ? tf.add(tf.mul(m[i]!, b1!), tf.mul(gi, c1!)) : tf.mul(gi, c1!)));
      const nv = g.map((gi, i) => {
        const sq = tf.mul(tf.square(gi), c2!);
        return v ? tf.add(tf.mul(v[i]!, b2!), sq) : sq;
      });
      m = swap(m ?? [], nm);
      v = swap(v ?? [], nv);
      const bc2 = Math.sqrt(1 - beta2 ** t);
      const size = tf.scalar((lr(t) * bc2) / (1 - beta1 ** t));
      const epsHat = tf.scalar(eps * bc2);
      return p.map((w, i) => tf.sub(w, tf.mul(tf.div(nm[i]!, tf.add(tf.sqrt(nv[i]!), epsHat)), size)));
    },
    state: () => [...(m ?? []), ...(v ?? [])],
    dispose: () => tf.dispose([b1!, c1!, b2!, c2!, ...(m ?? []), ...(v ?? [])]),
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
