// The plan's FLOPs count the linearized network of `linearization_gap`, against hand counts on
// tiny cells (exact integers): explicit stepping costs 5 forward passes a step and example (forward
// at w0, tangent, backward at w0) and 3 per example of both splits at each logged step; the fully
// connected closed form costs its factorized kernel, one eigendecomposition and the logged steps.

import { describe, expect, it } from 'vitest';
import { cellFlops } from '../../src/plan/cost.js';
import { linearizedMethod, logCount } from '../../src/plan/linearized-cost.js';
import { logSteps } from '../../src/run/train/schedule.js';
import type { RunCell } from '../../src/plan/cell.js';
import { planText, smallSpec } from './helpers.js';

// smallSpec: gaussian data, dim 4 → hidden 8 → 1 output, n_train = 20, no test set, no bias.
const spec = (optimizer: string, train: string, model = '') =>
  smallSpec({ sweeps: 'sweep m = [8]', train, model, tail: 'measure {\n  train_loss\n  linearization_gap\n}' }).replace('gd(lr: 0.1)', optimizer);
const cellOf = (text: string): RunCell => planText(text).cells[0]!;
const without = (c: RunCell): RunCell => ({ ...c, measure: c.measure.filter((m) => m.name !== 'linearization_gap') });

describe('the linearized network in the cost estimate', () => {
  it('explicit (sgd, fully connected): 5·F·batch·steps + 3·F·(n + n*)·logs on top of 3·F·batch·steps', () => {
    const c = cellOf(spec('sgd(lr: 0.1, batch: 5)', '  epochs = 2\n  log = every(2)'));
    const F = 2 * (4 * 8 + 8 * 1); // 80
    expect([linearizedMethod(c), c.train.steps, logCount(c)]).toEqual(['explicit', 8, 5]); // logged at 0, 2, 4, 6, 8
    expect(cellFlops(without(c))).toBe(3 * F * 5 * 8); // 9,600
    expect(cellFlops(c)).toBe(3 * F * 5 * 8 + 5 * F * 5 * 8 + 3 * F * 20 * 5);
    expect(cellFlops(c)).toBe(49_600);
  });

  it('closed form (gd, mse, scalar): 2·n·(n + n*)·Σ(fan_in + fan_out) + 10·n³ + logs·(4n² + 2n*·n)', () => {
    const c = cellOf(spec('gd(lr: 0.1)', '  steps = 10'));
    expect([linearizedMethod(c), logCount(c)]).toEqual(['closed_form', 11]); // every(1) by default for 10 steps
    const network = 3 * 2 * 20 * (4 * 8 + 8) * 10; // 48,000
    expect(cellFlops(c)).toBe(network + 2 * 20 * 20 * ((4 + 8) + (8 + 1)) + 10 * 20 ** 3 + 11 * 4 * 20 * 20);
    expect(cellFlops(c)).toBe(162_400);
  });

  it('a scheduled lr steps gd explicitly, as the engine does', () => {
    const c = cellOf(spec('gd(lr: 0.1, schedule: step_decay(every: 5))', '  steps = 10'));
    const F = 80;
    expect(linearizedMethod(c)).toBe('explicit');
    expect(cellFlops(c)).toBe(3 * F * 20 * 10 + 5 * F * 20 * 10 + 3 * F * 20 * 11);
  });

  it('layered networks always step explicitly: dense 4→8, relu (8 ops), output dense 8→1', () => {
    const c = cellOf(spec('gd(lr: 0.1)', '  steps = 10', '  layers = [dense(m), relu]').replace('hidden = [m]\n', ''));
    const F = 2 * 4 * 8 + 8 + 2 * 8 * 1; // 88
    expect(linearizedMethod(c)).toBe('explicit');
    expect(cellFlops(without(c))).toBe(3 * F * 20 * 10);
    expect(cellFlops(c)).toBe(3 * F * 20 * 10 + 5 * F * 20 * 10 + 3 * F * 20 * 11);
    expect(cellFlops(c)).toBe(198_880);
  });

  it('counts the logged steps the engine logs', () => {
    const base = cellOf(spec('gd(lr: 0.1)', '  steps = 10'));
    for (const [steps, log] of [[10, { kind: 'every', every: 3 }], [1000, { kind: 'every', every: 7 }], [1000, { kind: 'logspaced', points: 12 }], [5, { kind: 'logspaced', points: 12 }]] as const) {
      const c = { ...base, train: { ...base.train, steps, log } };
      expect(logCount(c), JSON.stringify(log)).toBe(logSteps(log, steps).length);
    }
  });
});
