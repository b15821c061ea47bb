// The model output both sessions train: f = α·(h − h0) from the raw network output h (h0: the
// frozen copy's output, or null), and the gradient that flows back into h for Chizat's F_α.
import * as tf from '@tensorflow/tfjs-core';

export function modelOutput(h: tf.Tensor2D, h0: tf.Tensor2D | null, alpha: number): tf.Tensor2D {
  const d = h0 ? tf.sub(h, h0) : h;
  return (alpha === 1 ? d : tf.mul(d, alpha)) as tf.Tensor2D;
}

/** ∂F/∂h from ∂F/∂f: the chain rule through f = α·h. */
export function outputGrad(grad: tf.Tensor2D, alpha: number): tf.Tensor2D {
  return (alpha === 1 ? grad : tf.mul(grad, 1 / alpha)) as tf.Tensor2D;
}
