// The report page: escaping of user text, byte-identical output for the same results, the
// theory table with and without verdicts, diverged cells, downloads, and no external URL.

import { describe, expect, test } from 'vitest';
import { renderReport, type ReportInput } from '../../src/report/index.js';
import { buildFigures } from '../../src/report/render.js';
import { readReportSpec } from '../../src/report/spec.js';
import { MSG } from '../../src/report/messages.js';
import { parseSpec } from '../../src/lang/parse.js';
import { DATE, ENV, fixtureSpec, makeResults, verdict } from './helpers.js';

function input(over: Partial<ReportInput> = {}): ReportInput {
  const source = over.source ?? fixtureSpec('a.lazy');
  return { source, specPath: 'a.lazy', results: makeResults(source), verdicts: [verdict()], environment: ENV, date: DATE, static: true, ...over };
}

describe('user text is escaped', () => {
  const evil = fixtureSpec('a.lazy')
    .replace('title = "Tiny: weights move less as width grows"', 'title = "<script>alert(1)</script> & co"')
    .replace('Prose between figures', '<script>alert(2)</script> <img src=x onerror=alert(3)> ![pic](http://example.com/x.png) [link](javascript:alert(4))')
    .replace('title = "Training loss"', 'title = "<b>bold</b>"');

  test('a spec whose title and prose contain <script> shows them as text', async () => {
    const html = await renderReport(input({ source: evil }));
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>');
    expect(html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/<img/);
    expect(html).not.toMatch(/src="http/); // images are off: the markdown image is at most a link
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toContain('<b>bold</b>');
  });

  test('the interactive page embeds specs as JSON that cannot close its <script>', async () => {
    const html = await renderReport(input({ source: evil, static: false }));
    const specs = [...html.matchAll(/<script type="application\/json" class="vl-spec">([\s\S]*?)<\/script>/g)];
    expect(specs.length).toBe(2);
    for (const s of specs) expect(s[1]).not.toContain('<');
    expect(html.match(/<script>alert/g)).toBeNull();
  });
});

test('the same results give a byte-identical file', async () => {
  const a = await renderReport(input({ static: false }));
  const b = await renderReport(input({ static: false }));
  expect(a.length).toBeGreaterThan(100_000);
  expect(a === b).toBe(true);
});

test('figures are numbered, captioned, and have marks; theory line and fit are drawn', async () => {
  const html = await renderReport(input());
  expect(html).toContain('<span class="label">Figure 1.</span>');
  expect(html).toContain('<span class="label">Figure 2.</span>');
  expect(html.match(/<svg /g)?.length).toBe(2);
  expect(html).toMatch(/fitted slope −0\.\d+/);
  expect(html).toContain('predicted slope −0.5');
  expect(html).toContain('Fitted power law: slope −0.');
  // ids are renumbered per figure, so no two SVGs share one
  const ids = [...html.matchAll(/\sid="(f\d-\d+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size).toBe(ids.length);
});

test('theory table: claim, source, predicted, measured interval, verdict, figure link', async () => {
  const html = await renderReport(input());
  const row = /<tr id="claim-lee">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
  expect(row).toContain('slope(weight_change, m) == -0.5 within 0.1');
  expect(row).toContain('Lee et al. 2019');
  expect(row).toContain('−0.5 ± 0.1');
  expect(row).toContain('[−0.53, −0.46]');
  expect(row).toContain('<span class="verdict pass">pass</span>');
  expect(row).toContain('<a href="#fig-weights">Figure 1</a>');
});

test('both measured sides with their intervals; a range of few seeds is labelled; one sub-row per model', async () => {
  const v = verdict({
    predicted: null, tolerance: null, verdict: 'inconclusive',
    measured: { value: 2900, interval: [0.0053, 8699], intervalKind: 'range', seeds: 3 },
    compared: { value: 0.002, interval: [0.0016, 0.0023], intervalKind: 'bootstrap', seeds: 6 },
    unconverged: 4,
  });
  const grouped = verdict({
    name: 'per_model', claim: 'slope(weight_change, m) == -0.5 within 0.1', predicted: null, tolerance: null, verdict: 'fail',
    measured: { value: 1, interval: null, intervalNote: 'a constant' },
    groups: [
      { group: { model: 'plain' }, verdict: 'fail', detail: 'plain detail', measured: { value: 1, interval: null, intervalNote: 'a constant' }, compared: null, unconverged: 0 },
      { group: { model: 'symmetrized' }, verdict: 'pass', detail: 'sym detail', measured: { value: 2, interval: null }, compared: null, unconverged: 0 },
    ],
  });
  const html = await renderReport(input({ verdicts: [v, grouped] }));
  const row = /<tr id="claim-lee">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
  expect(row).toContain(`${MSG.rangeOfSeeds(3)} [0.0053, 8699]`);
  expect(row).toContain('[0.0016, 0.0023]');
  expect(row).toContain(MSG.usesUnconverged(4));
  // A claim judged per model shows no single measured value (its verdict is their conjunction): each model's is in its row.
  const top = /<tr id="claim-per_model">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
  expect(top).toContain(MSG.perGroupBelow);
  expect(top).toContain('−0.5 ± 0.1');
  expect(html).toMatch(/<tr class="group"><td colspan="2"><span class="detail">model plain<\/span>[\s\S]*?<span class="verdict fail">fail<\/span><span class="detail">plain detail/);
  expect(html).toContain('model symmetrized');
});

test('negative controls get their own table after the claims, each linked to the claim it protects', async () => {
  const control = verdict({ name: 'no_lazy', claim: 'slope(weight_change, m) > -0.1', control: 'lee', verdict: 'pass' });
  const html = await renderReport(input({ verdicts: [verdict(), control] }));
  const claims = html.indexOf('<tr id="claim-lee">'), heading = html.indexOf(`<h3 id="controls">${MSG.controlsTitle}</h3>`);
  const row = /<tr id="claim-no_lazy">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
  expect(claims).toBeGreaterThan(0);
  expect(heading).toBeGreaterThan(claims);
  expect(html.indexOf('<tr id="claim-no_lazy">')).toBeGreaterThan(heading);
  expect(row).toContain(`<a href="#claim-lee">${MSG.protects('lee')}</a>`);
});

test('unconverged cells are said in the runs section and in the captions of the figures that draw them', async () => {
  const source = fixtureSpec('a.lazy');
  const base = makeResults(source);
  const cells = base.cells.map((c, i) => (i === 1 ? { ...c, status: 'unconverged' as const, reason: 'reached the step limit 40 without training loss ≤ 0.001' } : c));
  const html = await renderReport(input({ results: { ...base, cells } }));
  const n = cells.filter((c) => c.status === 'unconverged').length;
  expect(html).toContain(MSG.unconvergedCells(n, cells.length, 'reached the step limit 40 without training loss ≤ 0.001').replace(/`/g, '&#96;').slice(0, 30));
  expect(html).toContain(MSG.unconvergedFigure(n, cells.length).split('(')[0]!);
  // The width chart rings exactly the means that average an unconverged cell.
  const [weights] = buildFigures(readReportSpec(parseSpec(source).spec, null), { ...base, cells });
  const values = ((weights!.vl as unknown as { data: { values: { x: number; unconverged?: boolean }[] } }).data.values);
  const badWidths = new Set(cells.filter((c) => c.status === 'unconverged').map((c) => c.values['m']));
  expect(values.filter((p) => p.unconverged).map((p) => p.x).sort()).toEqual([...badWidths].sort());
  expect(JSON.stringify(weights!.vl)).toContain('datum.unconverged === true');
});

test('without verdicts the claims still show, marked not evaluated', async () => {
  const html = await renderReport(input({ verdicts: null }));
  expect(html).toContain(`<span class="verdict none">${MSG.notEvaluated}</span>`);
});

test('diverged cells are listed with why; downloads are inline data: URLs', async () => {
  const source = fixtureSpec('a.lazy');
  const html = await renderReport(input({ results: makeResults(source, { diverge: true }) }));
  expect(html).toContain('diverged — m = 16, seed 0: loss 3.1e7 above 1e6');
  expect(html).toMatch(/<a download="results.csv" href="data:text\/csv;charset=utf-8,cell,m,seed,step,measurement,layer,value%0A/);
  expect(html).toMatch(/<a download="results.json" href="data:application\/json;charset=utf-8,/);
});

test('nothing in the page points outside the file', async () => {
  for (const isStatic of [true, false]) {
    const html = await renderReport(input({ static: isStatic }));
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    const ownMarkup = html.replace(/<script>[\s\S]*?<\/script>/g, '');
    expect(ownMarkup).not.toMatch(/@import|url\((?!#)/);
    expect(html).toContain("default-src 'none'");
  }
});

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

test('no stage mutates its input (results and verdicts deep-frozen)', async () => {
  const frozen = deepFreeze(input({ static: false }));
  await expect(renderReport(frozen)).resolves.toContain('<figure');
});
