// Chains of tensor operations that free each intermediate as soon as the next exists. Inside a
// tf.tidy every intermediate lives until the tidy ends; for parameter-sized tensors of a wide
// network that multiplies a training step's peak memory (src/run/train/optimizers.ts).

import type * as tf from '@tensorflow/tfjs-core';

/** x → ops[0] → ops[1] → …, disposing each intermediate once the next exists (x itself is kept). */
export function chain(x: tf.Tensor, ...ops: ((t: tf.Tensor) => tf.Tensor)[]): tf.Tensor {
  let cur = x;
  for (const op of ops) {
    const next = op(cur);
    if (cur !== x) cur.dispose();
    cur = next;
  }
  return cur;
}

