// The grid's size is refused before any cell is built (issue 9): from the product of data,
// models, sweeps and seeds, with the estimate, on the line of the largest factor; above
// LIMITS.cells unless --force, above LIMITS.maxCells always. Sizes the user picks never crash.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { planSpec } from '../../src/plan/plan.js';
import { LIMITS, loadPlanFromFile } from '../../src/plan/index.js';
import * as M from '../../src/messages/index.js';
import { smallSpec } from './helpers.js';
import { MAX_LAYERS } from '../../src/plan/resolve-model.js';

const plan = (text: string, force = false) => planSpec(parseSpec(text).spec, { profile: null, force });
const dir = mkdtempSync(join(tmpdir(), 'lazylab-grid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a grid above the limits is refused before it is built', () => {
  it('`seeds = 4294967296` is E0502 on the seeds line, with the product', () => {
    const text = smallSpec({ tail: 'seeds = 4294967296\n' });
    const { plan: p, diagnostics } = plan(text, true);
    expect(p).toBeNull();
    const cells = 2 * 4294967296;
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `E0502 ${M.tooManyCells(cells, [M.gridFactor(2, M.sweptValues(['m'])), M.gridFactor(4294967296, 'seeds')], LIMITS.maxCells)}`,
    ]);
    expect(diagnostics[0]!.span.start.line).toBe(text.split('\n').findIndex((l) => l.startsWith('seeds')) + 1);
    expect(diagnostics[0]!.hint).toBe(M.tooManyCellsEvenForcedHint());
  });

  it('10⁹ cells from two sweeps are E0502 on the larger sweep, even with force', () => {
    const text = smallSpec({ sweeps: 'sweep m = range(1, 1000)\nsweep lr = range(1, 1000000)' }).replace('gd(lr: 0.1)', 'gd(lr: lr)');
    const { diagnostics } = plan(text, true);
    expect(diagnostics.map((d) => d.code)).toEqual(['E0502']);
    expect(diagnostics[0]!.message).toContain('1,000,000,000 cells');
    expect(diagnostics[0]!.span.start.line).toBe(6);
  });

  it('above LIMITS.cells: E0501 with a hint naming --force, planned when forced', () => {
    const text = smallSpec({ sweeps: 'sweep m = range(1, 101)\nsweep lr = range(1, 100)' }).replace('gd(lr: 0.1)', 'gd(lr: lr / 1000)');
    const refused = plan(text);
    expect(refused.plan).toBeNull();
    expect(refused.diagnostics.map((d) => `${d.code} ${d.hint}`)).toEqual([`E0501 ${M.tooManyCellsHint()}`]);
    expect(refused.diagnostics[0]!.message).toBe(M.tooManyCells(10_100, ['101 values of m', '100 values of lr'], LIMITS.cells));
    expect(plan(text, true).plan!.cells).toHaveLength(10_100);
  });

  it('check warns (W0503) about a grid --force may run, and errs on one nothing may run', () => {
    const soft = smallSpec({ sweeps: 'sweep m = range(1, 101)\nsweep lr = range(1, 100)' }).replace('gd(lr: 0.1)', 'gd(lr: lr / 1000)');
    const ds = checkSpec(parseSpec(soft).spec);
    expect(ds.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning W0503']);
    const hard = checkSpec(parseSpec(smallSpec({ tail: 'seeds = 4294967296\n' })).spec);
    expect(hard.map((d) => `${d.severity} ${d.code}`)).toEqual(['error E0502']);
  });

  it('loadPlanFromFile refuses the soft limit unless forced (and reports it once)', async () => {
    const path = join(dir, 'wide.lazy');
    writeFileSync(path, smallSpec({ sweeps: 'sweep m = range(1, 101)\nsweep lr = range(1, 100)' }).replace('gd(lr: 0.1)', 'gd(lr: lr / 1000)'));
    const refused = await loadPlanFromFile(path, { profile: null, force: false });
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics.map((d) => d.code)).toEqual(['E0501']);
    expect(refused.report).toContain(`${path}:5:1: error[E0501]`);
    const forced = await loadPlanFromFile(path, { profile: null, force: true });
    expect(forced.ok).toBe(true);
    expect(forced.diagnostics).toEqual([]);
  });
});

describe('sizes the user picks', () => {
  it('`min(range(1, 300000))` and `max(…)` evaluate (no spread into Math.min)', () => {
    const text = smallSpec({ sweeps: 'let lo = min(range(1, 300000))\nlet hi = max(range(1, 300000))\nsweep m = [lo * 8, hi / 37500]' });
    expect(plan(text).plan!.cells.map((c) => c.model.hidden)).toEqual([[8], [8]]);
  });
});

describe('the hint names a profile the spec has', () => {
  it('a spec with a smaller profile is pointed at it', () => {
    const text = smallSpec({ sweeps: 'sweep m = range(1, 101)\nsweep lr = range(1, 100)', tail: 'profile quick {\n  sweep lr = [1]\n}\n' })
      .replace('gd(lr: 0.1)', 'gd(lr: lr / 1000)');
    const { diagnostics } = plan(text);
    expect(diagnostics.map((d) => d.hint)).toEqual([M.tooManyCellsHint('quick')]);
    expect(M.tooManyCellsHint('quick')).toContain('--profile quick');
    expect(planSpec(parseSpec(text).spec, { profile: 'quick' }).plan!.cells).toHaveLength(101);
  });
});

describe('found by npm run fuzz', () => {
  it('`seeds = 4294967296` in a spec without data or model blocks is refused, not a RangeError', () => {
    const { spec } = parseSpec('seeds = 4294967296\n');
    expect(planSpec(spec, { profile: null }).diagnostics.map((d) => d.code)).toEqual(['E0502']);
    expect(checkSpec(spec).map((d) => d.code)).toContain('E0502');
  });
});

describe('a model deeper than MAX_LAYERS', () => {
  it('`hidden = range(1, 1000000)` is E0311 naming the limit, not a plan of a million layers per cell', () => {
    const text = smallSpec({ sweeps: 'sweep m = [8]' }).replace('hidden = [m]', 'hidden = range(1, 1000000)');
    const ds = plan(text).diagnostics;
    expect(ds.map((d) => `${d.code} ${d.message}`)).toEqual([`E0311 ${M.tooManyLayers('net', 1_000_000, MAX_LAYERS)}`]);
  });
});
