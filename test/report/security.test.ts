// A crafted results file (and spec) through `report` and `diff`: every value lands escaped,
// nothing becomes an element or attribute the renderer did not write, links carry no
// script scheme, and the page's CSP lists exactly the hashes of its own inline scripts and
// styles, with no 'unsafe-inline' and no 'unsafe-eval'. The page is read with a tokenizer
// that works like the browser's (html-scan.ts), not with the renderer's own assumptions.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildFigures, diffResults, readReportSpec, renderDiffHtml, renderDiffMarkdown, renderReport, renderSvg } from '../../src/report/index.js';
import { parseSpec } from '../../src/lang/parse.js';
import { runDate } from '../../src/report/write.js';
import { renderGallery, reportHref } from '../../src/report/gallery.js';
import { renderMarkdown, safeLink } from '../../src/report/markdown.js';
import { badge, verdictClass } from '../../src/report/escape.js';
import { DATE, ENV, fixtureSpec, makeResults, verdict } from './helpers.js';
import { ATTR_BREAK, hostileResults, hostileSpec, hostileVerdicts, IMG, SCRIPT_BREAK } from './hostile.js';
import { scanHtml, type Tag } from './html-scan.js';

const HOSTILE_ENV = { ...ENV, lazylab: `0.0.0 ${ATTR_BREAK}`, cpu: IMG, node: SCRIPT_BREAK };

const HTML_ELEMENTS = new Set(('html head meta title style body main header footer section h1 h2 h3 p span a code pre div '
  + 'table thead tbody tr th td ul li dl dt dd figure figcaption time details summary strong em sup br script article').split(' '));
const MATH_ELEMENTS = /^(math|semantics|mrow|mi|mo|mn|msup|msub|msubsup|mfrac|mtext|mspace|mstyle|annotation|mover|munder|msqrt|mpadded)$/;
const SVG_ELEMENTS = /^(svg|g|path|rect|line|text|tspan|defs|clippath|circle|title|desc)$/;

/** Checks one page; returns what it found, for the callers' own assertions. */
function assertSafe(html: string, interactive: boolean): { tags: Tag[] } {
  const { tags, raw } = scanHtml(html);
  for (const t of tags) {
    const where = `<${t.name} ${[...t.attrs.keys()].join(' ')}> at ${t.start}`;
    expect(HTML_ELEMENTS.has(t.name) || MATH_ELEMENTS.test(t.name) || SVG_ELEMENTS.test(t.name), `element ${where}`).toBe(true);
    for (const [k, v] of t.attrs) {
      expect(k.startsWith('on'), `event handler ${k} on ${where}`).toBe(false);
      expect(k, `attribute ${k} on ${where}`).toMatch(/^[a-z][a-z0-9:-]*$/);
      if (k === 'href' || k === 'src' || k === 'xlink:href' || k === 'action' || k === 'formaction') {
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(v.replace(/[\x00-\x20]/g, ''))?.[1]?.toLowerCase();
        const download = t.name === 'a' && t.attrs.has('download') && scheme === 'data';
        expect(scheme === undefined || scheme === 'https' || scheme === 'http' || download, `${k}="${v.slice(0, 40)}" on ${where}`).toBe(true);
      }
    }
    if (t.attrs.get('class')?.split(/\s+/).includes('verdict')) {
      for (const c of t.attrs.get('class')!.split(/\s+/)) expect(['verdict', 'pass', 'fail', 'inconclusive', 'none']).toContain(c);
    }
  }
  expect(tags.filter((t) => t.name === 'meta' && t.attrs.has('http-equiv')).length).toBe(1);
  expect(tags.filter((t) => t.name === 'style').length).toBe(1);
  // Scripts: the libraries and the page script when interactive, else none; every other is data.
  const executable = raw.filter((r) => r.tag.name === 'script' && !r.tag.attrs.has('type'));
  expect(executable.length).toBe(interactive ? 4 : 0);
  for (const r of raw.filter((x) => x.tag.name === 'script' && x.tag.attrs.has('type'))) {
    expect(r.tag.attrs.get('type')).toBe('application/json');
    expect(() => JSON.parse(r.text)).not.toThrow();
  }
  assertCsp(html, executable.map((r) => r.text), raw.filter((r) => r.tag.name === 'style').map((r) => r.text));
  return { tags };
}

