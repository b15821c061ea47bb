// Minibatch indices: consecutive slices of a seeded permutation, reshuffled each epoch.

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
      if (pos + batch > n) {
        perm = permutation(rng, n);
        pos = 0;
      }
      const out = perm.slice(pos, pos + batch);
      pos += batch;
      return out;
    },
  };
}
