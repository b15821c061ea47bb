// Long chains of `let` bindings (issue 9): the cycle check walks them without recursion, and
// evaluation through them stops at MAX_EVAL_DEPTH with a diagnostic instead of a stack overflow.

import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { planSpec } from '../../src/plan/plan.js';
import { MAX_EVAL_DEPTH } from '../../src/plan/eval.js';
import * as M from '../../src/messages/index.js';

const BASE = `experiment demo {
  title = "Demo"
}

data sphere {
  source = teacher_student(teacher_width: 3)
  dim = 10
  n_train = 64
}

model mlp {
  hidden = [w]
}

train {
  optimizer = gd(lr: 1.0)
  steps = 10
}
`;

/** `let a0 = 4`, `let a1 = a0`, …, and `let w = a(n-1)`. */
function chainSpec(n: number, first = '4'): string {
  const lets = Array.from({ length: n }, (_, i) => `let a${i} = ${i === 0 ? first : `a${i - 1}`}`);
  return `${BASE}\n${lets.join('\n')}\nlet w = a${n - 1}\n`;
}

describe('long chains of bindings', () => {
  it('a chain below the evaluation limit checks and plans', () => {
    const { spec, diagnostics } = parseSpec(chainSpec(500));
    expect(diagnostics).toEqual([]);
    expect(checkSpec(spec)).toEqual([]);
    expect(planSpec(spec, { profile: null }).plan!.cells[0]!.model.hidden).toEqual([4]);
  });

  it('a chain of 5000 bindings is one E0108 diagnostic, not a stack overflow', () => {
    const { spec } = parseSpec(chainSpec(5000));
    const ds = checkSpec(spec);
    expect(ds.map((d) => `${d.code} ${d.message}`)).toContain(`E0108 ${M.evaluationTooDeep(MAX_EVAL_DEPTH)}`);
  });

  it('a cycle through 5000 bindings is found by the cycle check (no recursion per binding)', () => {
    const { spec } = parseSpec(chainSpec(5000, 'a4999'));
    const ds = checkSpec(spec).filter((d) => d.code === 'E0204');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toContain('bindings form a cycle: a0 → a4999 → a4998');
  });

  it('a short cycle is reported as before, naming its bindings in order', () => {
    const { spec } = parseSpec(`${BASE}\nlet w = a\nlet a = b\nlet b = a\n`);
    expect(checkSpec(spec).filter((d) => d.code === 'E0204').map((d) => d.message)).toEqual([M.bindingCycle(['a', 'b', 'a'])]);
  });
});
