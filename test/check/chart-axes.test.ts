// Chart axes may be expressions of swept values and measurements (`x = alpha * sqrt(m)`,
// `y = 1 - test_accuracy`): unknown names, unmeasured measurements and functions an axis cannot
// call are errors at their own spans; color and facet stay names.

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import * as M from '../../src/messages/index.js';

const spec = (chart: string): string => `experiment demo {
  title = "Demo"
}

sweep alpha = [1, 10]
sweep m = [64, 128]

data sphere {
  source = teacher_student(teacher_width: 3)
  dim = 10
  n_train = 64
  n_test = 64
}

model mlp {
  hidden = [m]
  scale = alpha
}

train {
  optimizer = gd(lr: 1.0)
  steps = 100
}

measure {
  train_loss
  test_accuracy
}

report {
  chart c {
${chart}
  }
}
`;

function check(chart: string): Diagnostic[] {
  const { spec: ast, diagnostics } = parseSpec(spec(chart));
  expect(diagnostics).toEqual([]);
  return checkSpec(ast).filter((d) => d.severity === 'error');
}

/** line:col code message of each error (the chart's settings start on line 32). */
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.code} ${d.message}`);

describe('expression axes', () => {
  it('accepts expressions of swept values and measurements on both axes', () => {
    expect(check('    x = alpha * sqrt(m)\n    y = 1 - test_accuracy')).toEqual([]);
    expect(check('    x = log10(m) / 2\n    y = train_loss * m^0.5\n    color = alpha')).toEqual([]);
  });

  it('an unknown name in an expression is an error at that name', () => {
    const ds = check('    x = alpha * sqrt(widht)\n    y = train_loss');
    expect(brief(ds)).toEqual([`32:22 E0201 ${M.unknownNameIn('widht', M.inChart('c'))}`]);
    expect(ds[0]!.hint).toBe(M.plottableNameHint());
  });

  it('a measurement the spec does not measure is an error at that name', () => {
    const ds = check('    x = m\n    y = 1 - test_loss');
    expect(brief(ds)).toEqual([`33:13 E0211 ${M.notMeasured(M.inChart('c'), 'test_loss')}`]);
  });

  it('a function an axis cannot call is an error at the function name', () => {
    expect(brief(check('    x = sqr(m)\n    y = train_loss'))).toEqual([`32:9 E0202 ${M.chartAxisFunction('sqr')}`]);
    expect(check('    x = sqr(m)\n    y = train_loss')[0]!.hint).toBe(M.didYouMean('sqrt'));
    expect(brief(check('    x = logspace(1, 2, 3)\n    y = train_loss'))).toEqual([`32:9 E0202 ${M.chartAxisFunction('logspace')}`]);
  });

  it('lists, strings and comparisons are not axes; color stays a name; a heatmap needs names', () => {
    expect(brief(check('    x = [m, alpha]\n    y = train_loss'))).toEqual([`32:9 E0301 ${M.chartAxisNotExpr('x')}`]);
    expect(brief(check('    x = m\n    y = train_loss > 1'))).toEqual([`33:9 E0301 ${M.chartAxisNotExpr('y')}`]);
    expect(brief(check('    x = m\n    y = train_loss\n    color = alpha * 2'))).toEqual([`34:13 E0301 ${M.chartAxisNotName('color')}`]);
    expect(brief(check('    x = alpha * m\n    y = m\n    color = train_loss\n    mark = heatmap'))).toEqual([`32:9 E0301 ${M.heatmapAxisNotName('x')}`]);
  });
});
