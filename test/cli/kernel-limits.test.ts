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

test('a seed beyond 2^53 (where distinct seeds collide) is refused', async () => {
  const r = await lazylab('kernel', '--activation', 'relu', '--depth', '1', '--empirical', '--width', '4', '--seed', '1e300', '--input', points);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--seed must be an integer ≤ 9007199254740991 (2^53 − 1), got "1e300"');
});

test('a σ_w that overflows the kernel is refused instead of printing NaN', async () => {
  const r = await lazylab('kernel', '--activation', 'erf', '--depth', '2', '--sigma-w', '1e300', '--input', points);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('the ntk overflows with --sigma-w 1e+300 --sigma-b 0 at depth 2: some entries are not finite numbers');
});
