// The grid: data × model × sweeps × seeds as a product (first axis outermost), zipped sweeps
// moving together, and the list builders range / linspace / logspace evaluated exactly.

import { describe, expect, it } from 'vitest';
import { planErrors, planText, smallSpec } from './helpers.js';
import * as M from '../../src/messages/index.js';

/** The values a one-name sweep `x = …` takes, read back from the plan. */
function sweepValues(expr: string): number[] {
  const text = smallSpec({ sweeps: `sweep m = [8]\nsweep x = ${expr}`, model: '  sigma_w = 1 + 0 * x' });
  return planText(text).cells.map((c) => c.values['x'] as number);
}

describe('the grid is the product of its axes', () => {
  it('counts data × model × sweep × sweep × seeds cells', () => {
    const text = smallSpec({ sweeps: 'sweep m = [8, 16, 32]\nsweep lr = [0.1, 0.2]\nseeds = 2' }).replace('gd(lr: 0.1)', 'gd(lr: lr)')
      + '\nmodel deep {\n  hidden = [m, m]\n}\n\ndata other {\n  source = gaussian(std: 2)\n  dim = 3\n  n_train = 10\n}\n';
    const plan = planText(text);
    expect(plan.cells.length).toBe(2 * 2 * 3 * 2 * 2);
    expect(plan.cost.cells).toBe(48);
    expect(new Set(plan.cells.map((c) => c.hash)).size).toBe(48);
    expect(plan.cells.map((c) => c.index)).toEqual([...Array(48).keys()]);
    // First axis outermost, seeds innermost.
    expect(plan.cells.slice(0, 5).map((c) => [c.data.name, c.model.name, c.values['m'], c.values['lr'], c.seed])).toEqual([
      ['toy', 'net', 8, 0.1, 0], ['toy', 'net', 8, 0.1, 1], ['toy', 'net', 8, 0.2, 0], ['toy', 'net', 8, 0.2, 1], ['toy', 'net', 16, 0.1, 0],
    ]);
    expect(plan.cells[47]!.values).toEqual({ m: 32, lr: 0.2, model: 'deep', data: 'other' });
  });

  it('moves zipped sweeps together instead of multiplying them', () => {
    const text = smallSpec({ sweeps: 'sweep (m, lr) = zip([8, 16, 32], [0.4, 0.2, 0.1])\nseeds = [3, 9]' }).replace('gd(lr: 0.1)', 'gd(lr: lr)');
    const cells = planText(text).cells;
    expect(cells.map((c) => [c.values['m'], c.values['lr'], c.seed, c.model.hidden[0], c.train.optimizer.lr])).toEqual([
      [8, 0.4, 3, 8, 0.4], [8, 0.4, 9, 8, 0.4], [16, 0.2, 3, 16, 0.2], [16, 0.2, 9, 16, 0.2], [32, 0.1, 3, 32, 0.1], [32, 0.1, 9, 32, 0.1],
    ]);
  });

  it('multiplies a zipped axis with a plain one', () => {
    const text = smallSpec({ sweeps: 'sweep (m, lr) = zip([8, 16], [0.4, 0.2])\nsweep k = [1, 2, 3]' })
      .replace('gd(lr: 0.1)', 'gd(lr: lr)').replace('  steps = 10', '  steps = 10 * k');
    expect(planText(text).cells.map((c) => `${c.values['m']}/${c.values['k']}/${c.train.steps}`)).toEqual([
      '8/1/10', '8/2/20', '8/3/30', '16/1/10', '16/2/20', '16/3/30',
    ]);
  });

  it('uses seed 0 alone without a seeds statement, and 0…n-1 for seeds = n', () => {
    expect(planText(smallSpec()).cells.map((c) => c.seed)).toEqual([0, 0]);
    expect(planText(smallSpec({ sweeps: 'sweep m = [8]\nseeds = 4' })).cells.map((c) => c.seed)).toEqual([0, 1, 2, 3]);
    expect(planText(smallSpec({ sweeps: 'sweep m = [8]\nseeds = 4' })).cells.map((c) => c.data.seed)).toEqual([0, 1, 2, 3]);
  });

  it('reports an empty sweep and a zip of unequal lengths', () => {
    expect(planErrors(smallSpec({ sweeps: 'sweep m = []' }))).toEqual([`E0206 ${M.sweepEmpty('m')}`]);
    expect(planErrors(smallSpec({ sweeps: 'sweep (m, lr) = zip([8, 16], [0.1])' }))).toEqual([`E0305 ${M.zipLengths(2, 1)}`]);
  });
});

describe('list builders', () => {
  it('range includes its stop when the step lands on it', () => {
    expect(sweepValues('range(1, 10, 3)')).toEqual([1, 4, 7, 10]);
    expect(sweepValues('range(1, 9, 3)')).toEqual([1, 4, 7]);
    expect(sweepValues('range(0, 1, 0.1)')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(sweepValues('range(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(sweepValues('range(2, 4)')).toEqual([2, 3, 4]);
  });

  it('linspace gives count evenly spaced values, both ends included', () => {
    expect(sweepValues('linspace(0, 1, 5)')).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(sweepValues('linspace(0.1, 0.3, 3)')).toEqual([0.1, 0.2, 0.3]);
    expect(sweepValues('linspace(7, 9, 1)')).toEqual([7]);
  });

  it('logspace with base 2 gives exact powers of two, base 10 by default', () => {
    const twos = sweepValues('logspace(5, 10, 6, base: 2)');
    expect(twos).toEqual([32, 64, 128, 256, 512, 1024]);
    expect(twos.every((x, i) => x === 2 ** (5 + i) && Number.isInteger(x))).toBe(true);
    expect(sweepValues('logspace(-3, -1, 3)')).toEqual([0.001, 0.01, 0.1]);
    expect(sweepValues('logspace(0, 3, 4, 2)')).toEqual([1, 2, 4, 8]);
  });

  it('reports a zero step and a bad count', () => {
    expect(planErrors(smallSpec({ sweeps: 'sweep m = range(1, 5, 0)' }))).toEqual([`E0306 ${M.rangeZeroStep()}`]);
    expect(planErrors(smallSpec({ sweeps: 'sweep m = linspace(1, 5, 2.5)' }))).toEqual([`E0308 ${M.badCount('linspace', 2.5)}`]);
  });
});
