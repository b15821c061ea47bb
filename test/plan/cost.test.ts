// Cost estimate against a hand computation for small cells (FLOPs = 3 · 2 · batch · Σ fan_in·fan_out
// · steps, exact), and the size limit: loadPlanFromFile refuses a plan above it unless forced.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateCost, formatBytes, formatFlops, LIMITS, loadPlanFromFile, overLimit } from '../../src/plan/index.js';
import { cellFlops, cellPeakBytes } from '../../src/plan/cost.js';
import * as M from '../../src/messages/index.js';
import { planText, smallSpec } from './helpers.js';

describe('cost of one cell by hand', () => {
  // dim 4 → hidden 8 → output 1; 20 training examples, no test set.
  const layers = 4 * 8 + 8 * 1;

  it('full-batch gd: 3 · 2 · n_train · Σ fan_in·fan_out · steps', () => {
    const c = planText(smallSpec({ sweeps: 'sweep m = [8]' })).cells[0]!;
    expect(cellFlops(c)).toBe(3 * 2 * 20 * layers * 10);
    expect(cellFlops(c)).toBe(48_000);
  });

  it('minibatch sgd uses the batch, and epochs count as their steps', () => {
    const text = smallSpec({ sweeps: 'sweep m = [8]', train: '  epochs = 2' }).replace('gd(lr: 0.1)', 'sgd(lr: 0.1, batch: 5)');
    const c = planText(text).cells[0]!;
    expect(c.train.steps).toBe(8);
    expect(cellFlops(c)).toBe(3 * 2 * 5 * layers * 8);
  });

  it('counts every layer of a deeper net and a softmax head', () => {
    const text = smallSpec({ sweeps: 'sweep m = [8]', model: '  head = softmax' })
      .replace('hidden = [m]', 'hidden = [m, 6]').replace('gaussian(std: 1)', 'gaussian(std: 1, classes: 3)');
    const c = planText(text).cells[0]!;
    expect(cellFlops(c)).toBe(3 * 2 * 20 * (4 * 8 + 8 * 6 + 6 * 3) * 10);
  });

  it('peak memory: 4 bytes × (1.25 × step tensors + 3 JS parameter copies + data in JS and as tensors)', () => {
    // Step tensors: parameters and a gradient (2P), the optimizer state, three copies of the largest
    // tensor (W_1, 4 × 8) and 8 n × width tensors per unit (n = 20 full batch, 8 + 1 units).
    const gd = planText(smallSpec({ sweeps: 'sweep m = [8]' })).cells[0]!;
    const params = (4 * 8 + 8) + (8 * 1 + 1);
    const step = (state: number) => params * (2 + state) + 3 * (4 * 8) + 8 * 20 * (8 + 1);
    const rest = 3 * params + 2 * 20 * (4 + 1);
    expect(cellPeakBytes(gd)).toBe(4 * (1.25 * step(0) + rest));
    const adam = planText(smallSpec({ sweeps: 'sweep m = [8]' }).replace('gd(lr: 0.1)', 'adam(lr: 0.01)')).cells[0]!;
    expect(cellPeakBytes(adam)).toBe(4 * (1.25 * step(2) + rest));
    expect(cellPeakBytes(gd)).toBe(9558);
  });

  it('sums steps and FLOPs over cells and takes the largest cell for memory', () => {
    const plan = planText(smallSpec({ sweeps: 'sweep m = [8, 16]\nseeds = 2' }));
    const flops = (m: number) => 3 * 2 * 20 * (4 * m + m) * 10;
    expect(plan.cost).toEqual({
      cells: 4,
      totalSteps: 40,
      flops: 2 * flops(8) + 2 * flops(16),
      peakBytes: cellPeakBytes(plan.cells[3]!),
    });
    expect(estimateCost(plan.cells)).toEqual(plan.cost);
    expect(estimateCost([])).toEqual({ cells: 0, totalSteps: 0, flops: 0, peakBytes: 0 });
  });

  it('formats FLOPs and bytes with units', () => {
    expect([formatFlops(48_000), formatFlops(7.66e9), formatFlops(5e13)]).toEqual(['48000 FLOP', '7.7 GFLOP', '50.0 TFLOP']);
    expect([formatBytes(512), formatBytes(3344), formatBytes(8 * 2 ** 30)]).toEqual(['512 B', '3.3 KiB', '8.0 GiB']);
  });
});

