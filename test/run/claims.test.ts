// Cell claims: one run per cell. Unit tests of claiming, stale take-over and the queue, then two
// real concurrent `lazylab run` processes on one --out, counting the cells each trained.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { claimPath, ClaimQueue, releaseClaim, STALE_MS, staleReason, tryClaim } from '../../src/run/claims.js';
import { writeCache } from '../../src/run/cache.js';
import { executePlan, readResults } from '../../src/run/index.js';
import type { CellResult } from '../../src/run/results.js';
import { makePlan } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lazylab-claims-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const hash = 'cd'.repeat(32);
function foreignClaim(dir: string, h: string, claim: { pid: number; host: string }, ageMs = 0): string {
  const path = claimPath(dir, h);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ ...claim, time: new Date().toISOString() }));
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
  return path;
}
/** A pid that belonged to a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim() as unknown as number * 1;

describe('claims', () => {
  test('a claim is exclusive until released', () => {
    const dir = tempDir();
    expect(tryClaim(dir, hash)).toBe(true);
    expect(tryClaim(dir, hash)).toBe(false);
    releaseClaim(dir, hash);
    expect(existsSync(claimPath(dir, hash))).toBe(false);
    expect(tryClaim(dir, hash)).toBe(true);
  });
  test('a claim of a dead process on this host is taken over', () => {
    const dir = tempDir();
    const pid = Number(deadPid());
    const path = foreignClaim(dir, hash, { pid, host: hostname() });
    expect(staleReason(path)).toBe(`process ${pid} on ${hostname()} is gone`);
    expect(tryClaim(dir, hash)).toBe(true);
  });
  test('a claim from another host is respected until it is older than STALE_MS', () => {
    const dir = tempDir();
    foreignClaim(dir, hash, { pid: 1, host: 'elsewhere' }, STALE_MS - 60_000);
    expect(tryClaim(dir, hash)).toBe(false);
    foreignClaim(dir, hash, { pid: 1, host: 'elsewhere' }, STALE_MS + 60_000);
    expect(tryClaim(dir, hash)).toBe(true);
  });
  test("releasing never removes another run's claim", () => {
    const dir = tempDir();
    const path = foreignClaim(dir, hash, { pid: 1, host: 'elsewhere' });
    releaseClaim(dir, hash);
    expect(existsSync(path)).toBe(true);
  });
});

test('the queue hands out unclaimed cells first, then serves the other run\'s entry once written', async () => {
  const dir = tempDir();
  const plan = makePlan([8, 16]);
  const [a, b] = plan.cells as [typeof plan.cells[0], typeof plan.cells[0]];
  foreignClaim(dir, a!.hash, { pid: 1, host: 'elsewhere' });
  const waits: number[] = [];
  const queue = new ClaimQueue(dir, [a!, b!], { aborted: () => false, pollMs: 20, onWait: (c) => waits.push(c.length) });
  const first = await queue.next();
  expect(first).toMatchObject({ kind: 'train', cell: { hash: b!.hash } });
  queue.done(b!.hash);
  const result = { hash: a!.hash, status: 'ok', records: [] } as unknown as CellResult;
  setTimeout(() => writeCache(dir, result), 100); // the other run finishes its cell
  const second = await queue.next();
  expect(second).toMatchObject({ kind: 'served', cell: { hash: a!.hash }, result: { hash: a!.hash } });
  expect(waits).toEqual([1]);
  expect(await queue.next()).toBeNull();
  queue.close();
});

test('two executePlan calls at once on one directory train each cell once', async () => {
  const dir = tempDir();
  const plan = makePlan([8, 16, 32, 64]);
  const [r1, r2] = await Promise.all([executePlan(plan, { outDir: dir, jobs: 1 }), executePlan(plan, { outDir: dir, jobs: 1 })]);
  expect(r1.totals.trained + r2.totals.trained).toBe(4);
  expect(r1.records).toEqual(r2.records);
  expect(readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.claim'))).toEqual([]);
});

test('two concurrent `lazylab run` processes on one --out train every cell exactly once', async () => {
  expect(existsSync('dist/run/claims.js'), 'run `npm run build` first').toBe(true);
  const out = tempDir();
  const start = () => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/lazylab.js', 'run', 'specs/quickstart.lazy', '--out', out, '--jobs', '1', '--no-report', '--quiet']);
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += String(d); });
    child.stderr.on('data', (d) => { stderr += String(d); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const runs = await Promise.all([start(), start()]);
  // The summary row: cells, cached, trained, diverged, failed.
  const rows = runs.map((r) => /\n(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(r.stdout)!.slice(1).map(Number));
  expect(runs.map((r) => r.code)).toEqual([0, 0]);
  const cells = rows[0]![0]!;
  expect(cells).toBe(30);
  expect(rows[0]![2]! + rows[1]![2]!).toBe(cells);
  expect(rows[0]![2]!).toBeGreaterThan(0);
  expect(rows[1]![2]!).toBeGreaterThan(0);
  const files = readdirSync(join(out, 'cache'), { recursive: true, encoding: 'utf8' });
  expect(files.filter((p) => p.endsWith('.json'))).toHaveLength(cells);
  expect(files.filter((p) => p.endsWith('.claim') || p.includes('.tmp-'))).toEqual([]);
  expect(readResults(join(out, 'results.json')).cells).toHaveLength(cells);
}, 120_000);
