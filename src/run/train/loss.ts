// Losses on the model output f, their gradients, and the same losses on plain numbers.
//
// Reported loss L(f): mse = (1/2n) Σ_i ‖f_i − y_i‖², bce = mean(softplus(f) − y·f) on the logit,
// cross_entropy = mean(logsumexp(f) − f_y). The training objective is Chizat's
// F_α = L(α·h)/α², so ∂F/∂h = (1/α)·∂L/∂f (identical to L when α = 1).

import * as tf from '@tensorflow/tfjs-core';
import type { Loss } from '../../plan/cell.js';

/** L (a scalar tensor) and ∂L/∂f for a batch of n rows. Call inside tf.tidy. */
export function lossAndGrad(loss: Loss, f: tf.Tensor2D, y: tf.Tensor2D): { value: tf.Scalar; grad: tf.Tensor2D } {
  const n = f.shape[0];
  switch (loss) {
    case 'mse': {
      const r = tf.sub(f, y);
      return { value: tf.div(tf.sum(tf.square(r)), 2 * n), grad: tf.div(r, n) as tf.Tensor2D };
    }
    case 'bce': {
      const value = tf.mean(tf.sub(tf.softplus(f), tf.mul(y, f))) as tf.Scalar;
      return { value, grad: tf.div(tf.sub(tf.sigmoid(f), y), n) as tf.Tensor2D };
    }
    case 'cross_entropy': {
      const logp = tf.sub(f, tf.logSumExp(f, 1, true));
      const value = tf.div(tf.neg(tf.sum(tf.mul(y, logp))), n) as tf.Scalar;
      return { value, grad: tf.div(tf.sub(tf.exp(logp), y), n) as tf.Tensor2D };
    }
  }
}

/** The same loss computed in float64 on plain arrays (n × k row-major). */
export function lossValue(loss: Loss, f: ArrayLike<number>, y: ArrayLike<number>, k: number): number {
  const n = f.length / k;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (loss === 'mse') {
      for (let c = 0; c < k; c++) total += 0.5 * (f[i * k + c]! - y[i * k + c]!) ** 2;
    } else if (loss === 'bce') {
      const z = f[i]!;
      total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i]! * z;
    } else {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, f[i * k + c]!);
      let s = 0, dot = 0;
      for (let c = 0; c < k; c++) {
        s += Math.exp(f[i * k + c]! - max);
        dot += y[i * k + c]! * f[i * k + c]!;
      }
      total += max + Math.log(s) - dot;
    }
  }
  return total / n;
}

/**
 * Fraction of correct predictions: argmax for several outputs; otherwise the sign of f
 * against class 1 (bce logit > 0, or mse output > 0 with ±1 targets). NaN without classes.
 */
export function accuracy(f: Float32Array, classes: Int32Array | null, k: number): number {
  if (!classes) return NaN;
  let right = 0;
  for (let i = 0; i < classes.length; i++) {
    let pred: number;
    if (k > 1) {
      pred = 0;
      for (let c = 1; c < k; c++) if (f[i * k + c]! > f[i * k + pred]!) pred = c;
    } else {
      pred = f[i]! > 0 ? 1 : 0;
    }
    if (pred === classes[i]) right++;
  }
  return right / classes.length;
}
