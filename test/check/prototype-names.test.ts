// Names that are also properties of every JavaScript object (`constructor`, `toString`,
// `__proto__`) are ordinary names: unknown ones are reported as unknown, and a variable of
// that name holds its value (issue 9).

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { planSpec } from '../../src/plan/plan.js';
import * as M from '../../src/messages/index.js';

const spec = (edit: (s: string) => string) => edit(`experiment demo {
  title = "Demo"
}

data sphere {
  source = teacher_student(teacher_width: 3)
  dim = 10
  n_train = 64
}

model mlp {
  hidden = [8]
}

train {
  optimizer = gd(lr: 1.0)
  steps = 10
}
`);

function check(text: string): Diagnostic[] {
  const { spec: ast, diagnostics } = parseSpec(text);
  expect(diagnostics).toEqual([]);
  return checkSpec(ast);
}

const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.message}`);

describe('JavaScript prototype names are plain names', () => {
  it('`log = constructor(0)` is an unknown log schedule', () => {
    const ds = check(spec((s) => s.replace('steps = 10', 'steps = 10\n  log = constructor(0)')));
    expect(brief(ds)).toContain(`E0203 ${M.unknownWord(M.familyWhat('log'), 'constructor')}`);
  });

  it('`optimizer = __proto__(lr: 1)` is an unknown optimizer', () => {
    const ds = check(spec((s) => s.replace('gd(lr: 1.0)', '__proto__(lr: 1)')));
    expect(brief(ds)).toContain(`E0203 ${M.unknownWord(M.familyWhat('optimizer'), '__proto__')}`);
  });

  it('`init = toString` is an unknown init', () => {
    const ds = check(spec((s) => s.replace('hidden = [8]', 'hidden = [8]\n  init = toString')));
    expect(brief(ds)).toContain(`E0203 ${M.unknownWord(M.familyWhat('init'), 'toString')}`);
  });

  it('`let a = toString(6)` is an unknown function, not "[object Undefined]"', () => {
    const ds = check(spec((s) => `${s}\nlet a = toString(6)\nlet w = a\n`.replace('hidden = [8]', 'hidden = [w]')));
    expect(brief(ds)).toContain(`E0202 ${M.unknownFunction('toString')}`);
  });

  it('`sweep q = __proto__` names an unknown name', () => {
    const ds = check(spec((s) => `sweep q = __proto__\n${s}`.replace('hidden = [8]', 'hidden = [q]')));
    expect(brief(ds)).toContain(`E0201 ${M.unknownName('__proto__')}`);
  });

  it('a swept variable named `__proto__` or `constructor` holds its values', () => {
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty']) {
      const text = spec((s) => `sweep ${name} = [4, 6]\n${s}`.replace('hidden = [8]', `hidden = [${name}]`));
      expect(check(text)).toEqual([]);
      const plan = planSpec(parseSpec(text).spec, { profile: null }).plan!;
      expect(plan.cells.map((c) => c.model.hidden)).toEqual([[4], [6]]);
      expect(plan.cells.map((c) => Object.hasOwn(c.values, name) && c.values[name])).toEqual([4, 6]);
    }
  });

  it('an unknown measurement, setting or argument named after a prototype method is reported', () => {
    const text = spec((s) => s.replace('steps = 10', 'steps = 10\n  valueOf = 1')
      .replace('gd(lr: 1.0)', 'gd(lr: 1.0, constructor: 2)')) + '\nmeasure {\n  toString\n}\n';
    const codes = check(text).map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['E0210', 'E0205']));
    const planned = planSpec(parseSpec(text.replace('  valueOf = 1\n', '').replace('  toString\n', '  train_loss\n')).spec, { profile: null });
    expect(brief(planned.diagnostics)).toContain(`E0317 ${M.unknownArgument('gd', 'constructor')}`);
  });
});
