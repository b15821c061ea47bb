// A real browser opens the report from file:// with the network off: Debian's chromium,
// headless, through playwright-core. Fails on any console error (a CSP violation is one), on
// any request that leaves the file, on a dialog, or on a chart without marks; hovers a point
// for its tooltip and zooms (vega's expressions run in its interpreter: the CSP forbids eval);
// saves a screenshot under test-output/report/. A crafted results file runs nothing, and
// markup injected into a page past the escaping is refused by the CSP.
// Skips only when chromium is absent and CI is not set (CI installs it: see .ci/run).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { renderDiffHtml, diffResults, renderReport } from '../../src/report/index.js';
import { renderGallery } from '../../src/report/gallery.js';
import { DATE, ENV, fixtureSpec, makeResults, OUTPUT, tinySides, verdict } from './helpers.js';
import { hostileResults, hostileSpec, hostileVerdicts } from './hostile.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const inCI = Boolean(process.env['CI']);
if (!present && !inCI) console.warn(`browser test skipped: ${CHROMIUM} not found (apt-get install chromium); CI always runs it`);

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

interface Visit { errors: string[]; requests: string[]; dialogs: string[]; tooltip: boolean; menus: number; styled: boolean; title: string; marks: { chart: string; marks: number; live: boolean }[] }

describe.skipIf(!present && !inCI)('report in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(async () => browser?.close());

  async function visit(file: string, screenshot: string): Promise<Visit> {
    const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const v: Visit = { errors: [], requests: [], dialogs: [], tooltip: false, menus: 0, styled: false, title: '', marks: [] };
    page.on('console', (m) => { if (m.type() === 'error') v.errors.push(m.text()); });
    page.on('dialog', (d) => { v.dialogs.push(d.message()); void d.dismiss(); });
    page.on('pageerror', (e) => v.errors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== pathToFileURL(file).href) v.requests.push(r.url()); });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('figure.is-live').length === document.querySelectorAll('figure[data-chart] .live').length, null, { timeout: 15_000 }).catch(() => {});
    v.marks = await page.$$eval('figure[data-chart]', (figs) => figs.map((f) => {
      const live = f.classList.contains('is-live');
      const root = live ? f.querySelector('.live') : f.querySelector('.static');
      const marks = root?.querySelectorAll('.role-mark path, .role-mark line, .role-mark rect, .role-mark circle').length ?? 0;
      return { chart: f.getAttribute('data-chart') ?? '', marks, live };
    }));
    // Hover a point for its tooltip (styled by the page, not injected), then zoom with the wheel.
    const point = await page.$('figure.is-live .live .mark-symbol path');
    if (point) {
      await point.hover({ force: true });
      v.tooltip = await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 }).then(() => true, () => false);
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(200);
    }
    v.menus = await page.$$eval('figure.is-live .live details summary', (xs) => xs.length);
    // The stylesheet applied (its hash matched): <main> is the 50rem column, not full width.
    v.styled = await page.$eval('main', (m) => getComputedStyle(m).maxWidth !== 'none');
    v.title = await page.title();
    await page.screenshot({ path: screenshot, fullPage: true });
    await context.close();
    return v;
  }

  test('the report opens offline from file://: live charts with marks, no console error, no request', async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const source = fixtureSpec('a.lazy');
    const html = await renderReport({ source, specPath: 'a.lazy', results: makeResults(source, { diverge: true }), verdicts: [verdict()], environment: ENV, date: DATE });
    const file = join(OUTPUT, 'report.html');
    writeFileSync(file, html);
    const v = await visit(file, join(OUTPUT, 'report.png'));
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(v.tooltip, 'a hovered point shows its tooltip').toBe(true);
    expect(v.marks.map((m) => m.chart)).toEqual(['weights', 'loss']);
    expect(v.menus, 'each live chart has its actions menu').toBe(2);
    for (const m of v.marks) {
      expect(m.live, `${m.chart} became interactive`).toBe(true);
      expect(m.marks, `${m.chart} has marks`).toBeGreaterThan(0);
    }
  });

  test('the diff opens offline too, with every chart drawn', async () => {
    const sides = tinySides();
    const file = join(OUTPUT, 'diff.html');
    writeFileSync(file, await renderDiffHtml(diffResults(sides), sides, { version: ENV.lazylab }));
    const v = await visit(file, join(OUTPUT, 'diff.png'));
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(v.marks.length).toBe(2);
    for (const m of v.marks) expect(m.marks, `${m.chart} has marks`).toBeGreaterThan(0);
  });

  test('a crafted results file and spec run nothing: no dialog, no error, live charts', async () => {
    const source = hostileSpec();
    const html = await renderReport({ source, specPath: 'a.lazy', results: hostileResults(source), verdicts: hostileVerdicts(), environment: ENV, date: DATE });
    const file = join(OUTPUT, 'hostile.html');
    writeFileSync(file, html);
    const v = await visit(file, join(OUTPUT, 'hostile.png'));
    expect(v.dialogs).toEqual([]);
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    for (const m of v.marks) expect(m.live, `${m.chart} became interactive`).toBe(true);
  });

  test('markup slipped into the page past the escaping is refused by the CSP', async () => {
    const source = fixtureSpec('a.lazy');
    const html = await renderReport({ source, specPath: 'a.lazy', results: makeResults(source), verdicts: [verdict()], environment: ENV, date: DATE });
    const injected = html.replace('<main>', '<main><script>document.title = "pwned"; alert(1)</script>'
      + '<svg><image href="x" onerror="document.title = \'pwned\'"></image></svg><style>main { display: none }</style>');
    const file = join(OUTPUT, 'injected.html');
    writeFileSync(file, injected);
    const v = await visit(file, join(OUTPUT, 'injected.png'));
    expect(v.dialogs).toEqual([]);
    expect(v.title).not.toBe('pwned');
    expect(v.errors.filter((e) => /Content Security Policy/.test(e)).length, v.errors.join('\n')).toBeGreaterThanOrEqual(2);
    for (const m of v.marks) expect(m.live, `${m.chart} still became interactive`).toBe(true);
  });

  test('static pages (a --static report, the gallery) are styled by their hashed stylesheet, with no error', async () => {
    const source = fixtureSpec('a.lazy');
    const results = makeResults(source);
    const pages = {
      'static.html': await renderReport({ source, specPath: 'a.lazy', results, verdicts: [verdict()], environment: ENV, date: DATE, static: true }),
      'gallery.html': await renderGallery([{ href: 'tiny', source, results }], ENV.lazylab),
    };
    for (const [name, html] of Object.entries(pages)) {
      const file = join(OUTPUT, name);
      writeFileSync(file, html);
      const v = await visit(file, join(OUTPUT, name.replace('.html', '.png')));
      expect(v.errors, name).toEqual([]);
      expect(v.styled, `${name} is styled`).toBe(true);
    }
  });
});
