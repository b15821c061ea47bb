// Seed lists: a repeated seed is reported at its second occurrence with the first one's place,
// also in a list of a million seeds (the duplicate search was quadratic and hung there; the
// fuzzer's input #44469 was `seeds = range(1, 1000000)`).
import { expect, it } from 'vitest';
import { planErrors, smallSpec } from './helpers.js';
import * as M from '../../src/messages/index.js';

it('reports a repeated seed at the repeat, naming the first occurrence', () => {
  const text = smallSpec({ sweeps: 'sweep m = [8]\nseeds = [3, 1, 4, 1]' });
  expect(planErrors(text)).toEqual([`E0207 ${M.seedTwice(1)}`]);
});

it('evaluates a million seeds in one pass and refuses the grid by its size (fuzz input #44469)', () => {
  // Before the one-pass duplicate check this did not return (a quadratic search over 10^6 seeds).
  const text = smallSpec({ sweeps: 'sweep m = [64, 128]\nseeds = range(1, 1000000)' });
  expect(planErrors(text).map((e) => e.split(' ')[0])).toEqual(['E0502']);
});
