// Expression axes in a report: `x = alpha * sqrt(m)` and `y = 1 - test_accuracy` are computed
// per cell from its swept values and its measurements at the chart's step, averaged over seeds
// like any measurement, and titled as math (α·√m, 1 − test accuracy).

import { describe, expect, test } from 'vitest';
import type { TidyRecord } from '../../src/run/results.js';
import { aggregate } from '../../src/report/aggregate.js';
import { axisTitle, exprMath, wrapTitle } from '../../src/report/axes.js';
import { buildFigure } from '../../src/report/figures.js';
import { parseSpec } from '../../src/lang/parse.js';
import { charts, readReportSpec } from '../../src/report/spec.js';
import { renderSvg } from '../../src/report/svg.js';

const SPEC = `experiment e {
  title = "E"
}
let c = 2
sweep alpha = [1, 4]
sweep m = [16, 64]
data d {
  source = gaussian()
  dim = 2
  n_train = 4
  n_test = 4
}
model f {
  hidden = [m]
  scale = alpha
}
train {
  optimizer = gd(lr: 1)
  steps = 4
}
measure {
  train_loss
  test_accuracy
}
report {
  chart err {
    x = alpha * sqrt(m)
    y = 1 - test_accuracy
    log = [x]
  }
  chart scaled {
    x = step
    y = train_loss * m^0.5 / c
    color = m
  }
}
`;

const spec = readReportSpec(parseSpec(SPEC).spec, null);
const [err, scaled] = charts(spec);

/** accuracy = 1 − 1/(α·m) + seed/100 at the last step (step 4); train loss = 1/(step + 1) per m. */
function records(): TidyRecord[] {
  const out: TidyRecord[] = [];
  for (const alpha of [1, 4]) for (const m of [16, 64]) for (const seed of [0, 1]) {
    const cell = JSON.stringify([alpha, m, seed]);
    for (const step of [0, 2, 4]) {
      out.push({ cell, values: { alpha, m }, seed, step, measurement: 'test_accuracy', value: step === 4 ? 1 - 1 / (alpha * m) + seed / 100 : 0.5 });
      out.push({ cell, values: { alpha, m }, seed, step, measurement: 'train_loss', value: 1 / (step + 1) });
    }
  }
  return out;
}

describe('expression axes', () => {
  test('x and y are computed per cell at the final step and averaged over seeds', () => {
    const pts = aggregate(records(), err!);
    // Four (alpha, m) pairs, each its own x; y = 1 − mean accuracy = 1/(α m) − 0.005.
    const expected = [[1, 16], [1, 64], [4, 16], [4, 64]].map(([a, m]) => ({ x: a! * Math.sqrt(m!), y: 1 / (a! * m!) - 0.005 }));
    expected.sort((p, q) => p.x - q.x);
    const got = pts.map((p) => ({ x: p.x as number, y: p.y })).sort((p, q) => p.x - q.x);
    expect(got.length).toBe(4);
    got.forEach((g, i) => {
      expect(g.x).toBeCloseTo(expected[i]!.x, 12);
      expect(g.y).toBeCloseTo(expected[i]!.y, 12);
    });
    // alpha and m both lie along x: every point is one series.
    expect(new Set(pts.map((p) => p.series)).size).toBe(1);
    expect(pts.every((p) => p.n === 2)).toBe(true);
  });

  test('along the steps, the expression is evaluated at every logged step, with let bindings', () => {
    const pts = aggregate(records(), scaled!).filter((p) => p.color === 64);
    expect(pts.map((p) => p.x)).toEqual([0, 2, 4, 0, 2, 4]);
    for (const p of pts) expect(p.y).toBeCloseTo((1 / ((p.x as number) + 1)) * 8 / 2, 12);
  });

  test('titles are math: α·√m, 1 − test accuracy, train loss·m^0.5/c', () => {
    expect(axisTitle(err!, 'x')).toBe('α·√m');
    expect(axisTitle(err!, 'y')).toBe('1 − test accuracy');
    expect(axisTitle(scaled!, 'y')).toBe('train loss·m^(0.5)/c'.replace('^(0.5)', '⁰·⁵'));
    expect(axisTitle(scaled!, 'x')).toBe('training step');
  });

  test('a title longer than its axis wraps into lines at spaces; a short one stays one string', () => {
    expect(wrapTitle('training loss', 260)).toBe('training loss');
    const lines = wrapTitle('relative weight change ‖w_t − w_0‖/‖w_0‖', 150);
    expect(lines).toEqual(['relative weight change', '‖w_t − w_0‖/‖w_0‖']);
    expect((lines as string[]).join(' ')).toBe('relative weight change ‖w_t − w_0‖/‖w_0‖');
    expect(exprMath(parseSpec('let q = alpha * tau^2').spec.statements[0]!.kind === 'let'
      ? (parseSpec('let q = alpha * tau^2').spec.statements[0] as { value: never }).value : (null as never))).toBe('α·τ²');
  });

  test('the figure draws the points with the math titles on its axes', async () => {
    const f = buildFigure(err!, 1, records(), spec);
    expect(f.empty).toBe(false);
    const svg = await renderSvg(f.vl, 'f1', 'err');
    expect(svg).toContain('>α·√m</text>');
    expect(svg).toContain('>1 − test accuracy</text>');
  });
});
