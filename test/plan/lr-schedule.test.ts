// Learning-rate schedules: lrAt against each schedule's closed form written out by hand, the
// epoch of a step (ceil(n_train / batch) steps an epoch, one for full batch), resolution from
// `optimizer = momentum(…, schedule: …)`, the hash (a schedule counts only when written), and the
// checker's errors at the argument's span. Tolerances: 1e-15 relative (the same arithmetic).

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { planSpec } from '../../src/plan/index.js';
import { lrAt, stepsPerEpoch } from '../../src/plan/lr-schedule.js';
import type { OptimizerConfig } from '../../src/plan/cell.js';
import { planText, smallSpec } from './helpers.js';
import * as M from '../../src/messages/index.js';

const close = (xs: number[], ys: number[]) => {
  expect(xs.length).toBe(ys.length);
  xs.forEach((x, i) => expect(Math.abs(x - ys[i]!)).toBeLessThanOrEqual(1e-15 * Math.abs(ys[i]!) + 1e-18));
};
const range = (n: number) => Array.from({ length: n }, (_, t) => t);
/** smallSpec (n_train = 20) with this optimizer and training length. */
const withOptimizer = (optimizer: string, train = '  epochs = 3') => smallSpec({ train }).replace('gd(lr: 0.1)', optimizer);
const optimizerOf = (optimizer: string, train?: string) => planText(withOptimizer(optimizer, train)).cells[0]!.train.optimizer;

describe('lrAt', () => {
  it('is the optimizer\'s lr itself without a schedule', () => {
    const opt: OptimizerConfig = { kind: 'sgd', lr: 0.3, batch: 4 };
    expect(range(50).map((t) => lrAt(opt, t)).every((x) => x === 0.3)).toBe(true);
  });

  it('inverse_time: lr / (1 + e/3), constant within an epoch of ceil(20 / 6) = 4 steps (Chizat et al.)', () => {
    const opt: OptimizerConfig = { kind: 'momentum', lr: 0.1, beta: 0.9, batch: 6, schedule: { kind: 'inverse_time', epochs: 3, stepsPerEpoch: 4 } };
    // epochs 0, 1, 2 → 0.1, 0.1 / (4/3) = 0.075, 0.1 / (5/3) = 0.06
    close(range(12).map((t) => lrAt(opt, t)), [0.1, 0.1, 0.1, 0.1, 0.075, 0.075, 0.075, 0.075, 0.06, 0.06, 0.06, 0.06]);
  });

  it('step_decay: lr · 0.5^floor(e / 2); full batch, so an epoch is a step', () => {
    const opt: OptimizerConfig = { kind: 'gd', lr: 0.8, schedule: { kind: 'step_decay', every: 2, factor: 0.5, stepsPerEpoch: 1 } };
    close(range(7).map((t) => lrAt(opt, t)), [0.8, 0.8, 0.4, 0.4, 0.2, 0.2, 0.1]);
  });

  it('cosine: lr at e = 0, the mean of lr and min at half, min from `epochs` on', () => {
    const opt: OptimizerConfig = { kind: 'adam', lr: 1, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: 5, schedule: { kind: 'cosine', epochs: 4, min: 0.2, stepsPerEpoch: 2 } };
    const c = (e: number) => 0.2 + 0.8 * (1 + Math.cos((Math.PI * e) / 4)) / 2;
    const lrs = range(12).map((t) => lrAt(opt, t));
    close(lrs, [1, 1, c(1), c(1), 0.6, 0.6, c(3), c(3), 0.2, 0.2, 0.2, 0.2]);
    expect(lrs[8]).toBe(0.2);
  });

  it('counts ceil(n_train / batch) steps an epoch, one for full batch', () => {
    expect([stepsPerEpoch(20, 6), stepsPerEpoch(20, 5), stepsPerEpoch(20, 20), stepsPerEpoch(20, null)]).toEqual([4, 4, 1, 1]);
  });
});

