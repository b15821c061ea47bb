// `lazylab run` end to end on the quickstart spec (smoke profile), through the compiled CLI.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { resolveCsvPaths } from '../../src/cli/run.js';
import { readResults } from '../../src/run/index.js';
import { makePlan } from './helpers.js';

const out = mkdtempSync(join(tmpdir(), 'lazylab-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const lazylab = (...args: string[]) => spawnSync(process.execPath, ['bin/lazylab.js', 'run', ...args], { encoding: 'utf8' });

test('runs the quickstart spec, prints the summary, and a second run is served from the cache', () => {
  expect(existsSync('dist/cli/run.js'), 'run `npm run build` first').toBe(true);
  const first = lazylab('specs/quickstart.lazy', '--profile', 'smoke', '--out', out, '--jobs', '2');
  expect(first.stderr).not.toMatch(/error/);
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/cells\s+cached\s+trained\s+unconverged\s+diverged\s+failed\s+time\s+backend/);
  expect(first.stdout).toMatch(/\n2\s+0\s+2\s+0\s+0\s+0\s/);
  const second = lazylab('specs/quickstart.lazy', '--profile', 'smoke', '--out', out, '--quiet');
  expect(second.status).toBe(0);
  expect(second.stdout).toMatch(/\n2\s+2\s+0\s+0\s+0\s+0\s/);
  expect(readResults(join(out, 'results.json')).records.length).toBeGreaterThan(0);
});

test('bad flags are usage errors (exit 2)', () => {
  expect(lazylab('specs/quickstart.lazy', '--shard', '3/3').status).toBe(2);
  expect(lazylab('specs/quickstart.lazy', '--jobs', '0').status).toBe(2);
  expect(lazylab('specs/quickstart.lazy', '--backend', 'gpu').status).toBe(2);
  const help = lazylab('--help');
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/--shard i\/N/);
});

test('CSV paths are resolved relative to the spec without changing hashes', () => {
  const plan = makePlan([8]);
  const cell = plan.cells[0]!;
  const csvPlan = { ...plan, cells: [{ ...cell, data: { ...cell.data, source: { kind: 'csv' as const, path: 'data/x.csv', label: 'y' } } }] };
  const resolved = resolveCsvPaths(csvPlan, '/work/specs/a.lazy');
  expect(resolved.cells[0]!.data.source).toEqual({ kind: 'csv', path: '/work/specs/data/x.csv', label: 'y' });
  expect(resolved.cells[0]!.hash).toBe(cell.hash);
  expect(csvPlan.cells[0]!.data.source).toMatchObject({ path: 'data/x.csv' });
});
