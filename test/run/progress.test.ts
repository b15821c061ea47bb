// Progress and ETA (src/run/progress.ts) on synthetic runs: cells of very different costs,
// several workers, early stops, a served cell. The ETA is compared with the time the synthetic
// run really has left; counts never pass the total and the ETA is never negative.

import { describe, expect, it } from 'vitest';
import {
  FIT_SPREAD, MIN_EVIDENCE, PRIOR_SECONDS_PER_FLOP, cellCost, cellFinished, cellServed, cellStarted, cellStepped, fitCellTimes, formatDuration, startProgress, viewProgress,
  type ProgressState,
} from '../../src/run/progress.js';

/** A width sweep: cell i has 2^i GFLOP. */
function sweep(n: number): Map<string, number> {
  return new Map(Array.from({ length: n }, (_, i) => [`c${i}`, cellCost(1e9 * 2 ** i)]));
}

/** Runs the named cells one after another on one worker, each taking time(f) seconds. */
function runCells(s: ProgressState, hashes: string[], time: (f: number) => number, t0 = 0): { s: ProgressState; t: number } {
  let t = t0;
  for (const h of hashes) {
    const took = time(s.costs.get(h)!);
    s = cellFinished(cellStarted(s, h, 100, t), h, took);
    t += took;
  }
  return { s, t };
}

