// Cells that compute the same thing share one hash and one cache entry, yet each keeps its
// own labels (swept values) in the results.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { planSpec } from '../../src/plan/plan.js';
import { executePlan } from '../../src/run/index.js';

const out = mkdtempSync(join(tmpdir(), 'lazylab-labels-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const SPEC = `
experiment labels { title = "t" }
sweep tag = [1, 2]
data d { source = gaussian()  dim = 3  n_train = 8  n_test = 4 }
model m { hidden = [4] }
train { optimizer = gd(lr: 0.1)  steps = 3 }
measure { train_loss }
`;

it('shares a hash between equal computations but keeps each cell\'s swept values', async () => {
  const { plan } = planSpec(parseSpec(SPEC).spec, { profile: null });
  expect(plan!.cells.length).toBe(2);
  expect(plan!.cells[0]!.hash).toBe(plan!.cells[1]!.hash);
  const results = await executePlan(plan!, { outDir: out, jobs: 1, backend: 'cpu' });
  expect(results.cells.map((c) => c.values['tag'])).toEqual([1, 2]);
  const tags = new Set(results.records.map((r) => r.values['tag']));
  expect([...tags].sort()).toEqual([1, 2]);
  expect(results.totals.trained).toBe(2);
});
