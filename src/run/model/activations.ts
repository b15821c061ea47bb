// Activation functions and their derivatives, as tfjs ops (training) and as scalars (teacher
// data, tests). erf uses the same Abramowitz–Stegun 7.1.26 formula as the tfjs kernels.

import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../plan/cell.js';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x), Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7). */
export function erfScalar(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
    + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

/** σ(z) for one number. */
export function activateScalar(act: Activation, z: number): number {
  switch (act) {
    case 'relu': return z > 0 ? z : 0;
    case 'tanh': return Math.tanh(z);
    case 'erf': return erfScalar(z);
    case 'sigmoid': return 1 / (1 + Math.exp(-z));
    case 'gelu': return 0.5 * z * (1 + erfScalar(z * SQRT1_2));
    case 'identity': return z;
  }
}

/** σ'(z) for one number, given a = σ(z): the formulas of activationGrad. */
export function activationGradScalar(act: Activation, z: number, a: number): number {
  switch (act) {
    case 'relu': return z > 0 ? 1 : 0;
    case 'tanh': return 1 - a * a;
    case 'sigmoid': return a * (1 - a);
    case 'erf': return Math.exp(-z * z) * TWO_OVER_SQRT_PI;
    case 'gelu': return 0.5 * (1 + erfScalar(z * SQRT1_2)) + z * Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
    case 'identity': return 1;
  }
}

/** σ(z) elementwise. */
export function activate(act: Activation, z: tf.Tensor): tf.Tensor {
  switch (act) {
    case 'relu': return tf.relu(z);
    case 'tanh': return tf.tanh(z);
    case 'erf': return tf.erf(z);
    case 'sigmoid': return tf.sigmoid(z);
    case 'gelu': return tf.mul(tf.mul(z, 0.5), tf.add(tf.erf(tf.mul(z, SQRT1_2)), 1));
    case 'identity': return z;
  }
}

/** σ'(z) elementwise, using the already computed a = σ(z) where that is cheaper. */
export function activationGrad(act: Activation, z: tf.Tensor, a: tf.Tensor): tf.Tensor {
  switch (act) {
    case 'relu': return tf.step(z);
    case 'tanh': return tf.sub(1, tf.square(a));
    case 'sigmoid': return tf.mul(a, tf.sub(1, a));
    case 'erf': return tf.mul(tf.exp(tf.neg(tf.square(z))), TWO_OVER_SQRT_PI);
    case 'gelu': {
      const cdf = tf.mul(tf.add(tf.erf(tf.mul(z, SQRT1_2)), 1), 0.5);
      const pdf = tf.mul(tf.exp(tf.mul(tf.square(z), -0.5)), INV_SQRT_2PI);
      return tf.add(cdf, tf.mul(z, pdf));
    }
    case 'identity': return tf.onesLike(z);
  }
}