describe('progress and ETA', () => {
  it('has no ETA before any evidence, and says "done" at the end', () => {
    let s = startProgress(3, 0, 1, sweep(3));
    expect(viewProgress(s, 0).etaSeconds).toBeNull();
    s = cellStarted(s, 'c0', 100, 0);
    // The first steps include start-up: no estimate from half a second of them.
    expect(viewProgress(cellStepped(s, 'c0', 50), 0.5).etaSeconds).toBeNull();
    s = runCells(s, ['c0', 'c1', 'c2'], () => 1).s;
    expect(viewProgress(s, 10)).toEqual({ done: 3, total: 3, fraction: 1, etaSeconds: 0 });
  });

  it('fits overhead and seconds per FLOP: after the cheap cells of a width sweep, the time left is that of the dear ones', () => {
    const time = (f: number) => 0.5 + 1e-9 * f;
    const { s, t } = runCells(startProgress(6, 0, 1, sweep(6)), ['c0', 'c1', 'c2'], time);
    const left = ['c3', 'c4', 'c5'].reduce((a, h) => a + time(s.costs.get(h)!), 0);
    // Exact: the synthetic cells lie on the model's line.
    expect(viewProgress(s, t).etaSeconds).toBeCloseTo(left, 9);
    // Counting cells (3 × the mean so far) would say less than a third of it.
    expect(3 * (t / 3)).toBeLessThan(left / 3);
  });

  it('cells that are all overhead (the quick start: time flat in width) are not scaled by their FLOPs', () => {
    const costs = new Map(Array.from({ length: 6 }, (_, i) => [`c${i}`, 4e7 * 2 ** i]));
    const { s, t } = runCells(startProgress(6, 0, 1, costs), ['c0', 'c1', 'c2'], () => 1);
    expect(viewProgress(s, t).etaSeconds).toBeCloseTo(3, 9);
    // With one cost level only, seconds per FLOP is the prior.
    const one = runCells(startProgress(6, 0, 1, costs), ['c0'], () => 1);
    expect(viewProgress(one.s, one.t).etaSeconds).toBeCloseTo(5 + PRIOR_SECONDS_PER_FLOP * (4e7 * (2 + 4 + 8 + 16 + 32 - 5)), 9);
  });

  it('shares the work left among the workers, but never among more workers than cells left', () => {
    const costs = new Map([['a', 0], ['b', 0], ['c', 0], ['d', 0]]);
    let s = startProgress(4, 0, 2, costs);
    s = cellFinished(cellStarted(s, 'a', 10, 0), 'a', 10);
    s = cellFinished(cellStarted(s, 'b', 10, 0), 'b', 10);
    expect(viewProgress(s, 10).etaSeconds).toBeCloseTo(10, 9); // 2 cells of 10 s on 2 workers
    s = cellFinished(cellStarted(s, 'c', 10, 10), 'c', 10);
    expect(viewProgress(s, 20).etaSeconds).toBeCloseTo(10, 9); // 1 cell left: 1 worker
  });

  it('counts partial progress of running cells, never beyond their steps', () => {
    const costs = new Map([['a', 0], ['b', 0]]);
    let s = cellStarted(startProgress(2, 0, 1, costs), 'a', 300, 0);
    s = cellStepped(s, 'a', 150);
    const now = MIN_EVIDENCE + 2;
    // a takes 2·now in all: now left of it, then b's 2·now.
    const half = viewProgress(s, now);
    expect(half.etaSeconds).toBeCloseTo(3 * now, 9);
    expect(half.fraction).toBeCloseTo(0.25, 9);
    s = cellStepped(s, 'a', 301); // the final evaluation reported past the last step
    expect(s.running.get('a')!.step).toBe(300);
    // A late progress report cannot move a cell backwards.
    expect(cellStepped(s, 'a', 10).running.get('a')!.step).toBe(300);
  });

  it('a cell running past its estimate leaves the ETA at zero for it, never negative', () => {
    const costs = new Map([['a', 0], ['b', 0]]);
    let s = cellFinished(cellStarted(startProgress(2, 0, 1, costs), 'a', 100, 0), 'a', 1);
    s = cellStepped(cellStarted(s, 'b', 100, 1), 'b', 50);
    const v = viewProgress(s, 50);
    expect(v.etaSeconds).toBe(0);
    expect(v.done).toBeLessThanOrEqual(v.total);
  });

  it('a served cell counts as done and costs nothing; counts never exceed the total', () => {
    let s = startProgress(3, 1, 1, new Map([['a', 100], ['b', 100]]));
    s = cellServed(s, 'a');
    s = cellServed(s, 'a');
    expect(viewProgress(s, 0).done).toBe(2);
    s = cellFinished(cellStarted(s, 'b', 10, 0), 'b', 5);
    s = cellFinished(s, 'b', 5);
    const v = viewProgress(s, 5);
    expect(v).toEqual({ done: 3, total: 3, fraction: 1, etaSeconds: 0 });
  });

  it('fits t = a + b·f with a, b ≥ 0', () => {
    expect(fitCellTimes([])).toBeNull();
    const line = [1e9, 4e9, 16e9].map((f) => ({ f, t: 2 + 3e-10 * f }));
    const fit = fitCellTimes(line)!;
    expect(fit.a).toBeCloseTo(2, 9);
    expect(fit.b).toBeCloseTo(3e-10, 18);
    // Times falling with cost: no negative slope, the mean time per cell.
    expect(fitCellTimes([{ f: 1, t: 5 }, { f: 100, t: 1 }])).toEqual({ a: 3, b: 0 });
    // A line that would need a negative intercept goes through the origin (least squares: Σft/Σf²).
    const steep = [{ f: 1e9, t: 0.5 }, { f: 8e9, t: 10 }];
    expect(fitCellTimes(steep)!.a).toBe(0);
    expect(fitCellTimes(steep)!.b).toBeCloseTo((1e9 * 0.5 + 8e9 * 10) / (1e18 + 64e18), 18);
    // Costs closer than FIT_SPREAD: the prior slope.
    expect(fitCellTimes([{ f: 1e9, t: 1 }, { f: (FIT_SPREAD - 1) * 1e9, t: 9 }])!.b).toBe(PRIOR_SECONDS_PER_FLOP);
    expect(cellCost(-5)).toBe(0);
    expect(cellCost(Number.NaN)).toBe(0);
  });

  it('durations always carry units', () => {
    expect(formatDuration(5.5)).toBe('5.5 s');
    expect(formatDuration(0)).toBe('0.0 s');
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3 h 02 min');
    expect(formatDuration(-1)).toBe('?');
  });
});
