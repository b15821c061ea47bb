// W0510 (checkPlanSizes): a plan `run` would refuse is a warning at the experiment's or the
// profile's name, with run's hint; plans under the limit give none. The limit's arithmetic is
// plan/cost's (tested there); here: which plans are flagged, where, and with which text.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { checkSpec } from '../../src/check/index.js';
import { checkPlanSizes } from '../../src/check/plan-size.js';
import { parseSpec } from '../../src/lang/parse.js';
import { describeCost, overLimit, type Plan } from '../../src/plan/index.js';
import * as M from '../../src/messages/index.js';

const QUICKSTART = readFileSync(join(import.meta.dirname, '..', '..', 'specs', 'quickstart.lazy'), 'utf8');
/** 10⁸ steps of the quickstart's 30 cells: far above the FLOP limit; its smoke profile stays small. */
const HUGE = QUICKSTART.replace('steps = 300', 'steps = 100000000');

function planned(text: string) {
  const { spec, diagnostics } = parseSpec(text);
  const plans = new Map<string | null, Plan>();
  const checked = checkSpec(spec, { onPlan: (p, plan) => plans.set(p, plan) });
  expect([...diagnostics, ...checked].filter((d) => d.severity === 'error')).toEqual([]);
  return { spec, plans };
}

test('specs under the limit get no W0510', () => {
  const { spec, plans } = planned(QUICKSTART);
  expect(plans.size).toBe(2);
  expect(checkPlanSizes(spec, plans)).toEqual([]);
});

test('a default plan above the limit: W0510 at the experiment name, hinting the smaller profile', () => {
  const { spec, plans } = planned(HUGE);
  const plan = plans.get(null)!;
  const over = overLimit(plan.cost)!;
  expect(over).not.toBeNull();
  const [w, ...rest] = checkPlanSizes(spec, plans);
  expect(rest).toEqual([]);
  expect(w).toMatchObject({
    severity: 'warning', code: 'W0510', whole: false,
    message: M.planRefusedByRun(M.planTooLarge(describeCost(plan), over)), hint: M.planTooLargeHint('smoke'),
  });
  const at = HUGE.indexOf('quickstart {');
  expect([w!.span.start.offset, w!.span.end.offset]).toEqual([at, at + 'quickstart'.length]);
});

test('a profile above the limit: W0510 at the profile name, marked with the profile', () => {
  const text = `${QUICKSTART}\nprofile huge {\n  train.steps = 100000000\n}\n`;
  const { spec, plans } = planned(text);
  const plan = plans.get('huge')!;
  const [w, ...rest] = checkPlanSizes(spec, plans);
  expect(rest).toEqual([]);
  expect(w!.message).toBe(M.planRefusedByRun(M.planTooLarge(describeCost(plan), overLimit(plan.cost)!)) + M.profileMark('huge'));
  expect(w!.hint).toBe(M.planTooLargeHint('smoke'));
  const at = text.indexOf('huge {');
  expect([w!.span.start.offset, w!.span.end.offset]).toEqual([at, at + 'huge'.length]);
});

test('the input is not mutated', () => {
  const { spec, plans } = planned(HUGE);
  const before = JSON.stringify([spec, [...plans]]);
  checkPlanSizes(spec, plans);
  expect(JSON.stringify([spec, [...plans]])).toBe(before);
});
