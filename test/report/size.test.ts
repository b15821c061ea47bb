// Size budget of the quickstart spec's report: under 3 MB with interactivity, under 700 KB
// with --static (it embeds every record twice, as CSV and JSON downloads, so it grows with the
// cells: 580 KB for the 30 cells of 5 seeds, the fewest that give a verdict a real interval). Results are made by hand for every cell of the real plan, at the real log
// schedule and with the same measurements, so the page carries as many records as a run.

import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderReport } from '../../src/report/index.js';
import { DATE, ENV, makeResults } from './helpers.js';

const source = readFileSync('specs/quickstart.lazy', 'utf8');
const results = makeResults(source);

test('the quickstart results have the size of a real run', () => {
  expect(results.cells.length).toBe(30);
  // 30 cells (6 widths × 5 seeds) × 13 logged steps × (train, test, total + 2 layers of weight change)
  expect(results.records.length).toBeGreaterThanOrEqual(30 * 12 * 5);
});

test.each([
  [false, 3_000_000],
  [true, 700_000],
])('static = %s: the quickstart report is under %i bytes', async (isStatic, budget) => {
  const html = await renderReport({ source, specPath: 'specs/quickstart.lazy', results, verdicts: null, environment: ENV, date: DATE, static: isStatic });
  const bytes = Buffer.byteLength(html);
  console.log(`quickstart report, static=${isStatic}: ${(bytes / 1024).toFixed(0)} KB`);
  expect(bytes).toBeLessThan(budget);
});
