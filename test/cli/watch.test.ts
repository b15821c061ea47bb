// `lazylab watch` in a real browser (Debian's chromium, headless, through playwright-core):
// the served report loads with no console error (the reload script and the event stream pass
// the report's CSP), an edit of a sweep value reloads the page with the new cells (the cell
// that did not change comes from the cache), and a save with a syntax error keeps the last good
// report with the error above it. Skips only when chromium is absent and CI is not set.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { servedPage, RELOAD_SCRIPT, BANNER_CSS } from '../../src/cli/watch-page.js';
import { hashSource } from '../../src/report/csp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const inCI = Boolean(process.env['CI']);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the served page', () => {
  test('adds the reload script and banner style by hash, and the event stream by connect-src', () => {
    const report = `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-A='; style-src 'sha256-B='; connect-src 'none'"></head><body><main>r</main></body></html>`;
    const html = servedPage(report, { version: 7, error: 'x.lazy:1:1: error[E0103]: <b>', status: 'has errors' });
    const policy = /content="([^"]*)"/.exec(html)![1]!;
    expect(policy).toContain(`script-src 'sha256-A=' ${hashSource(RELOAD_SCRIPT)}`);
    expect(policy).toContain(`style-src 'sha256-B=' ${hashSource(BANNER_CSS)}`);
    expect(policy).toContain("connect-src 'self'");
    expect(html).toContain('<meta name="lazylab-watch" content="7">');
    expect(html).toContain('error[E0103]: &lt;b&gt;');
    expect(html).toContain(`<script>${RELOAD_SCRIPT}</script></body>`);
  });
});

describe.skipIf(!present && !inCI)('lazylab watch in a real browser', () => {
  let browser: Browser;
  let proc: ChildProcessWithoutNullStreams;
  let log = '';
  const dir = mkdtempSync(join(tmpdir(), 'lazylab-watch-'));
  const spec = join(dir, 'quickstart.lazy');
  const waitLog = async (pattern: RegExp, from: number) => {
    await expect.poll(() => pattern.test(log.slice(from)), { timeout: 120_000, interval: 200 }).toBe(true);
  };

  beforeAll(async () => {
    copyFileSync(join(ROOT, 'specs', 'quickstart.lazy'), spec);
    proc = spawn(process.execPath, [join(ROOT, 'bin', 'lazylab.js'), 'watch', spec, '--profile', 'smoke', '--port', '0', '--out', join(dir, 'out'), '--jobs', '1'], { stdio: 'pipe' });
    proc.stdout.on('data', (b: Buffer) => { log += b.toString(); });
    proc.stderr.on('data', (b: Buffer) => { log += b.toString(); });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    proc.kill('SIGINT');
    await new Promise((r) => proc.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  });

  /** The labels of the weight chart's points, once the live chart has drawn them. */
  const points = (page: Page) => page.$$eval('figure[data-chart="weights"] .live .mark-symbol path', (ps) => ps.map((p) => p.getAttribute('aria-label') ?? '').filter((l) => l.startsWith('width m: '))).catch(() => [] as string[]);
  const banner = (page: Page) => page.$eval('#lazylab-watch', (e) => e.textContent ?? '').catch(() => '');

  test('edits reload the page with the new cells; a syntax error keeps the last good report', async () => {
    await waitLog(/report updated/, 0);
    const url = /report at (http:\S+)/.exec(log)![1]!;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await expect.poll(() => points(page), { timeout: 30_000 }).toEqual([expect.stringMatching(/^width m: 8;/), expect.stringMatching(/^width m: 16;/)]);

    // Change a sweep value: the page reloads by itself and shows the new cell.
    let mark = log.length;
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('sweep m = [8, 16]', 'sweep m = [8, 24]'));
    await waitLog(/report updated: 2 cells \(1 cached, 1 trained\)/, mark);
    await expect.poll(() => points(page), { timeout: 30_000 }).toEqual([expect.stringMatching(/^width m: 8;/), expect.stringMatching(/^width m: 24;/)]);

    // A syntax error: the page shows it above the last good report.
    mark = log.length;
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('steps = 300', 'steps = 300 *'));
    await waitLog(/error\[E01/, mark);
    await expect.poll(() => banner(page), { timeout: 30_000 }).toMatch(/has errors[\s\S]*quickstart\.lazy:\d+:\d+: error\[E01\d\d\]/);
    expect(await points(page)).toEqual([expect.stringMatching(/^width m: 8;/), expect.stringMatching(/^width m: 24;/)]);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});

describe('lazylab watch: a save during a run', () => {
  test('cancels the run in flight; the next run reuses every cell it finished', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lazylab-watch-cancel-'));
    const spec = join(dir, 'quickstart.lazy');
    // 12 cells (3 widths × 4 seeds), trained one at a time; the save adds a seed (15 cells). Cells
    // train 5000 steps so that the run is still in flight when the save lands, even on the
    // native path's host executor (300 steps: the whole run took under a second there).
    const text = readFileSync(join(ROOT, 'specs', 'quickstart.lazy'), 'utf8').replace('sweep m = logspace(5, 10, 6, base: 2)', 'sweep m = [128, 256, 512]').replace('seeds = 5', 'seeds = 4').replace(/\n  steps = 300\n/, '\n  steps = 5000\n');
    expect(text).toMatch(/\n  steps = 5000\n/);
    writeFileSync(spec, text);
    const cache = join(dir, 'out', 'cache');
    const proc = spawn(process.execPath, [join(ROOT, 'bin', 'lazylab.js'), 'watch', spec, '--port', '0', '--out', join(dir, 'out'), '--jobs', '1'], { stdio: 'pipe' });
    let log = '';
    proc.stdout.on('data', (b: Buffer) => { log += b.toString(); });
    proc.stderr.on('data', (b: Buffer) => { log += b.toString(); });
    // Finished cells, as the cache stores them: cache/<first two hex digits>/<hash>.json.
    const cached = () => (existsSync(cache) ? readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith('.json')).length : 0);
    try {
      // Save once a few cells have finished.
      await expect.poll(cached, { timeout: 120_000, interval: 100 }).toBeGreaterThanOrEqual(3);
      const finished = cached();
      expect(log).not.toMatch(/report updated/);
      writeFileSync(spec, readFileSync(spec, 'utf8').replace('seeds = 4', 'seeds = 5'));
      await expect.poll(() => log, { timeout: 60_000, interval: 200 }).toMatch(/run cancelled by a newer save/);
      await expect.poll(() => log, { timeout: 240_000, interval: 500 }).toMatch(/report updated: 15 cells/);
      const reused = Number(/report updated: 15 cells \((\d+) cached/.exec(log)![1]);
      expect(reused).toBeGreaterThanOrEqual(finished);
      expect(reused).toBeLessThan(15);
    } finally {
      proc.kill('SIGINT');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);
});
