// Measured values for the theory table's claims that are statements by themselves
// (`decreasing(y, x)`, `increasing(y, x)`): the verdicts stored in results.json carry none, so
// the report evaluates those claims again on the same results, asking for the change of the seed
// means over the x range, and fills in the value (per model too). Nothing else is changed.

import type * as A from '../lang/ast.js';
import { applyProfile } from '../plan/profile.js';
import type { RunResults } from '../run/results.js';
import { evaluateExpectations } from '../theory/expect.js';
import type { ExpectationVerdict, GroupVerdict } from '../theory/verdict.js';

const lacksValue = (v: ExpectationVerdict): boolean =>
  v.measured.value === null || (v.groups ?? []).some((g) => g.measured.value === null);

const sameGroup = (a: GroupVerdict, b: GroupVerdict): boolean => JSON.stringify(a.group) === JSON.stringify(b.group);

/** The verdicts with the measured values a fresh evaluation gives where theirs are missing (same claim text only). */
export function withTruthValues(verdicts: readonly ExpectationVerdict[] | null, spec: A.Spec, results: RunResults): readonly ExpectationVerdict[] | null {
  if (!verdicts?.some(lacksValue)) return verdicts;
  const profiled = applyProfile(spec, results.profile ?? null);
  if (profiled.diagnostics.some((d) => d.severity === 'error')) return verdicts;
  const fresh = evaluateExpectations(profiled.spec, results, { truthMeasured: true });
  return verdicts.map((v) => {
    const f = fresh.find((x) => x.name === v.name && x.claim === v.claim);
    if (!f || !lacksValue(v)) return v;
    const groups = v.groups?.map((g) => {
      const fg = f.groups?.find((x) => sameGroup(x, g));
      return g.measured.value === null && fg ? { ...g, measured: fg.measured } : g;
    });
    return { ...v, measured: v.measured.value === null ? f.measured : v.measured, ...(groups ? { groups } : {}) };
  });
}
