// checkSpec beyond the fixtures: which cell a value error names, profile suffixes, diagnostics
// said once (misfits per model, cycles not echoed by the planner), order, and warnings.

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import * as M from '../../src/messages/index.js';

const BASE = `experiment demo {
  title = "Demo"
}

sweep m = [64, 128]

data sphere {
  source = teacher_student(teacher_width: 3)
  dim = 10
  n_train = 64
}

model mlp {
  hidden = [m]
}

train {
  optimizer = gd(lr: 1.0)
  steps = 100
}
`;

function check(text: string): Diagnostic[] {
  const { spec, diagnostics } = parseSpec(text);
  expect(diagnostics).toEqual([]);
  return checkSpec(spec);
}

const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.code} ${d.message}`);

describe('value errors and cells', () => {
  it('names the cell where a value goes bad, and only once', () => {
    const ds = check(BASE.replace('sweep m = [64, 128]', 'sweep m = [64, 0, 128, 0]\nseeds = 3'));
    expect(brief(ds)).toEqual([`15:13 E0311 ${M.outOfRange('width', 'positiveInteger', 0)}${M.inCell({ m: 0 })}`]);
  });

  it('names no cell when the value is bad in every cell', () => {
    const ds = check(BASE.replace('gd(lr: 1.0)', 'gd(lr: 0)'));
    expect(brief(ds)).toEqual([`18:22 E0311 ${M.outOfRange(M.callArgument('gd', 'lr'), 'positive', 0)}`]);
  });

  it('names the first bad cell of a zipped sweep with all its values', () => {
    const text = BASE.replace('sweep m = [64, 128]', 'sweep (m, lr) = zip([64, 128], [0.1, -1])').replace('gd(lr: 1.0)', 'gd(lr: lr)');
    expect(brief(check(text))).toEqual([`18:22 E0311 ${M.outOfRange(M.callArgument('gd', 'lr'), 'positive', -1)}${M.inCell({ m: 128, lr: -1 })}`]);
  });

  it('reports NaN and Infinity from an expression in the cell that makes them', () => {
    const text = BASE.replace('sweep m = [64, 128]', 'sweep m = [32, 64, 128]\nlet lr = 0.1 / (m - 64)\nlet s = log(m - 100)')
      .replace('gd(lr: 1.0)', 'gd(lr: abs(lr))').replace('steps = 100', 'steps = 100\n  diverge = s');
    expect(brief(check(text))).toEqual([
      `20:22 E0310 ${M.notFinite(M.callArgument('gd', 'lr'), Infinity)}${M.inCell({ m: 64 })}`,
      `22:13 E0310 ${M.notFinite('diverge', NaN)}${M.inCell({ m: 32 })}`,
    ]);
  });

  it('names the model when a spec has several', () => {
    const text = `${BASE}\nmodel wide {\n  hidden = [m, 3.5]\n}\n`;
    expect(brief(check(text))).toEqual([`23:16 E0311 ${M.outOfRange(M.listItem('width', 2), 'positiveInteger', 3.5)}${M.inCell({ m: 64, model: 'wide' })}`]);
  });
});

describe('profiles', () => {
  it('checks every profile and marks its diagnostics', () => {
    const text = `${BASE}\nprofile smoke {\n  sweep m = [8, 0]\n}\n\nprofile tiny {\n  train.steps = 0.5\n}\n`;
    expect(brief(check(text))).toEqual([
      `14:13 E0311 ${M.outOfRange('width', 'positiveInteger', 0)}${M.inCell({ m: 0 })}${M.profileMark('smoke')}`,
      `27:17 E0311 ${M.outOfRange('steps', 'positiveInteger', 0.5)}${M.profileMark('tiny')}`,
    ]);
  });

  it('plans only the default profile while static errors remain', () => {
    const text = `${BASE}\nlet a = a\n\nprofile smoke {\n  train.steps = 0\n}\n`;
    expect(brief(check(text)).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['22:5 E0204']);
  });
});

describe('each problem once', () => {
  it('reports a measurement misfit once per model, not per cell', () => {
    const text = `${BASE.replace('hidden = [m]', 'hidden = [m]\n  activation = tanh')}\nmodel smooth {\n  hidden = [m]\n  activation = erf\n}\n\nmeasure {\n  activation_unchanged\n}\n`;
    const ds = check(text);
    expect(ds.map((d) => d.message)).toEqual([
      M.measurementMisfit('activation_unchanged', 'mlp'),
      M.measurementMisfit('activation_unchanged', 'smooth'),
    ]);
    expect(ds.map((d) => d.hint)).toEqual([
      M.activationPatternsNeedRelu('mlp', 'tanh'),
      M.activationPatternsNeedRelu('smooth', 'erf'),
    ]);
  });

  it('reports a cycle once, not echoed by the evaluator', () => {
    const text = BASE.replace('sweep m = [64, 128]', 'sweep m = [64, 128]\nlet a = c\nlet b = a\nlet c = b').replace('gd(lr: 1.0)', 'gd(lr: a)');
    expect(brief(check(text))).toEqual([`6:5 E0204 ${M.bindingCycle(['a', 'c', 'b', 'a'])}`]);
  });

  it('sorts diagnostics by position', () => {
    const text = BASE.replace('gd(lr: 1.0)', 'gd(lr: -1)').replace('dim = 10', 'dim = 0').replace('title = "Demo"', 'title = "Demo"\n  titel = "x"');
    const ds = check(text);
    expect(ds.map((d) => d.span.start.offset)).toEqual([...ds.map((d) => d.span.start.offset)].sort((a, b) => a - b));
    expect(ds.map((d) => d.code)).toEqual(['E0210', 'E0311', 'E0311']);
  });
});

describe('warnings', () => {
  it('passes the quick-start shape with no diagnostic at all', () => {
    expect(check(BASE)).toEqual([]);
  });

  it('warns about unused bindings and sweeps but counts a use in a profile or a claim', () => {
    const text = `${BASE.replace('sweep m = [64, 128]', 'sweep m = [64, 128]\nsweep k = [1, 2]\nlet used_in_profile = 3\nlet unused = 4')}\nprofile p {\n  seeds = used_in_profile\n}\n`;
    expect(check(text).map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual([
      `warning W0502 ${M.unusedSweep('k')}`,
      `warning W0501 ${M.unusedBinding('unused')}`,
    ]);
  });
});
