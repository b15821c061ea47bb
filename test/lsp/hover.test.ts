// Hover: settings, constructors and parameters, measurements and what they record, bindings,
// swept values (from the plan) and the cost on the `sweep` and `seeds` lines.

import { describe, expect, test } from 'vitest';
import { analyzeText } from '../../src/lsp/analysis.js';
import { hoverAt } from '../../src/lsp/hover.js';
import { BLOCKS, CALLS } from '../../src/check/schema.js';
import { MEASUREMENTS } from '../../src/check/catalogue.js';
import { describeCost } from '../../src/plan/index.js';
import * as M from '../../src/messages/index.js';
import { edit, QUICKSTART, QUICKSTART_PATH } from './helpers.js';

const analysis = analyzeText(QUICKSTART, QUICKSTART_PATH);
/** The hover on the `nth` occurrence of `needle` (one character in). */
function hover(needle: string, nth = 0, a = analysis) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = a.text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not found`);
  return hoverAt(a, at + 1);
}

describe('hover', () => {
  test('a measurement shows its doc, options and outputs, and the range of its name', () => {
    const h = hover('weight_change(per_layer')!;
    expect(h.markdown).toContain(MEASUREMENTS.weight_change.doc);
    expect(h.markdown).toContain('`per_layer`');
    const line = QUICKSTART.split('\n').findIndex((l) => l.includes('weight_change(per_layer'));
    expect(h.range).toEqual({ start: { line, character: 2 }, end: { line, character: 15 } });
  });

  test('a setting shows its doc, a constructor its signature, a parameter its doc', () => {
    expect(hover('parameterization =')!.markdown).toContain(BLOCKS.model.parameterization.doc);
    expect(hover('teacher_student(')!.markdown).toContain(CALLS.source.teacher_student.doc);
    expect(hover('teacher_width:')!.markdown).toContain(CALLS.source.teacher_student.params.teacher_width.doc);
    expect(hover('logspaced(')!.markdown).toContain(CALLS.log.logspaced.doc);
  });

  test('an enum word says which words the setting takes', () => {
    expect(hover('ntk\n')!.markdown).toContain('`mean_field`');
  });

  test('a recorded value in a claim names its measurement', () => {
    expect(hover('weight_change, m)')!.markdown).toContain('`weight_change`');
    expect(hover('train_loss)')!.markdown).toContain(MEASUREMENTS.train_loss.doc);
  });

  test('a let binding shows its expression; a swept variable its values in each plan and the cost', () => {
    expect(hover('dim = d')!.markdown).toContain(BLOCKS.data.dim.doc);
    expect(hoverAt(analysis, QUICKSTART.indexOf('d\n  n_train'))!.markdown).toContain('let d = 10');
    const swept = hover('m]')!.markdown;
    expect(swept).toContain('sweep m = logspace(5, 10, 6, base: 2)');
    expect(swept).toContain('values: 32, 64, 128, 256, 512, 1024');
    expect(swept).toContain('profile `smoke`: 8, 16');
  });

  test('`sweep` and `seeds` show the cost of every plan, as `plan` computes it', () => {
    const cost = M.hoverCost(null, describeCost(analysis.plans.get(null)!));
    expect(hover('sweep m')!.markdown).toContain(cost);
    expect(hover('seeds = 5')!.markdown).toContain(cost);
    expect(hover('seeds = 5')!.markdown).toContain(M.hoverCost('smoke', describeCost(analysis.plans.get('smoke')!)));
    expect(cost).toContain('30 cells');
  });

  test('a spec with errors has no cost to show', () => {
    const broken = analyzeText(edit(QUICKSTART, 'activation = relu', 'activation = rleu'), QUICKSTART_PATH);
    expect(hover('seeds = 5', 0, broken)!.markdown).toBe(M.hoverNoPlan());
  });

  test('nothing over a comment, a number or blank space', () => {
    expect(hover('Quick start')).toBeNull();
    expect(hover('300')).toBeNull();
    expect(hoverAt(analysis, QUICKSTART.indexOf('\n\n') + 1)).toBeNull();
  });
});
