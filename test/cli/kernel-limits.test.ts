// `lazylab kernel` refuses, before computing, a request whose estimated cost is beyond the time
// budget or the JS heap (`--depth 1000000000` and `--empirical --width 1000000000` used to hang),
// naming the values and the largest one that fits.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { estimateKernelCost, KERNEL_BUDGET_SECONDS } from '../../src/cli/kernel.js';
import { lazylab } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lazylab-klim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const points = join(dir, 'p.csv');
writeFileSync(points, '1,0\n0,1\n0.6,-0.8\n');

test('analytic --depth 1000000000 is refused at once with the largest depth that fits', async () => {
  const r = await lazylab('kernel', '--activation', 'relu', '--depth', '1000000000', '--input', points);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  // Analytic cost is n²·(depth+1) steps at 1e7 steps/s: the largest depth within the budget is
  // floor(budget · 1e7 / n²) − 1, computed here independently of the bisection.
  const largest = Math.floor((KERNEL_BUDGET_SECONDS * 1e7) / 9) - 1;
  expect(r.stderr).toContain('--depth 1000000000 on 3 points would take about');
  expect(r.stderr).toContain(`the most that fits is --depth ${largest}\n`);
  expect(estimateKernelCost({ empirical: false, depth: largest, width: 1 }, 3, 2).seconds).toBeLessThanOrEqual(KERNEL_BUDGET_SECONDS);
});

test('--empirical --width 1000000000 is refused for memory, with the largest width that fits', async () => {
  const r = await lazylab('kernel', '--activation', 'erf', '--depth', '2', '--empirical', '--width', '1000000000', '--input', points);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--empirical --depth 2 --width 1000000000 on 3 points needs about [\d.e+]+ GiB of memory \(the JS heap holds [\d.]+ GiB\)/);
  const width = Number(/--width (\d+) at this depth/.exec(r.stderr)?.[1]);
  expect(width).toBeGreaterThan(100);
  expect(width).toBeLessThan(1e6);
});

test('a request within the budget still computes', async () => {
  const r = await lazylab('kernel', '--activation', 'relu', '--depth', '3', '--empirical', '--width', '64', '--input', points, '--json');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).matrix).toHaveLength(3);
});
