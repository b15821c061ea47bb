// W0510: a plan above the size limit checks fine, but `run` refuses it without --force. Pure:
// the parsed spec and its plans (one per profile, as checkSpec's onPlan reports them) in, the
// warnings out, so `lazylab check` and the language server say the same thing at the same place.

import type { Diagnostic } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import { describeCost, overLimit, type Plan } from '../plan/index.js';
import { profileNames } from '../plan/profile.js';
import * as M from '../messages/index.js';

/**
 * One warning per plan above the limit, at the experiment's name (the default plan) or the
 * profile's, with the hint `run` would give (a smaller profile when the spec has one).
 */
export function checkPlanSizes(spec: A.Spec, plans: ReadonlyMap<string | null, Plan>): Diagnostic[] {
  const profiles = profileNames(spec);
  const out: Diagnostic[] = [];
  for (const profile of [null, ...profiles]) {
    const plan = plans.get(profile) ?? null;
    const over = plan ? overLimit(plan.cost) : null;
    if (!plan || !over) continue;
    const at = spec.statements.find((s): s is A.ExperimentBlock | A.ProfileBlock => (profile ? s.kind === 'profile' && s.name === profile : s.kind === 'experiment'));
    const smaller = profiles.find((p) => p !== profile);
    out.push({
      severity: 'warning', code: 'W0510', message: M.planRefusedByRun(M.planTooLarge(describeCost(plan), over)) + (profile ? M.profileMark(profile) : ''),
      span: at?.nameSpan ?? spec.span, whole: !at, hint: M.planTooLargeHint(smaller),
    });
  }
  return out;
}
