// Worker threads and a killed process. Both use the compiled engine in dist/ (npm test builds it).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { executePlan } from '../../src/run/index.js';
import { workerScript } from '../../src/run/pool.js';
import { makePlan } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lazylab-par-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
beforeAll(() => {
  if (!workerScript()) throw new Error('dist/run/worker.js is missing: run `npm run build` (npm test does) first');
});

test('--jobs 2 trains in worker threads and gives the same results as one thread', async () => {
  const plan = makePlan([8, 16, 24, 32], { train: { optimizer: { kind: 'sgd', lr: 0.3, batch: 8 } } });
  const workers = new Set<number>();
  const par = await executePlan(plan, { outDir: tempDir(), jobs: 2, onEvent: (e) => { if (e.type === 'cell-start') workers.add(e.worker); } });
  const one = await executePlan(plan, { outDir: tempDir(), jobs: 1 });
  expect(workers).toEqual(new Set([0, 1]));
  expect(JSON.stringify(par.records)).toBe(JSON.stringify(one.records));
});

function cachedCount(dir: string): number {
  const root = join(dir, 'cache');
  if (!existsSync(root)) return 0;
  return readdirSync(root).flatMap((d) => readdirSync(join(root, d))).filter((f) => f.endsWith('.json')).length;
}

test('a killed run loses no finished cell and the next run completes the rest', async () => {
  const dir = tempDir();
  const plan = makePlan([8, 16, 24, 32, 40, 48], { train: { steps: 1500 } });
  const planPath = join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(plan));
  const driver = fileURLToPath(new URL('./fixtures/driver.mjs', import.meta.url));
  const child = spawn(process.execPath, [driver, planPath, dir, '1'], { stdio: 'ignore' });
  const exited = new Promise((r) => child.on('exit', r));
  const deadline = Date.now() + 60_000;
  while (cachedCount(dir) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await exited;
  const before = cachedCount(dir);
  expect(before).toBeGreaterThanOrEqual(2);
  expect(before).toBeLessThan(6);
  const res = await executePlan(plan, { outDir: dir, jobs: 1 });
  expect(res.totals).toMatchObject({ cells: 6, cached: before, trained: 6 - before, failed: 0 });
  const clean = await executePlan(plan, { outDir: tempDir(), jobs: 1 });
  expect(JSON.stringify(res.records)).toBe(JSON.stringify(clean.records));
});