describe('resolution', () => {
  it('reads the schedule next to the lr, with its epoch length from n_train and the batch', () => {
    expect(optimizerOf('momentum(lr: 0.1, batch: 6, schedule: inverse_time(epochs: 3))')).toEqual({
      kind: 'momentum', lr: 0.1, beta: 0.9, batch: 6, schedule: { kind: 'inverse_time', epochs: 3, stepsPerEpoch: 4 },
    });
    expect(optimizerOf('sgd(lr: 0.1, batch: 5, schedule: step_decay(2))').schedule).toEqual({ kind: 'step_decay', every: 2, factor: 0.1, stepsPerEpoch: 4 });
    expect(optimizerOf('gd(lr: 0.1, schedule: cosine(min: 0.01))', '  steps = 7').schedule).toEqual({ kind: 'cosine', epochs: 7, min: 0.01, stepsPerEpoch: 1 });
  });

  it('gives cosine the run\'s epochs by default (the last partial epoch counted)', () => {
    expect(optimizerOf('adam(lr: 0.01, batch: 6, schedule: cosine)', '  steps = 10').schedule).toEqual({ kind: 'cosine', epochs: 3, min: 0, stepsPerEpoch: 4 });
  });

  it('leaves `constant` and an omitted schedule out of the cell, so the hash is the same', () => {
    const none = planText(withOptimizer('sgd(lr: 0.1, batch: 5)')).cells;
    const constant = planText(withOptimizer('sgd(lr: 0.1, batch: 5, schedule: constant)')).cells;
    expect(constant.map((c) => c.hash)).toEqual(none.map((c) => c.hash));
    expect('schedule' in none[0]!.train.optimizer).toBe(false);
    const decayed = planText(withOptimizer('sgd(lr: 0.1, batch: 5, schedule: inverse_time(3))')).cells;
    expect(decayed.map((c) => c.hash).some((h) => none.some((c) => c.hash === h))).toBe(false);
  });

  it('keeps the hashes of every committed report: no shipped spec writes a schedule in the profile it ran', () => {
    const root = join(__dirname, '..', '..');
    const names = readdirSync(join(root, 'reports')).filter((n) => existsSync(join(root, 'reports', n, 'results.json')));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const results = JSON.parse(readFileSync(join(root, 'reports', name, 'results.json'), 'utf8')) as { profile: string | null; cells: { hash: string }[] };
      const { spec } = parseSpec(readFileSync(join(root, 'specs', `${name}.lazy`), 'utf8'));
      const planned = new Set(planSpec(spec, { profile: results.profile }).plan!.cells.map((c) => c.hash));
      expect(results.cells.filter((c) => !planned.has(c.hash)).length, name).toBe(0);
    }
  });
});

describe('errors', () => {
  /** The 1-based column of `value` written after `before` on an indented train line. */
  const at = (before: string, _value: string): number => 2 + before.length + 1;
  const diagnose = (optimizer: string): string => {
    const text = withOptimizer(optimizer);
    const { spec } = parseSpec(text);
    return formatDiagnostics(checkSpec(spec), 'spec.lazy', text);
  };

  it('E0360: a step_decay factor of 1 or more, at the factor, with a hint', () => {
    const out = diagnose('sgd(lr: 0.1, batch: 5, schedule: step_decay(every: 2, factor: 1.5))');
    // the optimizer is on line 20; the caret is under `1.5`
    expect(out).toContain(`spec.lazy:20:${at('optimizer = sgd(lr: 0.1, batch: 5, schedule: step_decay(every: 2, factor: ', '1.5')}: error[E0360]: ${M.decayFactorOutOfRange(1.5)}`);
    expect(out).toContain(M.decayFactorHint());
  });

  it('E0361: a cosine min not below the lr, at the min, with a hint', () => {
    const out = diagnose('momentum(lr: 0.1, schedule: cosine(epochs: 3, min: 0.1))');
    expect(out).toContain(`spec.lazy:20:${at('optimizer = momentum(lr: 0.1, schedule: cosine(epochs: 3, min: ', '0.1')}: error[E0361]: ${M.cosineMinNotBelowLr(0.1, 0.1)}`);
    expect(out).toContain(M.cosineMinHint(0.1));
  });

  it('an unknown schedule, a bad argument and a missing one, each at its span', () => {
    expect(diagnose('sgd(lr: 0.1, batch: 5, schedule: cosin)')).toContain(`error[E0203]: ${M.unknownWord(M.familyWhat('schedule'), 'cosin')}`);
    expect(diagnose('sgd(lr: 0.1, batch: 5, schedule: cosin)')).toContain(M.didYouMean('cosine'));
    expect(diagnose('sgd(lr: 0.1, batch: 5, schedule: inverse_time(epochs: 0))')).toContain('error[E0311]');
    expect(diagnose('sgd(lr: 0.1, batch: 5, schedule: inverse_time)')).toContain(`error[E0303]: ${M.needsArgument('inverse_time', 'epochs')}`);
    expect(diagnose('sgd(lr: 0.1, batch: 5, schedule: step_decay(every: 2, factor: 0))')).toContain('error[E0311]');
  });
});

describe('measurements whose closed form needs a constant lr', () => {
  it('infinite_width is refused at check time under a schedule, with the reason', () => {
    const text = smallSpec({ train: '  steps = 10', model: '  parameterization = ntk', tail: 'measure {\n  infinite_width\n}' }).replace('gd(lr: 0.1)', 'gd(lr: 0.1, schedule: step_decay(every: 5))');
    const { spec } = parseSpec(text);
    const out = formatDiagnostics(checkSpec(spec), 'spec.lazy', text);
    expect(out).toContain('error[E0408]');
    expect(out).toContain(M.infiniteNeedsConstantLr('net'));
    const { spec: constant } = parseSpec(text.replace(', schedule: step_decay(every: 5)', ''));
    expect(checkSpec(constant).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
