// Random hostile strings in every field of a results file that the report's tables and the
// diff show: whatever they hold, the page gains no element and no attribute, only text.
// Strings are drawn from the characters that matter to HTML and URLs plus markup fragments.

import fc from 'fast-check';
import { expect, it } from 'vitest';
import { diffResults, renderDiffHtml } from '../../src/report/index.js';
import { divergedList, environmentList, theoryRows, theoryTable } from '../../src/report/tables.js';
import type { RunResults } from '../../src/run/results.js';
import type { ExpectationVerdict } from '../../src/theory/verdict.js';
import { ENV, fixtureSpec, makeResults, verdict } from './helpers.js';
import { scanHtml } from './html-scan.js';

const PIECES = ['<', '>', '"', "'", '&', '=', ' ', '/', '`', '\n', 'x', 'on', 'onerror', 'script', 'img', '</script>', '<img src=x onerror=alert(1)>',
  '" onmouseover="alert(1)', "' autofocus onfocus='alert(1)", 'javascript:', '[a](javascript:alert(1))', '&quot;', '&#34;', '<!--', ']]>', '\u2028', 'pass', 'fail'];
const hostile = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((xs) => xs.join(''));

const base = makeResults(fixtureSpec('a.lazy'), { diverge: true });

/** The tags of an HTML fragment, as name + attribute names: what the markup itself is made of. */
const shape = (html: string): string[] => scanHtml(html).tags.map((t) => `${t.name}[${[...t.attrs.keys()].join(',')}]`);

function tablesHtml(v: ExpectationVerdict, text: string): string {
  const r: RunResults = { ...base, profile: null, cells: base.cells.map((c, i) => (i === 0 ? { ...c, reason: text, values: { m: text } } : c)) };
  return theoryTable(theoryRows([], [v], [])) + environmentList(r, { ...ENV, cpu: text, node: text, lazylab: text }, text) + divergedList(r);
}

it('random hostile strings in verdicts, cells and environment stay text in the tables', () => {
  // The markup of the tables for harmless strings is the reference.
  const reference = shape(tablesHtml(verdict({ name: 'n', verdict: 'pass', says: '' }), 'x'));
  fc.assert(fc.property(hostile, hostile, fc.constantFrom('pass', 'fail', 'inconclusive'), (text, v, known) => {
    const html = tablesHtml(verdict({ name: 'n', claim: text, source: text, says: '', detail: text, verdict: v as never,
      measured: { value: 1, interval: null, intervalNote: text } }), text);
    expect(shape(html)).toEqual(reference);
    const known_ = tablesHtml(verdict({ name: 'n', verdict: known, says: '' }), 'x');
    expect(known_).toContain(`class="verdict ${known}"`);
  }), { numRuns: 200, seed: 9 });
});

it('random hostile labels and verdicts stay text in the diff', async () => {
  await fc.assert(fc.asyncProperty(hostile, hostile, async (label, v) => {
    const sides = [
      { label: `a${label}`, source: null, results: base, verdicts: [verdict()] },
      { label: `b${label}`, source: null, results: base, verdicts: [verdict({ verdict: v as never, claim: label })] },
    ];
    const html = await renderDiffHtml(diffResults(sides), sides, { static: true, version: label });
    const tags = scanHtml(html).tags;
    for (const t of tags) for (const k of t.attrs.keys()) expect(['class', 'id', 'lang', 'charset', 'http-equiv', 'content', 'name']).toContain(k);
    expect(tags.map((t) => t.name).filter((n) => !/^(html|head|meta|title|style|body|main|header|footer|section|h1|h2|h3|p|span|table|thead|tbody|tr|th|td|code)$/.test(n))).toEqual([]);
  }), { numRuns: 60, seed: 9 });
});