const sha = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** The CSP: no unsafe sources, and exactly the hashes of the page's own scripts and styles. */
function assertCsp(html: string, scripts: string[], styles: string[]): void {
  const meta = scanHtml(html).tags.find((t) => t.attrs.get('http-equiv') === 'Content-Security-Policy')!;
  const directives = new Map(meta.attrs.get('content')!.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  expect(directives.get('default-src')).toEqual(["'none'"]);
  const expected = (texts: string[]) => (texts.length ? [...new Set(texts.map(sha))].sort() : ["'none'"]);
  expect([...directives.get('script-src')!].sort()).toEqual(expected(scripts));
  expect([...directives.get('style-src')!].sort()).toEqual(expected(styles));
  expect(meta.attrs.get('content')).not.toMatch(/unsafe-(inline|eval|hashes)/);
}

describe('a crafted results file and spec', () => {
  const source = hostileSpec();
  const input = { source, specPath: `a.lazy ${IMG}`, results: hostileResults(source), verdicts: hostileVerdicts(), environment: HOSTILE_ENV, date: `${DATE}${SCRIPT_BREAK}` };

  it.each([true, false])('report (static: %s) writes no element, attribute or link it did not mean to', async (isStatic) => {
    const html = await renderReport({ ...input, static: isStatic });
    const { tags } = assertSafe(html, !isStatic);
    // The values are shown, escaped, not dropped.
    expect(html).toContain('class="verdict none">x&quot; onmouseover=&quot;alert(1)</span>');
    expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    // The markdown links with a script scheme stayed text.
    expect(tags.filter((t) => t.name === 'a').map((t) => t.attrs.get('href'))).not.toContain(expect.stringMatching(/script/i));
    // (`lee` shows the spec's `says`; the verdict the spec does not know shows its own.)
    expect(html).toContain('[y](JaVaScRiPt:alert(7))');
    expect(html).toContain('[a](javascript:alert(8))');
  });

  it('diff writes no element, attribute or link it did not mean to (HTML and markdown)', async () => {
    const a = fixtureSpec('a.lazy');
    const sides = [
      { label: `a.lazy ${ATTR_BREAK}`, source: a, results: makeResults(a), verdicts: [verdict()] },
      { label: `b ${SCRIPT_BREAK}`, source, results: hostileResults(source), verdicts: hostileVerdicts() },
    ];
    const diff = diffResults(sides);
    for (const isStatic of [true, false]) {
      const html = await renderDiffHtml(diff, sides, { static: isStatic, version: HOSTILE_ENV.lazylab });
      assertSafe(html, !isStatic);
      expect(html).toContain('class="verdict none">x&quot; onmouseover=&quot;alert(1)</span>');
    }
    const md = renderDiffMarkdown(diff);
    // Markup is inert inside code spans (mdCode turns backticks into quotes) and the text diff's
    // fenced block (its fence is longer than any backtick run in it); outside, every `<` is escaped.
    const unfenced = md.replace(/^(`{3,})diff\n[\s\S]*?\n\1$/gm, '');
    expect(unfenced).not.toMatch(/^```/m);
    expect(unfenced.replace(/`[^`\n]*`/g, '')).not.toMatch(/(^|[^\\])</m);
    expect(md).toContain('x" onmouseover="alert(1)');
  });

  it('the gallery links only relative folders', async () => {
    const results = { ...hostileResults(source), expectations: hostileVerdicts() };
    const html = await renderGallery([{ href: 'javascript:alert(1)', source, results }, { href: '//evil.example/x', source, results }], ATTR_BREAK);
    const { tags } = assertSafe(html, false);
    expect(tags.filter((t) => t.name === 'a').map((t) => t.attrs.get('href'))).toEqual([
      'javascript%3Aalert(1)/index.html', 'javascript%3Aalert(1)/index.html', 'evil.example/x/index.html', 'evil.example/x/index.html',
    ]);
    expect(reportHref('odd name')).toBe('odd%20name/index.html');
  });
});

describe('the helpers every call site goes through', () => {
  it('verdict classes come from an allow-list, never from the file', () => {
    expect(['pass', 'fail', 'inconclusive'].map(verdictClass)).toEqual(['pass', 'fail', 'inconclusive']);
    for (const v of [ATTR_BREAK, 'pass fail', 'PASS', '', 'constructor', '__proto__', 'toString', null, undefined, 3, { toString: () => 'pass' }]) expect(verdictClass(v)).toBe('none');
    expect(badge('fail')).toBe('<span class="verdict fail">fail</span>');
    expect(badge(7)).toBe('<span class="verdict none">7</span>');
  });

  it('markdown links allow http(s), mailto and scheme-less targets only', () => {
    for (const ok of ['https://arxiv.org/abs/1812.07956', 'http://a.b', 'mailto:a@b.c', '#fig-loss', 'notes.html', '../x']) expect(safeLink(ok), ok).toBe(true);
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'java%09script:alert(1)', ' javascript:x',
      'vbscript:x', 'data:text/html,<script>alert(1)</script>', 'data:image/png;base64,AAAA', 'file:///etc/passwd']) expect(safeLink(bad), bad).toBe(false);
    expect(renderMarkdown('[x](data:image/png;base64,AAAA)')).not.toContain('<a');
    expect(renderMarkdown('[x](https://a.b)')).toContain('<a href="https://a.b">x</a>');
  });

  it('static charts are drawn with vega\'s interpreter: no expression is compiled with Function', async () => {
    const source = fixtureSpec('a.lazy');
    const figures = buildFigures(readReportSpec(parseSpec(source).spec, null), makeResults(source));
    const original = globalThis.Function;
    const compiled: string[] = [];
    // vega's code generator calls the global Function; count every call while the charts render.
    globalThis.Function = new Proxy(original, {
      apply: (t, self, args: string[]) => { compiled.push(String(args.at(-1))); return Reflect.apply(t, self, args); },
      construct: (t, args: string[]) => { compiled.push(String(args.at(-1))); return Reflect.construct(t, args); },
    });
    try {
      for (const f of figures) expect(await renderSvg(f.vl, 'f', f.name)).toContain('<svg');
    } finally {
      globalThis.Function = original;
    }
    expect(compiled).toEqual([]);
  });
});

describe('a results file with the wrong types', () => {
  it('a date that is not a string is ignored, not sliced', () => {
    const r = makeResults(fixtureSpec('a.lazy'));
    expect(runDate({ ...r, finishedAt: 5 } as never, null)).toBeNull();
    expect(runDate({ ...r, finishedAt: { toString: () => '<b>' }, date: DATE } as never, null)).toBe(DATE);
  });
});
