// A real browser opens the report from file:// with the network off: Debian's chromium,
// headless, through playwright-core. Fails on any console error, on any request that leaves
// the file, or on a chart without marks; saves a screenshot under test-output/report/.
// Skips only when chromium is absent and CI is not set (CI installs it: see .ci/run).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { renderDiffHtml, diffResults, renderReport } from '../../src/report/index.js';
import { DATE, ENV, fixtureSpec, makeResults, OUTPUT, tinySides, verdict } from './helpers.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const inCI = Boolean(process.env['CI']);
if (!present && !inCI) console.warn(`browser test skipped: ${CHROMIUM} not found (apt-get install chromium); CI always runs it`);

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

interface Visit { errors: string[]; requests: string[]; marks: { chart: string; marks: number; live: boolean }[] }

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
    const v: Visit = { errors: [], requests: [], marks: [] };
    page.on('console', (m) => { if (m.type() === 'error') v.errors.push(m.text()); });
    page.on('pageerror', (e) => v.errors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== pathToFileURL(file).href) v.requests.push(r.url()); });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('figure.is-live').length === document.querySelectorAll('figure[data-chart]').length, null, { timeout: 15_000 }).catch(() => {});
    v.marks = await page.$$eval('figure[data-chart]', (figs) => figs.map((f) => {
      const live = f.classList.contains('is-live');
      const root = live ? f.querySelector('.live') : f.querySelector('.static');
      const marks = root?.querySelectorAll('.role-mark path, .role-mark line, .role-mark rect, .role-mark circle').length ?? 0;
      return { chart: f.getAttribute('data-chart') ?? '', marks, live };
    }));
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
    expect(v.marks.map((m) => m.chart)).toEqual(['weights', 'loss']);
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
});
