// Axis titles: measurements read as words with their formula, swept variables by their math
// names, every measurement output has a title and a range, exponents become superscripts.

import { describe, expect, test } from 'vitest';
import { MEASUREMENTS } from '../../src/check/catalogue.js';
import { MEASUREMENT_LABELS, mathText, rangeOf, superscript, symbolOf, titleOf } from '../../src/report/labels.js';
import { buildChart } from '../../src/report/chart.js';
import { renderInline } from '../../src/report/markdown.js';
import type { ChartDef } from '../../src/report/spec.js';

const chart = (over: Partial<ChartDef>): ChartDef => ({
  name: 'c', title: '', caption: '', x: 'm', y: 'weight_change', color: null, facet: null, log: { x: true, y: true },
  band: 'std', mark: 'line', at: 'final', theory: null, ...over,
});

describe('titles', () => {
  test('measurements, variables and built-in axes', () => {
    expect(titleOf('train_loss')).toBe('training loss');
    expect(titleOf('weight_change')).toBe('relative weight change ‖w_t − w_0‖/‖w_0‖');
    expect(titleOf('alpha')).toBe('output scale α');
    expect(titleOf('m')).toBe('width m');
    expect(titleOf('step')).toBe('training step');
    expect(titleOf('tau')).toBe('τ');
    expect(titleOf('sigma_w')).toBe('σ_w');
    expect(titleOf('my_knob')).toBe('my knob');
    expect(symbolOf('gamma')).toBe('γ');
  });

  test('every output of every measurement in the catalogue has a title and a range', () => {
    const outputs = Object.values(MEASUREMENTS).flatMap((m) => m.outputs);
    expect(outputs.filter((o) => !(o in MEASUREMENT_LABELS))).toEqual([]);
    expect(rangeOf('test_accuracy')).toBe('fraction');
    expect(rangeOf('test_loss')).toBe('nonnegative');
    expect(rangeOf('m')).toBe('any');
  });

  test('exponents as Unicode superscripts in SVG text; left alone when a character has none', () => {
    expect(mathText('like m^(−1/2)')).toBe('like m⁻¹ᐟ²');
    expect(mathText('α τ^2 = const')).toBe('α τ² = const');
    expect(mathText('m^-γ')).toBe('m⁻ᵞ');
    expect(mathText('x^(zz)')).toBe('x^(zz)');
    expect(superscript('−1/2')).toBe('⁻¹ᐟ²');
  });

  test('exponents in captions and titles become <sup>, not inside code', () => {
    expect(renderInline('like m^(−1/2)')).toBe('like m<sup>−1/2</sup>');
    expect(renderInline('`m^(2)`')).toBe('<code>m^(2)</code>');
  });

  test('a chart names its axes and legends', () => {
    const vl = buildChart(chart({ color: 'alpha' }), { points: [{ series: 's', x: 4, y: 1, lo: null, hi: null, n: 1, color: 1, facet: null }], grid: [], lines: [] });
    const json = JSON.stringify(vl);
    expect(json).toContain('"title":"width m"');
    // The long y title wraps into lines (an array) that together read as the table's title.
    expect(json).toContain(`"title":${JSON.stringify(['relative weight change', '‖w_t − w_0‖/‖w_0‖'])}`);
    expect(titleOf('weight_change')).toBe('relative weight change ‖w_t − w_0‖/‖w_0‖');
    expect(json).toContain('"title":"output scale α"');
  });
});
