// Every shipped spec runs end to end in its `smoke` profile: plan, train on the engine, and
// record every measurement it asks for (so CI exercises each spec, not only its syntax).

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlanFromFile } from '../../src/plan/index.js';
import { executePlan } from '../../src/run/index.js';
import { MEASUREMENTS } from '../../src/check/catalogue.js';
import { completeResults } from '../../src/cli/finish.js';

const specsDir = join(__dirname, '..', '..', 'specs');
const specs = readdirSync(specsDir).filter((f) => f.endsWith('.lazy')).sort();
const out = mkdtempSync(join(tmpdir(), 'lazylab-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each(specs)('specs/%s', (file) => {
  it('has a smoke profile that trains every cell and records its measurements', async () => {
    const loaded = await loadPlanFromFile(join(specsDir, file), { profile: 'smoke', force: false });
    expect(loaded.report.includes('error['), loaded.report).toBe(false);
    const plan = loaded.plan!;
    expect(plan.cells.length).toBeGreaterThan(0);
    const results = await executePlan(plan, { outDir: join(out, file), jobs: 1, backend: 'cpu' });
    expect(results.cells.map((c) => c.status).filter((s) => s === 'failed')).toEqual([]);
    const measured = new Set(results.records.map((r) => r.measurement));
    for (const m of plan.cells[0]!.measure) {
      const skipped = results.cells.some((c) => c.notes.some((n) => n.includes(m.name)));
      const outputs = MEASUREMENTS[m.name]!.outputs;
      expect(outputs.some((o) => measured.has(o)) || skipped, `${m.name} neither recorded nor skipped with a note`).toBe(true);
    }
    // Every expectation gets a verdict with the numbers behind it (smoke data decides little).
    const verdicts = completeResults(results, loaded.source).expectations!;
    const expects = (loaded.source.match(/^expect /gm) ?? []).length;
    expect(verdicts.length).toBe(expects);
    for (const v of verdicts) expect(v.detail.length, v.name).toBeGreaterThan(0);
  }, 120_000);
});
