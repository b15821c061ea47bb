// The gallery page: a card per report with its key figure, escaped title, link and verdicts;
// static and self-contained like the reports.

import { expect, it } from 'vitest';
import { renderGallery } from '../../src/report/gallery.js';
import { fixtureSpec, makeResults } from './helpers.js';
import type { ExpectationVerdict } from '../../src/theory/verdict.js';

const verdict = (v: ExpectationVerdict['verdict']): ExpectationVerdict => ({
  name: 'e', claim: 'c', source: '', says: '', figure: null, predicted: null, tolerance: null,
  measured: { value: null, interval: null }, verdict: v, detail: '',
});

it('links each report with its first figure and counts its verdicts', async () => {
  const source = fixtureSpec('a.lazy');
  const results = { ...makeResults(source), expectations: [verdict('pass'), verdict('pass'), verdict('fail')] };
  const hostile = source.replace(/title = "[^"]*"/, 'title = "<script>alert(1)</script> & co"');
  const html = await renderGallery([
    { href: 'tiny', source, results },
    { href: 'odd name', source: hostile, results: makeResults(hostile) },
  ], '0.0.0-test');
  expect(html).toContain('href="tiny/index.html"');
  expect(html).toContain('href="odd%20name/index.html"');
  expect(html.match(/<article class="card">/g)?.length).toBe(2);
  expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(2);
  expect(html).toContain('2 pass');
  expect(html).toContain('1 fail');
  expect(html).toContain('no expectations');
  expect(html).not.toContain('<script>alert');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
  expect(html).not.toMatch(/<script/);
  expect(html).not.toMatch(/(src|href)="https?:/);
});
