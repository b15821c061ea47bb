// Resolves the `train` and `measure` blocks in one cell: loss, optimizer with its lr and lr
// schedule (resolve-schedule.ts), steps (epochs converted), stop conditions, log schedule, and
// the measurement options.

import type { TrainBlock, MeasureBlock, Expr } from '../lang/ast.js';
import type { Head, Loss, LogSchedule, MeasureConfig, MeasureOption, OptimizerConfig, TrainConfig } from './cell.js';
import { MEASUREMENTS } from '../check/catalogue.js';
import { Collector, EvalError, type Scope } from './eval.js';
import { resolveEnum, resolveNumber, resolveCallArgs } from './values.js';
import { LOSSES } from '../check/schema.js';
import { argumentSpan, familyCall, resolveFamily } from './calls.js';
import { resolveSchedule } from './resolve-schedule.js';
import { settingOf } from './resolve-model.js';
import { own } from '../lang/lookup.js';
import * as M from '../messages/index.js';

const DEFAULT_LOSS: Record<Head, Loss> = { scalar: 'mse', sigmoid: 'bce', softmax: 'cross_entropy' };

export function resolveTrain(block: TrainBlock, head: Head, nTrain: number, scope: Scope): TrainConfig {
  const get = (k: string) => settingOf(block, k);
  // Each setting resolves on its own (with a fallback), so every bad one is reported.
  const c = new Collector();
  const opt = <T>(key: string, resolve: (e: Expr) => T, fallback: T): T => {
    const e = get(key);
    return e ? c.take(() => resolve(e), fallback) : fallback;
  };
  const loss = opt('loss', (e) => resolveEnum(e, LOSSES, 'loss', scope), DEFAULT_LOSS[head]) as Loss;
  const optExpr = get('optimizer');
  if (!optExpr) throw new EvalError('E0402', M.trainNeedsOptimizer(), block.span, M.settingExample('optimizer'));
  const fallback: OptimizerConfig = { kind: 'gd', lr: 1 };
  const base = c.take((): OptimizerConfig => resolveOptimizer(optExpr, nTrain, scope), fallback);
  const steps = c.take(() => resolveSteps(block, base, nTrain, scope), 1);
  // The schedule's epoch length and cosine's default span need the batch and the steps.
  const optimizer = base === fallback ? base : c.take(() => resolveSchedule(base, familyCall(optExpr, 'optimizer'), nTrain, steps, scope), base);
  const train: TrainConfig = {
    loss,
    optimizer,
    steps,
    stopLoss: opt('stop', (e) => resolveStop(e, scope), null),
    patience: opt('patience', (e) => resolveNumber(e, 'positiveInteger', 'patience', scope), null),
    divergeFactor: opt('diverge', (e) => resolveNumber(e, 'positive', 'diverge', scope), 1e6),
    log: opt('log', (e) => resolveLog(e, scope), { kind: 'every', every: Math.max(1, Math.floor(steps / 100)) } as LogSchedule),
  };
  c.done();
  return train;
}

function resolveOptimizer(e: Expr, nTrain: number, scope: Scope): OptimizerConfig {
  const { kind, args: a, call } = resolveFamily(e, 'optimizer', scope);
  const batch = a['batch'] as number | null | undefined;
  if (batch != null && batch > nTrain) {
    throw new EvalError('E0327', M.batchTooLarge(batch, nTrain), argumentSpan(call, 'optimizer', 'batch'), M.batchTooLargeHint(nTrain));
  }
  const lr = a['lr'] as number;
  switch (kind) {
    case 'gd': return { kind, lr };
    case 'sgd': return { kind, lr, batch: batch! };
    case 'momentum': return { kind, lr, beta: a['beta'] as number, batch: batch ?? null };
    default: return { kind: 'adam', lr, beta1: a['beta1'] as number, beta2: a['beta2'] as number, eps: a['eps'] as number, batch: batch ?? null };
  }
}

function resolveSteps(block: TrainBlock, opt: OptimizerConfig, nTrain: number, scope: Scope): number {
  const steps = settingOf(block, 'steps');
  const epochs = settingOf(block, 'epochs');
  if (steps && epochs) {
    const key = block.settings.find((x) => x.path[0] === 'epochs')!.pathSpan;
    throw new EvalError('E0406', M.stepsAndEpochs(), key, M.removeOne());
  }
  if (steps) return resolveNumber(steps, 'positiveInteger', 'steps', scope);
  if (!epochs) throw new EvalError('E0402', M.trainNeedsSteps(), block.span, M.settingExample('steps'));
  const batch = 'batch' in opt && opt.batch ? opt.batch : nTrain;
  return resolveNumber(epochs, 'positiveInteger', 'epochs', scope) * Math.ceil(nTrain / batch);
}

/** `stop = train_loss <= 0.005`: the only stop condition the engine knows. */
function resolveStop(e: Expr, scope: Scope): number {
  const ok = e.kind === 'compare' && e.left.kind === 'ref' && e.left.name === 'train_loss' && (e.op === '<=' || e.op === '<');
  if (!ok) throw new EvalError('E0328', M.badStop(), e.span, M.settingExample('stop'));
  return resolveNumber(e.right, 'positive', 'stop threshold', scope);
}

function resolveLog(e: Expr, scope: Scope): LogSchedule {
  const { kind, args } = resolveFamily(e, 'log', scope);
  return kind === 'every' ? { kind: 'every', every: args['steps'] as number } : { kind: 'logspaced', points: args['points'] as number };
}

export function resolveMeasure(block: MeasureBlock | undefined, scope: Scope): MeasureConfig[] {
  if (!block) return [{ name: 'train_loss', options: {} }, { name: 'test_loss', options: {} }];
  // Each item resolves on its own, so every bad measurement is reported.
  const c = new Collector();
  const items = block.items.map((item) => c.take((): MeasureConfig => {
    const spec = own(MEASUREMENTS, item.name);
    if (!spec) throw new EvalError('E0205', M.unknownMeasurement(item.name), item.nameSpan);
    const call = { kind: 'call' as const, callee: item.name, calleeSpan: item.nameSpan, args: item.args ?? [], span: item.span };
    const resolved = resolveCallArgs(call, spec.options, [], scope);
    const options: Record<string, MeasureOption> = {};
    for (const [k, v] of Object.entries(resolved)) if (v !== null) options[k] = v as MeasureOption;
    const at = item.args?.find((a) => a.name === 'at');
    if (at) options['at'] = resolveAt(at.value, scope);
    return { name: item.name, options };
  }, { name: item.name, options: {} }));
  c.done();
  return items;
}

/** `at: [0, 100]` (steps), `at: every(100)`, or `at: final`. */
function resolveAt(e: Expr, scope: Scope): MeasureOption {
  if (e.kind === 'ref' && (e.name === 'final' || e.name === 'log')) return e.name;
  if (e.kind === 'call' && e.callee === 'every') {
    const k = e.args[0];
    if (!k) throw new EvalError('E0303', M.everyNeedsCount(), e.span);
    return `every:${resolveNumber(k.value, 'positiveInteger', 'every', scope)}`;
  }
  const items = e.kind === 'list' ? e.items : [e];
  return items.map((i) => resolveNumber(i, 'nonNegative', 'measurement step', scope));
}