describe('the size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lazylab-cost-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const huge = write('huge.lazy', smallSpec({ sweeps: 'sweep m = [4096]' }).replace('hidden = [m]', 'hidden = [m, m]').replace('n_train = 20', 'n_train = 10000').replace('steps = 10', 'steps = 100000'));
  const wide = write('wide.lazy', smallSpec({ sweeps: 'sweep m = [100000]' }).replace('n_train = 20', 'n_train = 10000').replace('steps = 10', 'steps = 1'));

  it('flags plans above the FLOP or the memory limit', () => {
    expect(overLimit({ cells: 1, totalSteps: 1, flops: LIMITS.flops, peakBytes: LIMITS.peakBytes })).toBeNull();
    expect(overLimit({ cells: 1, totalSteps: 1, flops: LIMITS.flops * 2, peakBytes: 0 })).toBe(M.flopsOverLimit('100.0 TFLOP', '50.0 TFLOP'));
    expect(overLimit({ cells: 1, totalSteps: 1, flops: 0, peakBytes: LIMITS.peakBytes + 1 })).toBe(M.memoryOverLimit('8.0 GiB', '8.0 GiB'));
  });

  it('refuses a plan above the FLOP limit unless forced', async () => {
    const refused = await loadPlanFromFile(huge, { profile: null, force: false });
    expect(refused.ok).toBe(false);
    expect(refused.plan).toBeNull();
    const cost = M.costSummary(1, 100_000, '100.8 PFLOP', '3.6 GiB');
    // Pins the number formatting (thousands separator, singular), which no fixture shows.
    expect(cost).toBe('1 cell, 100,000 steps, 100.8 PFLOP, peak 3.6 GiB per cell');
    expect(refused.report).toBe(`${huge}: error[E0501]: ${M.planTooLarge(cost, M.flopsOverLimit('100.8 PFLOP', '50.0 TFLOP'))}\n  = hint: ${M.planTooLargeHint(undefined)}`);
    const forced = await loadPlanFromFile(huge, { profile: null, force: true });
    expect(forced.ok).toBe(true);
    expect(forced.plan!.cost.flops).toBe(3 * 2 * 10000 * (4 * 4096 + 4096 * 4096 + 4096) * 100000);
  });

  it('refuses a cell above the memory limit unless forced', async () => {
    const refused = await loadPlanFromFile(wide, { profile: null, force: false });
    expect(refused.ok).toBe(false);
    expect(refused.report).toMatch(/error\[E0501\].*a cell needs .* GiB, above the 8\.0 GiB limit/);
    expect((await loadPlanFromFile(wide, { profile: null, force: true })).ok).toBe(true);
  });

  it('suggests a profile the spec really has', async () => {
    const path = write('profiled.lazy', `${readFileSync(wide, 'utf8')}\nprofile smoke {\n  sweep m = [8]\n}\n`);
    const refused = await loadPlanFromFile(path, { profile: null, force: false });
    expect(refused.report).toContain(`hint: ${M.planTooLargeHint('smoke')}`);
    expect((await loadPlanFromFile(path, { profile: 'smoke', force: false })).ok).toBe(true);
  });

  it('loads a small plan, and reports unreadable and bad files with their path', async () => {
    const ok = await loadPlanFromFile(write('ok.lazy', smallSpec()), { profile: null, force: false });
    expect([ok.ok, ok.report, ok.plan?.cells.length]).toEqual([true, '', 2]);
    const missing = await loadPlanFromFile(join(dir, 'nope.lazy'), { profile: null, force: false });
    expect(missing.report).toContain(`nope.lazy: error[E0001]: ${M.cannotReadSpec('')}`);
    const badPath = write('bad.lazy', smallSpec().replace('gd(lr: 0.1)', 'gd(lr: 0)'));
    const bad = await loadPlanFromFile(badPath, { profile: null, force: false });
    expect(bad.ok).toBe(false);
    expect(bad.report.split('\n')[0]).toBe(`${badPath}:20:22: error[E0311]: ${M.outOfRange(M.callArgument('gd', 'lr'), 'positive', 0)}`);
  });
});
