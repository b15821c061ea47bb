// The end-of-run summary of `lazylab run`: unconverged cells are counted in the table and said in
// one line with the step limit, never hidden behind "ok".

import { expect, test } from 'vitest';
import { renderSummary } from '../../src/cli/run.js';
import type { CellSummary, RunResults } from '../../src/run/results.js';

const backend = { name: 'cpu' as const, version: '1', threads: 1 };

function cell(index: number, status: CellSummary['status'], reason?: string): CellSummary {
  return { hash: `h${index}`, index, values: { tau: index }, seed: 0, status, steps: 10, ...(reason ? { reason } : {}), notes: [], seconds: 0, stepsPerSecond: 0, backend, cached: false };
}

test('unconverged cells are counted and explained', () => {
  const cells = [cell(0, 'stopped', 'loss ≤ 0.01'), cell(1, 'unconverged', 'reached the step limit 10 without training loss ≤ 0.01'), cell(2, 'unconverged', 'reached the step limit 10 without training loss ≤ 0.01')];
  const r: RunResults = { formatVersion: 1, experiment: 'x', profile: null, shard: null, totals: { cells: 3, cached: 0, trained: 3, diverged: 0, failed: 0, unconverged: 2, seconds: 1 }, backend, cells, records: [] };
  const text = renderSummary(r, 'out/results.json');
  const [head, values] = text.split('\n').slice(1, 3);
  const col = head!.split(/\s{2,}/).indexOf('unconverged');
  expect(col).toBeGreaterThan(0);
  expect(values!.trim().split(/\s{2,}/)[col]).toBe('2');
  expect(text).toMatch(/unconverged: 2 of 3 cells reached the step limit without meeting `stop` \(reached the step limit 10/);
});
