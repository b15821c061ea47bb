// Damaged cache entries of every kind are reported and recomputed (never abort the run), and
// the atomic writer leaves no `.tmp-*` file on any error path.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { executePlan } from '../../src/run/index.js';
import { cachePath, readCache } from '../../src/run/cache.js';
import { writeFileAtomic } from '../../src/run/results.js';
import { makePlan } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lazylab-cache-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every `.tmp-*` file below dir. */
function tmpFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.split(/[\\/]/).pop()!.startsWith('.tmp-'));
}

test('a directory in place of a cache entry is reported, recomputed and replaced; no .tmp file is left', async () => {
  const dir = tempDir();
  const plan = makePlan([8, 16]);
  const first = await executePlan(plan, { outDir: dir, jobs: 1 });
  const path = cachePath(dir, plan.cells[0]!.hash);
  rmSync(path);
  mkdirSync(join(path, 'inside'), { recursive: true });
  const corrupt: string[] = [];
  const again = await executePlan(plan, { outDir: dir, jobs: 1, onEvent: (e) => { if (e.type === 'cache-corrupt') corrupt.push(e.reason); } });
  expect(corrupt).toEqual([`${path}: a directory, not a cache file`]);
  expect(again.totals).toMatchObject({ trained: 1, cached: 1 });
  expect(again.records).toEqual(first.records);
  expect(statSync(path).isFile()).toBe(true);
  expect(readCache(dir, plan.cells[0]!.hash).kind).toBe('hit');
  expect(tmpFiles(dir)).toEqual([]);
});

test('a named pipe in place of an entry is reported (reading it would block forever) and replaced', () => {
  const dir = tempDir();
  const plan = makePlan([8]);
  const path = cachePath(dir, plan.cells[0]!.hash);
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('mkfifo', [path]);
  expect(readCache(dir, plan.cells[0]!.hash)).toEqual({ kind: 'corrupt', reason: `${path}: a special file, not a cache file` });
});

test('writeFileAtomic removes its temporary file when the rename fails (a directory in the way)', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'results.json', 'x'), { recursive: true });
  expect(() => writeFileAtomic(join(dir, 'results.json'), '{}')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
  expect(tmpFiles(dir)).toEqual([]);
});
