// The diff stage: semantic spec changes (old → new, whole blocks once), the line diff, moved
// measurements (largest relative change first, cells matched by swept values), cells on one
// side only, verdict changes; and the markdown and JSON forms.

import { describe, expect, test } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { diffResults, diffSpecs, renderDiffJson, renderDiffMarkdown } from '../../src/report/index.js';
import { NOISE_FACTOR, makeMove, moves, verdictChanges } from '../../src/report/diff/model.js';
import { diffLines, unifiedHunks } from '../../src/report/diff/text-diff.js';
import { fixtureSpec, makeResults, tinySides, verdict } from './helpers.js';

const spec = (s: string) => parseSpec(s).spec;

describe('diffSpecs', () => {
  test('bindings, sweeps (with their values), seeds and settings: old → new', () => {
    const changes = diffSpecs(spec(fixtureSpec('a.lazy')), spec(fixtureSpec('b.lazy')));
    expect(changes).toEqual([
      { area: 'binding', what: 'let lr', kind: 'changed', old: '1.0', new: '0.5' },
      { area: 'sweep', what: 'sweep m', kind: 'changed', old: '[16, 64, 256]', new: '[16, 64, 256, 1024]' },
      { area: 'seeds', what: 'seeds', kind: 'changed', old: '2', new: '3' },
    ]);
  });

  test('a sweep written as a call also shows its values; a model added whole is one change', () => {
    const a = spec('sweep m = logspace(1, 2, 2)\nmodel a { hidden = [m] }');
    const b = spec('sweep m = logspace(1, 3, 3)\nmodel a { hidden = [m]  activation = tanh }\nmodel b { hidden = [m] }');
    expect(diffSpecs(a, b)).toEqual([
      { area: 'sweep', what: 'sweep m', kind: 'changed', old: 'logspace(1, 2, 2) = [10, 100]', new: 'logspace(1, 3, 3) = [10, 100, 1000]' },
      { area: 'model', what: 'model a: activation', kind: 'added', old: null, new: 'tanh' },
      { area: 'model', what: 'model b', kind: 'added', old: null, new: '{ … }' },
    ]);
  });

  test('identical specs: no change', () => {
    expect(diffSpecs(spec(fixtureSpec('a.lazy')), spec(fixtureSpec('a.lazy')))).toEqual([]);
  });
});

test('line diff: common lines kept, hunks with context', () => {
  expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([{ op: ' ', text: 'a' }, { op: '-', text: 'b' }, { op: '+', text: 'x' }, { op: ' ', text: 'c' }]);
  const hunks = unifiedHunks('1\n2\n3\n4\n5\n6\n7\n8\n9', '1\n2\n3\n4\nfive\n6\n7\n8\n9', 1);
  expect(hunks).toHaveLength(1);
  expect(hunks[0]!.header).toBe('@@ -4,3 +4,3 @@');
});

describe('moves and verdicts', () => {
  test('largest relative move first; cells matched by swept values; one-sided cells listed', () => {
    const a = makeResults(fixtureSpec('a.lazy'));
    const b = makeResults(fixtureSpec('b.lazy'), { lrScale: 0.5 });
    const m = moves(a, b);
    const rel = m.moves.map((x) => Math.abs(x.relative));
    expect(rel).toEqual([...rel].sort((x, y) => y - x));
    expect(m.moves.every((x) => x.measurement === 'train_loss' || x.measurement === 'weight_change')).toBe(true);
    expect(m.onlyNew).toEqual([{ m: 1024 }]);
    expect(m.onlyOld).toEqual([]);
    expect(moves(a, a).moves).toEqual([]);
  });

  test('verdicts: every expectation with its values, flips marked (changed, added, removed)', () => {
    const v = verdictChanges([verdict(), verdict({ name: 'gone' }), verdict({ name: 'same' })], [verdict({ verdict: 'fail' }), verdict({ name: 'new', verdict: 'inconclusive' }), verdict({ name: 'same' })]);
    expect(v.map((c) => [c.name, c.old, c.new, c.changed])).toEqual([['lee', 'pass', 'fail', true], ['gone', 'pass', null, true], ['same', 'pass', 'pass', false], ['new', null, 'inconclusive', true]]);
    expect(v.find((c) => c.name === 'same')!.oldValue).not.toBeNull();
  });

  test('each move is measured against the seed-to-seed spread (standard error of the difference)', () => {
    // Brute force: variances (n − 1) 2 and 4, se = √(2/2 + 4/3).
    const far = makeMove('loss', { m: 8 }, [1, 3], [10, 12, 14]);
    expect(far.noise).toBeCloseTo(Math.sqrt(2 / 2 + 4 / 3), 12);
    expect(far.seeds).toEqual([2, 3]);
    expect(far.beyondNoise).toBe(true);
    const near = makeMove('loss', { m: 8 }, [1, 3], [2, 4]);
    expect(near.noise).toBeCloseTo(Math.sqrt(2), 12);
    expect(Math.abs(near.new - near.old)).toBeLessThan(NOISE_FACTOR * near.noise!);
    expect(near.beyondNoise).toBe(false);
    const single = makeMove('loss', { m: 8 }, [1], [2]);
    expect([single.noise, single.beyondNoise]).toEqual([null, null]);
  });

  test('moves beyond noise are listed before moves within it', () => {
    const a = makeResults(fixtureSpec('a.lazy'));
    const b = makeResults(fixtureSpec('b.lazy'), { lrScale: 0.5 });
    const m = moves(a, b).moves;
    const firstWithin = m.findIndex((x) => x.beyondNoise !== true);
    if (firstWithin >= 0) expect(m.slice(firstWithin).every((x) => x.beyondNoise !== true)).toBe(true);
  });
});

test('three revisions give two steps; markdown and JSON forms', () => {
  const [a, b] = tinySides();
  const diff = diffResults([a!, b!, { ...a!, label: 'a-again' }]);
  expect(diff.steps.map((s) => `${s.from}→${s.to}`)).toEqual(['a.lazy→b.lazy', 'b.lazy→a-again']);
  expect(diff.charts.map((c) => c.name)).toEqual(['weights', 'loss']);
  const md = renderDiffMarkdown(diff);
  expect(md).toContain('| changed | `let lr` | `1.0` | `0.5` |');
  expect(md).toMatch(/\| pass \(−?[\d.]+\) \| \*\*fail \(−?[\d.]+\)\*\* \| flipped \|/);
  // Several steps: a heading per step.
  expect(md.match(/^### /gm)).toHaveLength(2);
  const json = JSON.parse(renderDiffJson(diff)) as { labels: string[]; charts: string[] };
  expect(json.labels).toEqual(['a.lazy', 'b.lazy', 'a-again']);
  expect(json.charts).toEqual(['weights', 'loss']);
});

test('a side without its spec still diffs its results', () => {
  const [a, b] = tinySides();
  const diff = diffResults([{ ...a!, source: null }, b!]);
  expect(diff.steps[0]!.spec).toBeNull();
  expect(renderDiffMarkdown(diff)).toContain('is not known');
});

test('markdown of one step: the title once, the text diff, every expectation with its values', () => {
  const [a, b] = tinySides();
  const md = renderDiffMarkdown(diffResults([a!, b!]));
  expect(md.match(/^##+ /gm)).toHaveLength(1);
  expect(md).toContain('```diff\n');
  expect(md).toContain('-let lr = 1.0\n+let lr = 0.5');
  expect(md).toMatch(/moves? beyond noise/);
  expect(md).toContain('**Expectations and their verdicts**');
});
