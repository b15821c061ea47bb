// Minibatch indices: consecutive slices of a seeded permutation, reshuffled each epoch. An epoch
// is one pass over the training set: when the batch size does not divide n, the epoch's last
// batch is the partial remainder (no example is skipped), so `epochs = E` sees every example E times.

import { makeRng, permutation } from '../rng.js';

export interface Batcher {
  /** Indices of the next batch, or null for full-batch training. */
  next(): Int32Array | null;
}

export function makeBatcher(n: number, batch: number | null, seed: number): Batcher {
  if (batch === null || batch >= n) return { next: () => null };
  const rng = makeRng(seed, 'batches');
  let perm = permutation(rng, n);
  let pos = 0;
  return {
    next() {
      if (pos >= n) {
        perm = permutation(rng, n);
        pos = 0;
      }
      const out = perm.slice(pos, Math.min(pos + batch, n));
      pos += batch;
      return out;
    },
  };
}
