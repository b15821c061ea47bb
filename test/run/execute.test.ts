// executePlan: cache hits, partial re-training, corrupt entries, determinism, abort and resume.

import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { executePlan, readResults, resultsPath, selectShard, type RunEvent } from '../../src/run/index.js';
import { cachePath } from '../../src/run/cache.js';
import { makePlan } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lazylab-run-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const widths = [8, 16, 32, 64];

describe('cache', () => {
  test('a second run trains nothing and returns identical records', async () => {
    const dir = tempDir();
    const plan = makePlan(widths);
    const first = await executePlan(plan, { outDir: dir, jobs: 1 });
    expect(first.totals).toMatchObject({ cells: 4, cached: 0, trained: 4 });
    const second = await executePlan(plan, { outDir: dir, jobs: 1 });
    expect(second.totals).toMatchObject({ cells: 4, cached: 4, trained: 0 });
    expect(second.records).toEqual(first.records);
    expect(readResults(join(dir, 'results.json')).records).toEqual(first.records);
  });

  test('changing one sweep value re-trains only that cell', async () => {
    const dir = tempDir();
    await executePlan(makePlan(widths), { outDir: dir, jobs: 1 });
    const started: number[] = [];
    const res = await executePlan(makePlan([8, 16, 48, 64]), {
      outDir: dir, jobs: 1, onEvent: (e) => { if (e.type === 'cell-start') started.push(e.cell.values['m'] as number); },
    });
    expect(started).toEqual([48]);
    expect(res.totals).toMatchObject({ cached: 3, trained: 1 });
  });

  test('a corrupt or truncated entry is reported and recomputed', async () => {
    const dir = tempDir();
    const plan = makePlan(widths.slice(0, 2));
    const first = await executePlan(plan, { outDir: dir, jobs: 1 });
    const [a, b] = plan.cells;
    const pa = cachePath(dir, a!.hash);
    writeFileSync(pa, readFileSync(pa, 'utf8').slice(0, 100));
    const pb = cachePath(dir, b!.hash);
    writeFileSync(pb, readFileSync(pb, 'utf8').replace(/"value":0\.\d/, '"value":0.9'));
    const corrupt: string[] = [];
    const again = await executePlan(plan, { outDir: dir, jobs: 1, onEvent: (e) => { if (e.type === 'cache-corrupt') corrupt.push(e.reason); } });
    expect(corrupt).toHaveLength(2);
    expect(corrupt[0]).toMatch(/not valid JSON/);
    expect(corrupt[1]).toMatch(/checksum/);
    expect(again.totals.trained).toBe(2);
    expect(again.records).toEqual(first.records);
  });
});

test('same plan, seed and backend give bit-identical results in fresh directories', async () => {
  const plan = makePlan([8, 24], { train: { optimizer: { kind: 'sgd', lr: 0.3, batch: 8 } } });
  const a = await executePlan(plan, { outDir: tempDir(), jobs: 1 });
  const b = await executePlan(plan, { outDir: tempDir(), jobs: 1 });
  expect(JSON.stringify(b.records)).toBe(JSON.stringify(a.records));
});

test('abort loses no finished cell and the next run resumes', async () => {
  const dir = tempDir();
  const plan = makePlan(widths, { train: { steps: 400 } });
  const ctl = new AbortController();
  const done: string[] = [];
  const onEvent = (e: RunEvent): void => {
    if (e.type === 'cell-done') {
      done.push(e.cell.hash);
      if (done.length === 2) ctl.abort();
    }
  };
  await expect(executePlan(plan, { outDir: dir, jobs: 1, onEvent, signal: ctl.signal })).rejects.toThrow(/abort/);
  expect(readdirSync(join(dir, 'cache')).length).toBeGreaterThan(0);
  const started: string[] = [];
  const res = await executePlan(plan, { outDir: dir, jobs: 1, onEvent: (e) => { if (e.type === 'cell-start') started.push(e.cell.hash); } });
  expect(res.totals).toMatchObject({ cells: 4, cached: 2, trained: 2 });
  expect(started.some((h) => done.includes(h))).toBe(false);
});

test('shards partition the cells and a plain run assembles them from the cache', async () => {
  const dir = tempDir();
  const plan = makePlan([8, 10, 12, 14, 16]);
  const parts = [0, 1, 2].map((index) => selectShard(plan.cells, { index, count: 3 }).map((c) => c.index));
  expect(parts.flat().sort()).toEqual([0, 1, 2, 3, 4]);
  for (let index = 0; index < 3; index++) await executePlan(plan, { outDir: dir, jobs: 1, shard: { index, count: 3 } });
  expect(readResults(resultsPath(dir, { index: 1, count: 3 })).cells.map((c) => c.index)).toEqual(parts[1]);
  const all = await executePlan(plan, { outDir: dir, jobs: 1 });
  expect(all.totals).toMatchObject({ cells: 5, cached: 5, trained: 0 });
});
