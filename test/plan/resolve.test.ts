// Per-cell resolution: epochs → steps with a batch, multipliers and default inits by
// parameterization, the symmetrized and frozen-copy flags, heads, losses and optimizers.
// Expected numbers are written from the formulas in src/plan/cell.ts, tolerance 1e-15 relative.

import { describe, expect, it } from 'vitest';
import { planErrors, planText, smallSpec } from './helpers.js';
import * as M from '../../src/messages/index.js';

const cellOf = (parts: Parameters<typeof smallSpec>[0]) => planText(smallSpec(parts)).cells[0]!;
const close = (xs: number[], ys: number[]) => {
  expect(xs.length).toBe(ys.length);
  xs.forEach((x, i) => expect(x).toBeCloseTo(ys[i]!, 15));
};

describe('steps', () => {
  it('converts epochs with a batch: epochs × ceil(n_train / batch)', () => {
    // n_train = 20, batch 6 → 4 steps an epoch (the last batch holds 2).
    const c = planText(smallSpec({ train: '  epochs = 3' }).replace('gd(lr: 0.1)', 'sgd(lr: 0.1, batch: 6)')).cells[0]!;
    expect(c.train.steps).toBe(12);
    expect(c.train.optimizer).toEqual({ kind: 'sgd', lr: 0.1, batch: 6 });
  });

  it('counts one step an epoch for full-batch optimizers', () => {
    expect(cellOf({ train: '  epochs = 5' }).train.steps).toBe(5);
    const adam = planText(smallSpec({ train: '  epochs = 5' }).replace('gd(lr: 0.1)', 'adam(lr: 0.01, batch: 20)')).cells[0]!;
    expect(adam.train.steps).toBe(5);
    const exact = planText(smallSpec({ train: '  epochs = 5' }).replace('gd(lr: 0.1)', 'momentum(lr: 0.01, batch: 5)')).cells[0]!;
    expect(exact.train.steps).toBe(20);
  });

  it('logs about 100 times by default and reads stop, patience and the log schedule', () => {
    expect(cellOf({ train: '  steps = 1000' }).train.log).toEqual({ kind: 'every', every: 10 });
    expect(cellOf({ train: '  steps = 50' }).train.log).toEqual({ kind: 'every', every: 1 });
    const t = cellOf({ train: '  steps = 50\n  stop = train_loss <= 0.005\n  patience = 7\n  log = logspaced(9)' }).train;
    expect([t.stopLoss, t.patience, t.log]).toEqual([0.005, 7, { kind: 'logspaced', points: 9 }]);
  });

  it('refuses steps and epochs together, and a batch larger than the data', () => {
    expect(planErrors(smallSpec({ train: '  steps = 5\n  epochs = 2' }))).toEqual([`E0406 ${M.stepsAndEpochs()}`]);
    expect(planErrors(smallSpec().replace('gd(lr: 0.1)', 'sgd(lr: 0.1, batch: 21)'))).toEqual([`E0327 ${M.batchTooLarge(21, 20)}`]);
  });
});

describe('multipliers by parameterization', () => {
  // dim 4, hidden [m, 2m] with m = 8: fan-ins 4, 8, 16.
  const model = (p: string) => planText(smallSpec({ sweeps: 'sweep m = [8]', model: `  parameterization = ${p}\n  sigma_w = 2` }).replace('hidden = [m]', 'hidden = [m, 2 * m]')).cells[0]!.model;

  it('standard: 1 everywhere, init std σ_w / sqrt(fan_in)', () => {
    const m = model('standard');
    expect(m.hidden).toEqual([8, 16]);
    expect(m.multipliers).toEqual([1, 1, 1]);
    close(m.init.layers.map((l) => (l as { std: number }).std), [2 / 2, 2 / Math.sqrt(8), 2 / 4]);
  });

  it('ntk: 1 / sqrt(fan_in) per layer, init std σ_w', () => {
    const m = model('ntk');
    close(m.multipliers, [1 / 2, 1 / Math.sqrt(8), 1 / 4]);
    expect(m.init.layers).toEqual([{ kind: 'normal', std: 2 }, { kind: 'normal', std: 2 }, { kind: 'normal', std: 2 }]);
  });

  it('mean_field: 1 on hidden layers, 1 / m on the last', () => {
    expect(model('mean_field').multipliers).toEqual([1, 1, 1 / 16]);
  });

  it('custom: as written, one per layer', () => {
    const c = planText(smallSpec({ sweeps: 'sweep m = [8]', model: '  parameterization = custom\n  multipliers = [0.5, 0.25]' })).cells[0]!;
    expect(c.model.multipliers).toEqual([0.5, 0.25]);
    expect(planErrors(smallSpec({ model: '  parameterization = custom\n  multipliers = [0.5]' }))).toEqual([`E0322 ${M.multiplierCount('net', 2, 1)}`]);
  });
});

describe('inits and heads', () => {
  it('sets the symmetrized and frozen-copy flags around the base distribution', () => {
    const s = cellOf({ model: '  init = symmetrized(normal(std: 0.5))' }).model.init;
    expect(s).toEqual({ layers: [{ kind: 'normal', std: 0.5 }, { kind: 'normal', std: 0.5 }], symmetrized: true, frozenCopy: false });
    const f = cellOf({ model: '  init = frozen_copy(uniform(-1, 1))' }).model.init;
    expect(f).toEqual({ layers: [{ kind: 'uniform', low: -1, high: 1 }, { kind: 'uniform', low: -1, high: 1 }], symmetrized: false, frozenCopy: true });
    expect(cellOf({}).model.init.symmetrized).toBe(false);
  });

  it('refuses a symmetrized init on an odd last width, naming the cell', () => {
    expect(planErrors(smallSpec({ sweeps: 'sweep m = [8, 9]', model: '  init = symmetrized(normal(1))' }))).toEqual([
      `E0321 ${M.symmetrizedOddWidth(9)}${M.inCell({ m: 9 })}`,
    ]);
  });

  it('resolves glorot and he to normal distributions with their stds, one per layer', () => {
    const c = cellOf({ sweeps: 'sweep m = [8]', model: '  init = [glorot, he]' });
    close(c.model.init.layers.map((l) => (l as { std: number }).std), [Math.sqrt(2 / (4 + 8)), Math.sqrt(2 / 8)]);
  });

  it('defaults the loss by head and sizes a softmax head by the classes', () => {
    expect(cellOf({}).train.loss).toBe('mse');
    expect(cellOf({ model: '  head = sigmoid' }).train.loss).toBe('bce');
    const soft = planText(smallSpec({ model: '  head = softmax' }).replace('gaussian(std: 1)', 'gaussian(std: 1, classes: 3)')).cells[0]!;
    expect([soft.train.loss, soft.model.outputDim]).toEqual(['cross_entropy', 3]);
    expect(cellOf({ model: '  head = softmax', train: '  steps = 1\n  loss = mse' }).train.loss).toBe('mse');
  });

  it('resolves every optimizer with its defaults', () => {
    const opt = (o: string) => planText(smallSpec().replace('gd(lr: 0.1)', o)).cells[0]!.train.optimizer;
    expect(opt('gd(0.3)')).toEqual({ kind: 'gd', lr: 0.3 });
    expect(opt('momentum(lr: 0.1)')).toEqual({ kind: 'momentum', lr: 0.1, beta: 0.9, batch: null });
    expect(opt('adam()')).toEqual({ kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: null });
    expect(opt('adam(lr: 0.01, beta1: 0, beta2: 1)')).toMatchObject({ beta1: 0, beta2: 1 });
  });
});
