// Minibatches: an epoch is one pass over the training set — with n = 10 and batch 4 the epoch is
// batches of 4, 4 and 2 covering every index once, then a fresh permutation.

import { describe, expect, test } from 'vitest';
import { makeBatcher } from '../../../src/run/train/batches.js';

describe('makeBatcher', () => {
  test('the last batch of an epoch is the partial remainder; every example once per epoch', () => {
    const b = makeBatcher(10, 4, 7);
    for (let epoch = 0; epoch < 3; epoch++) {
      const batches = [b.next()!, b.next()!, b.next()!];
      expect(batches.map((x) => x.length)).toEqual([4, 4, 2]);
      expect([...batches.flatMap((x) => [...x])].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  test('a batch size that divides n gives full batches; full-batch training gives null', () => {
    const b = makeBatcher(8, 4, 1);
    expect([b.next()!.length, b.next()!.length, b.next()!.length]).toEqual([4, 4, 4]);
    expect(makeBatcher(8, null, 1).next()).toBeNull();
    expect(makeBatcher(8, 8, 1).next()).toBeNull();
  });
});
