// Error recovery invents tokens (Chevrotain's inserted `}` or `]`) with NaN positions; no
// diagnostic of the parser or the checker may carry one. Every line-cut, line-deleted and
// character-deleted variant of the quick-start spec is parsed and checked, and each diagnostic
// position must be finite and inside the text.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { diagnose, positionProblems, SPEC_DIR } from './helpers.js';

const quickstart = readFileSync(join(SPEC_DIR, 'quickstart.lazy'), 'utf8');
const lines = quickstart.split('\n');

function problemsOf(text: string): string[] {
  return positionProblems(diagnose(text), text).map((p) => `${p} in ${JSON.stringify(text.slice(0, 60))}…`);
}

describe('diagnostics of broken specs have finite positions', () => {
  it('for the spec cut after every line', () => {
    const problems = lines.flatMap((_, i) => problemsOf(lines.slice(0, i).join('\n')));
    expect(problems).toEqual([]);
  });

  it('for the spec with any one line deleted', () => {
    const problems = lines.flatMap((_, i) => problemsOf([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n')));
    expect(problems).toEqual([]);
  });

  it('for the spec with one structural character deleted (every brace, bracket, paren, quote, = and ,)', () => {
    const at = [...quickstart].flatMap((c, i) => ('{}[]()"=,:'.includes(c) ? [i] : []));
    expect(at.length).toBeGreaterThan(50);
    const problems = at.flatMap((i) => problemsOf(quickstart.slice(0, i) + quickstart.slice(i + 1)));
    expect(problems).toEqual([]);
  });

  it('when the checker runs on an AST that recovery left holes in', () => {
    // The CLI only checks a spec that parsed; the checker must still cope with `missing` pieces.
    const text = 'experiment e { title = }\nlet a =\nsweep m = [64, ]\ndata d { source = teacher_student(3) dim = a n_train = }\n'
      + 'model n { hidden = [m }\ntrain { optimizer = gd(lr: ) steps = 10 }\nexpect x { claim = }\nreport { chart c { x = y = } }\n';
    const { spec, diagnostics } = parseSpec(text);
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
    const checked = checkSpec(spec);
    expect(positionProblems([...diagnostics, ...checked], text)).toEqual([]);
  });
});
