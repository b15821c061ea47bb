// Helpers for the plan tests: plan a spec text (asserting it parses, checks and plans cleanly),
// and a small spec to vary.

import { expect } from 'vitest';
import { formatDiagnostics, hasErrors } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { planSpec, type Plan } from '../../src/plan/index.js';

export function planText(text: string, profile: string | null = null): Plan {
  const { spec, diagnostics } = parseSpec(text);
  const all = [...diagnostics, ...checkSpec(spec)];
  expect(formatDiagnostics(all.filter((d) => d.severity === 'error'), 'spec.lazy', text)).toBe('');
  const planned = planSpec(spec, { profile });
  expect(formatDiagnostics(planned.diagnostics, 'spec.lazy', text)).toBe('');
  expect(hasErrors(planned.diagnostics)).toBe(false);
  return planned.plan!;
}

/** Errors of planning a spec text (parse must succeed). */
export function planErrors(text: string, profile: string | null = null): string[] {
  const { spec, diagnostics } = parseSpec(text);
  expect(diagnostics).toEqual([]);
  return planSpec(spec, { profile }).diagnostics.map((d) => `${d.code} ${d.message}`);
}

/** A small spec: `{{SWEEPS}}`, `{{MODEL}}`, `{{TRAIN}}` and `{{DATA}}` are replaced by extra lines. */
export function smallSpec(parts: { sweeps?: string; model?: string; train?: string; data?: string; tail?: string } = {}): string {
  return `experiment small {
  title = "Small"
}

${parts.sweeps ?? 'sweep m = [8, 16]'}

data toy {
  source = gaussian(std: 1)
  dim = 4
  n_train = 20
${parts.data ?? ''}
}

model net {
  hidden = [m]
${parts.model ?? ''}
}

train {
  optimizer = gd(lr: 0.1)
${parts.train ?? '  steps = 10'}
}
${parts.tail ?? ''}`;
}
