// The theory table's prediction and measured columns: the relation printed with its bound
// (`≤ −0.4`, `−0.5 ± 0.15`, `[a, b]`, `decreasing in tau`), values rounded to four significant
// digits, and a measured value for every claim kind, final() and decreasing() included
// (evaluated end to end from hand-made results, the stored verdicts completed as the report does).

import { describe, expect, test } from 'vitest';
import { predictionHtml, relationOf } from '../../src/report/prediction.js';
import { theoryRows, theoryTable } from '../../src/report/tables.js';
import { withTruthValues } from '../../src/report/truth-values.js';
import { MSG } from '../../src/report/messages.js';
import { parseSpec } from '../../src/lang/parse.js';
import { evaluateExpectations } from '../../src/theory/expect.js';
import type { RunResults, TidyRecord } from '../../src/run/results.js';
import { verdict } from './helpers.js';

const shown = (claim: string, predicted: number | null = null, compared: string | null = null): string =>
  predictionHtml(relationOf(claim), predicted, compared);

describe('the prediction column', () => {
  test.each([
    ['slope(weight_change, m) <= -0.4', '≤ −0.4'],
    ['slope(weight_change, m) < -0.6', '&lt; −0.6'],
    ['final(train_accuracy) >= 0.99', '≥ 0.99'],
    ['final(train_accuracy) > 0.9', '&gt; 0.9'],
    ['slope(weight_change, m) == -0.5 within 0.15', '−0.5 ± 0.15'],
    ['slope(weight_change, m) == -0.45 within 20%', '−0.45 ± 20%'],
    ['slope(weight_change, m) <= -0.5 within 0.1', '≤ −0.5 ± 0.1'],
    ['mean(test_loss) == 3', '= 3'],
    ['slope(test_loss, m) != 0', '≠ 0'],
    ['final(test_accuracy) >= 0.2 and final(test_accuracy) <= 0.8', '[0.2, 0.8]'],
    ['final(test_accuracy) > 0.2 and final(test_accuracy) < 0.8', '(0.2, 0.8)'],
    ['slope(a, m) < 0 and slope(b, m) > 1', '&lt; 0'],
    ['not (slope(weight_change, m) > 0)', 'not &gt; 0'],
    ['decreasing(weight_change, tau, model: symmetrized)', 'decreasing in <code>tau</code>'],
    ['increasing(activation_stability, alpha)', 'increasing in <code>alpha</code>'],
  ])('%s → %s', (claim, expected) => {
    expect(shown(claim)).toBe(expected);
  });

  test('a bound named by a `let` prints the evaluator\'s value, rounded to 4 significant digits', () => {
    expect(shown('slope(weight_change, m) < bound', 0.0316227766017)).toBe('&lt; 0.03162');
    expect(shown('slope(weight_change, m) < bound')).toBe('&lt; <code>bound</code>');
  });

  test('a measured right-hand side is printed after the relation', () => {
    expect(shown('at(test_loss, tau: max) > at(test_loss, tau: min)', null, '0.002216')).toBe('&gt; 0.002216');
  });

  test('an unparseable claim falls back to the number', () => {
    expect(shown('slope(', 0.5)).toBe('0.5');
  });
});

describe('the theory table', () => {
  test('prints the relation of `<= -0.4`, not the bare number, and rounds values', () => {
    const html = theoryTable(theoryRows([], [verdict({
      claim: 'slope(weight_change, m) <= -0.4', predicted: -0.4, tolerance: null,
      measured: { value: 0.0316227766017, interval: [0.0123456789, 0.0456789123], intervalKind: 'bootstrap', seeds: 5 },
    })], []));
    expect(html).toContain('<td class="num">≤ −0.4</td>');
    expect(html).toContain('0.03162<br><span class="detail">[0.01235, 0.04568]</span>');
    expect(html).not.toContain('0.0316227766017');
  });

  /** m ∈ {16, 32, 64}, 5 seeds: weight_change = 1/m + 0.001·seed at the last step, train_loss from 1 to 0.1·(1 + 0.01·seed). */
  function results(): RunResults {
    const records: TidyRecord[] = [];
    const cells = [16, 32, 64].flatMap((m) => [0, 1, 2, 3, 4].map((seed) => ({ m, seed })));
    const summaries = cells.map(({ m, seed }, i) => {
      const hash = `c${i}`, values = { m };
      records.push({ cell: hash, values, seed, step: 0, measurement: 'weight_change', value: 0 });
      records.push({ cell: hash, values, seed, step: 10, measurement: 'weight_change', value: 1 / m + 0.001 * seed });
      records.push({ cell: hash, values, seed, step: 0, measurement: 'train_loss', value: 1 });
      records.push({ cell: hash, values, seed, step: 10, measurement: 'train_loss', value: 0.1 * (1 + 0.01 * seed) });
      return { hash, index: i, values, seed, status: 'ok' as const, steps: 10, notes: [], seconds: 0, stepsPerSecond: 0, backend: { name: 'cpu' as const, version: '', threads: 1 }, cached: false };
    });
    return { formatVersion: 1, experiment: 'x', profile: null, shard: null, totals: { cells: cells.length, cached: 0, trained: cells.length, diverged: 0, failed: 0, seconds: 0 }, backend: { name: 'cpu', version: '', threads: 1 }, cells: summaries, records };
  }

  test('final() and decreasing() claims show a measured value with its interval', () => {
    const text = 'sweep m = [16, 32, 64]\nmodel mlp { hidden = [m] }\n'
      + 'expect fits { claim = final(train_loss) < 0.5 }\nexpect moves_less { claim = decreasing(weight_change, m) }';
    const spec = parseSpec(text).spec;
    // As `lazylab run` stores them: decreasing() has no measured value; the report fills it in.
    const stored = evaluateExpectations(spec, results());
    expect(stored.find((v) => v.name === 'moves_less')!.measured.value).toBeNull();
    const html = theoryTable(theoryRows([], withTruthValues(stored, spec, results()), []));
    const row = (name: string): string => /<tr id="claim-[^"]*">[\s\S]*?<\/tr>/g.exec(html.slice(html.indexOf(`claim-${name}`) - 8))?.[0] ?? '';
    const cells = (r: string): string[] => [...r.matchAll(/<td class="num">([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    // final(train_loss): the mean over seeds of 0.1·(1 + 0.01·seed), seeds 0–4: 0.102.
    const [fitsPredicted, fitsMeasured] = cells(row('fits'));
    expect(fitsPredicted).toBe('&lt; 0.5');
    expect(fitsMeasured).toMatch(/^0\.102<br><span class="detail">\[0\.10\d*, 0\.10\d*\]<\/span>$/);
    // decreasing(weight_change, m): the change from m = 16 to m = 64 is 1/64 − 1/16 in every seed.
    const [movesPredicted, movesMeasured] = cells(row('moves_less'));
    expect(movesPredicted).toBe('decreasing in <code>m</code>');
    // (1/64 − 1/16 = −0.046875 exactly; the bootstrap's float sums may land either side of the last digit)
    expect(movesMeasured).toMatch(/^−0\.0468[78]<br><span class="detail">\[−0\.0468[78], −0\.0468[78]\]<\/span>/);
    expect(movesMeasured).toContain('change from m = 16 to 64; 2 of 2 steps down');
    expect(html).not.toContain(MSG.noInterval('no single measured statistic'));
  });
});
