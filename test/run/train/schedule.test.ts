import { expect, test } from 'vitest';
import { logSteps } from '../../../src/run/train/schedule.js';

test('every k: 0, k, 2k, … and the final step', () => {
  expect(logSteps({ kind: 'every', every: 5 }, 12)).toEqual([0, 5, 10, 12]);
  expect(logSteps({ kind: 'every', every: 5 }, 10)).toEqual([0, 5, 10]);
  expect(logSteps({ kind: 'every', every: 1 }, 3)).toEqual([0, 1, 2, 3]);
});

test('logspaced n: n distinct sorted integers from 0 to the final step, roughly geometric', () => {
  for (const [n, T] of [[12, 300], [5, 10], [20, 25], [2, 7], [30, 100000]] as const) {
    const s = logSteps({ kind: 'logspaced', points: n }, T);
    expect(s).toHaveLength(Math.min(n, T + 1));
    expect(s[0]).toBe(0);
    expect(s[s.length - 1]).toBe(T);
    for (let i = 1; i < s.length; i++) expect(s[i]!).toBeGreaterThan(s[i - 1]!);
  }
  const s = logSteps({ kind: 'logspaced', points: 7 }, 100000);
  expect(s).toEqual([0, 1, 10, 100, 1000, 10000, 100000]);
  expect(logSteps({ kind: 'logspaced', points: 10 }, 4)).toEqual([0, 1, 2, 3, 4]);
});
