// No stage mutates its input: the AST is deep-frozen (Object.freeze, recursively), then checked
// and planned with every profile; nothing may throw and the results must equal those of an
// unfrozen copy. Run on the example specs and on every error fixture that parses.

import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import type { Spec } from '../../src/lang/ast.js';
import { checkSpec } from '../../src/check/index.js';
import { planSpec } from '../../src/plan/index.js';
import { applyProfile, profileNames } from '../../src/plan/profile.js';
import { errorFixtures, exampleSpecs } from '../check/helpers.js';

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function runStages(spec: Spec) {
  const profiles = [null, ...profileNames(spec), 'no_such_profile'];
  return {
    check: checkSpec(spec),
    plans: profiles.map((profile) => planSpec(spec, { profile })),
    applied: profiles.map((profile) => applyProfile(spec, profile)),
  };
}

const inputs = [
  ...exampleSpecs().map((s) => ({ name: `specs/${s.file}`, text: s.text })),
  ...errorFixtures().map((f) => ({ name: `fixture ${f.name}`, text: f.source })),
].filter((x) => !hasErrors(parseSpec(x.text).diagnostics));

describe('no stage mutates its input', () => {
  it('covers the examples and most fixtures', () => {
    expect(inputs.length).toBeGreaterThan(50);
  });

  it.each(inputs)('$name: check and plan a frozen AST', ({ text }) => {
    const frozen = deepFreeze(parseSpec(text).spec);
    const before = JSON.stringify(frozen);
    expect(Object.isFrozen(frozen.statements[0])).toBe(true);
    const fromFrozen = runStages(frozen);
    expect(JSON.stringify(frozen)).toBe(before);
    expect(JSON.parse(JSON.stringify(fromFrozen))).toEqual(JSON.parse(JSON.stringify(runStages(parseSpec(text).spec))));
  });

  it('leaves the plan of a frozen AST fully usable (cells are fresh objects)', () => {
    const frozen = deepFreeze(parseSpec(exampleSpecs()[0]!.text).spec);
    const plan = planSpec(frozen, { profile: null }).plan!;
    expect(Object.isFrozen(plan.cells[0])).toBe(false);
    expect(plan.cells.length).toBeGreaterThan(0);
  });
});
