// The end-of-run summary says when cached cells were computed on another backend than this
// run's: the backend is not part of the cache key (src/run/RESULTS.md), so the reader is told.

import { expect, it } from 'vitest';
import { renderSummary } from '../../src/cli/run.js';
import type { CellSummary, RunResults } from '../../src/run/results.js';

const wasm = { name: 'wasm' as const, version: '4.22.0', threads: 1 };
const cell = (i: number, cached: boolean, backend = wasm): CellSummary => ({
  hash: String(i).repeat(64), index: i, values: { m: i }, seed: 0, status: 'ok', steps: 10, notes: [],
  seconds: 1, stepsPerSecond: 10, backend, cached,
});
const results = (cells: CellSummary[]): RunResults => ({
  formatVersion: 1, experiment: 'e', profile: null, shard: null, backend: wasm, cells, records: [],
  totals: { cells: cells.length, cached: cells.filter((c) => c.cached).length, trained: 0, diverged: 0, failed: 0, seconds: 1 },
});

it('notes cached cells computed on another backend, and nothing when all match', () => {
  const cpu = { name: 'cpu' as const, version: '4.22.0', threads: 1 };
  const mixed = renderSummary(results([cell(1, true, cpu), cell(2, true, cpu), cell(3, true), cell(4, false)]), 'r.json');
  expect(mixed).toContain('  note: 2 cached cells were computed on the cpu backend, not wasm\n');
  expect(renderSummary(results([cell(1, true), cell(2, false)]), 'r.json')).not.toContain('note:');
});

it('shows where the matrix products ran and notes cached cells from the other path', async () => {
  const { backendLabel, matmulNote } = await import('../../src/messages/run.js');
  const native = { ...wasm, matmul: { path: 'native' as const, library: '/usr/lib/libopenblas.so.0', blas: 'OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH Zen' } };
  const plain = { ...wasm, matmul: { path: 'wasm' as const } };
  const base = results([cell(1, true, plain), cell(2, false, native)]);
  const r = { ...base, totals: { ...base.totals, trained: 1 }, backend: native };
  const text = renderSummary(r, 'r.json');
  expect(backendLabel(native)).toBe('wasm 4.22.0, 1 thread; matrix products native (OpenBLAS 0.3.21)');
  expect(text).toContain(backendLabel(native));
  expect(text).toContain(`  note: ${matmulNote(1, 'wasm', 'native')}\n`);
  expect(renderSummary({ ...results([cell(1, true, native)]), backend: native }, 'r.json')).not.toContain('note:');
  // Results of older versions have no path: nothing is claimed about them.
  expect(renderSummary({ ...results([cell(1, true)]), backend: native }, 'r.json')).not.toContain('note:');
});
