// Every shipped report (reports/<name>/spec.lazy + results.json), rendered by the current code
// and opened in a real browser (Debian's chromium, headless, offline) at a desktop (1280 px)
// and a phone (400 px) width: the page is no wider than the screen, no chart text is drawn
// smaller than 9 px on screen, and every axis has a title; printed (print stylesheet, A4 text
// width of 180 mm ≈ 680 px) the page is no wider than the paper either, and a PDF is written.
// Screenshots of each page at each width go to test-output/report/shipped/ for a person to look at.
// Skips only when chromium is absent and CI is not set (CI installs it: see .ci/run).

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderReport } from '../../src/report/index.js';
import { readResults } from '../../src/run/results.js';
import { DATE, ENV, OUTPUT } from './helpers.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const inCI = Boolean(process.env['CI']);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const REPORTS = 'reports';
const shipped = readdirSync(REPORTS).filter((d) => existsSync(join(REPORTS, d, 'results.json')) && existsSync(join(REPORTS, d, 'spec.lazy'))).sort();
const WIDTHS = [1280, 400];
/** A4 (210 mm) less the print stylesheet's 15 mm margins, in CSS pixels (96 per inch). */
const A4_TEXT = Math.floor((210 - 30) / 25.4 * 96);
/** Smallest text a reader can take on screen, in CSS pixels. */
const MIN_TEXT = 9;

interface Measure {
  pageWidth: number;
  figures: { chart: string; live: boolean; smallest: number; smallestText: string; axes: number; untitled: number }[];
}

/** In the page: each figure's shown chart, its smallest drawn text (font size × on-screen scale), its axes and their titles. */
async function measure(page: Page): Promise<Measure> {
  return page.evaluate(() => {
    const figures = [...document.querySelectorAll('figure[data-chart]')].map((f) => {
      const live = f.classList.contains('is-live');
      const root = (live ? f.querySelector('.live') : f.querySelector('.static'))!;
      let smallest = Infinity, smallestText = '';
      for (const t of root.querySelectorAll('svg text')) {
        const style = getComputedStyle(t);
        if (!t.textContent?.trim() || style.display === 'none' || style.visibility === 'hidden' || Number(t.getAttribute('opacity') ?? 1) === 0) continue;
        const m = (t as SVGGraphicsElement).getScreenCTM();
        if (!m) continue;
        const size = parseFloat(style.fontSize) * Math.hypot(m.a, m.b);
        if (size < smallest) { smallest = size; smallestText = t.textContent; }
      }
      const axes = [...root.querySelectorAll('g.role-axis[aria-roledescription="axis"]')];
      const untitled = axes.filter((a) => !a.querySelector('.role-axis-title text')?.textContent?.trim()).length;
      return { chart: f.getAttribute('data-chart') ?? '', live, smallest, smallestText, axes: axes.length, untitled };
    });
    return { pageWidth: document.documentElement.scrollWidth, figures };
  });
}

describe.skipIf(!present && !inCI)('shipped reports in a real browser, desktop and phone', () => {
  let browser: Browser;
  const dir = join(OUTPUT, 'shipped');
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    mkdirSync(dir, { recursive: true });
  });
  afterAll(async () => browser?.close());

  test('there are shipped reports to check', () => expect(shipped.length).toBeGreaterThan(5));

  test.each(shipped)('%s: no wider than the screen, chart text ≥ 9 px, every axis titled', async (name) => {
    const source = readFileSync(join(REPORTS, name, 'spec.lazy'), 'utf8');
    const results = readResults(join(REPORTS, name, 'results.json'));
    const html = await renderReport({ source, specPath: `specs/${name}.lazy`, results, verdicts: null, environment: ENV, date: DATE });
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    for (const width of WIDTHS) {
      const context = await browser.newContext({ offline: true, viewport: { width, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelectorAll('figure.is-live').length === document.querySelectorAll('figure[data-chart] .live').length, null, { timeout: 30_000 }).catch(() => {});
      const m = await measure(page);
      await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
      await context.close();
      expect(errors, `${name} at ${width} px`).toEqual([]);
      expect(m.pageWidth, `${name}: page width at a ${width} px screen`).toBeLessThanOrEqual(width);
      expect(m.figures.length, `${name} has figures`).toBeGreaterThan(0);
      for (const f of m.figures) {
        const where = `${name} figure ${f.chart} at ${width} px`;
        expect(f.live, `${where} became interactive`).toBe(true);
        expect(f.smallest, `${where}: smallest text "${f.smallestText}"`).toBeGreaterThanOrEqual(MIN_TEXT);
        expect(f.axes, `${where} has axes`).toBeGreaterThan(0);
        expect(f.untitled, `${where}: axes without a title`).toBe(0);
      }
    }
    // Print: A4 portrait with the page's own margins; nothing wider than the text block.
    const context = await browser.newContext({ offline: true, viewport: { width: A4_TEXT, height: 1000 } });
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print' });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('figure.is-live').length === document.querySelectorAll('figure[data-chart] .live').length, null, { timeout: 30_000 }).catch(() => {});
    const printed = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.pdf({ path: join(dir, `${name}.pdf`), format: 'A4', preferCSSPageSize: true });
    await context.close();
    expect(printed, `${name}: printed width`).toBeLessThanOrEqual(A4_TEXT);
  }, 240_000);
});
