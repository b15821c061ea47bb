// Resolves an optimizer's `schedule:` argument (`momentum(lr: 0.1, schedule: inverse_time(3))`)
// into the cell's LrSchedule, with its epoch length fixed from n_train and the batch. `constant`
// and an omitted schedule both leave the optimizer as it was, so their cells hash as before.

import type { CallExpr } from '../lang/ast.js';
import type { LrSchedule, OptimizerConfig } from './cell.js';
import { CALLS, type CallSpec } from '../check/schema.js';
import { EvalError, type Scope } from './eval.js';
import { bindArguments } from './values.js';
import { argumentSpan, resolveFamily } from './calls.js';
import { stepsPerEpoch } from './lr-schedule.js';
import { own } from '../lang/lookup.js';
import * as M from '../messages/index.js';

/** The optimizer with the schedule its call writes, if any; `steps` sets cosine's default length. */
export function resolveSchedule(optimizer: OptimizerConfig, call: CallExpr, nTrain: number, steps: number, scope: Scope): OptimizerConfig {
  const spec = own(CALLS.optimizer as Record<string, CallSpec>, call.callee);
  const e = spec ? bindArguments(call, spec.params, spec.positional).get('schedule') : undefined;
  if (!e) return optimizer;
  const { kind, args, call: sched } = resolveFamily(e, 'schedule', scope);
  const perEpoch = stepsPerEpoch(nTrain, optimizer.kind === 'gd' ? null : optimizer.batch);
  const schedule = buildSchedule(kind, args, optimizer.lr, perEpoch, Math.ceil(steps / perEpoch), sched);
  return schedule ? { ...optimizer, schedule } : optimizer;
}

function buildSchedule(kind: string, a: Record<string, unknown>, lr: number, perEpoch: number, runEpochs: number, call: CallExpr): LrSchedule | null {
  switch (kind) {
    case 'inverse_time': return { kind, epochs: a['epochs'] as number, stepsPerEpoch: perEpoch };
    case 'step_decay': {
      const factor = a['factor'] as number;
      if (!(factor < 1)) throw new EvalError('E0360', M.decayFactorOutOfRange(factor), argumentSpan(call, 'schedule', 'factor'), M.decayFactorHint());
      return { kind, every: a['every'] as number, factor, stepsPerEpoch: perEpoch };
    }
    case 'cosine': {
      const min = a['min'] as number;
      if (!(min < lr)) throw new EvalError('E0361', M.cosineMinNotBelowLr(min, lr), argumentSpan(call, 'schedule', 'min'), M.cosineMinHint(lr));
      return { kind, epochs: (a['epochs'] as number | null) ?? runEpochs, min, stepsPerEpoch: perEpoch };
    }
    default: return null; // constant
  }
}
