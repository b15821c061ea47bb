// The planner's per-cell memory estimate of a fully connected cell bounds what the engine holds,
// for the Kearns width sweep's one-, two- and three-layer models at m = 1000, 3000 and 10,000
// (the --jobs memory guard divides the machine's memory by it). The engine's side is counted,
// not timed or read from the OS: tf.profile's peak of live tensor bytes over a whole cell (session,
// three Adam steps, measurements at every step), times Emscripten's growth step of the wasm heap
// (at least +20 % of its size, so the heap is at most 1.2 × what was asked for), plus the JS
// arrays the engine keeps: w0, each log step's parameter read-back and one earlier read-back the
// garbage collector may not have freed yet, and the data. The estimate must cover that, and stay
// within 2× of it (an estimate ten times too large would refuse --jobs that fit).

import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { cellPeakBytes } from '../../src/plan/cost.js';
import { initBackend } from '../../src/run/backend.js';
import { trainCell } from '../../src/run/train/trainCell.js';
import type { RunCell } from '../../src/plan/cell.js';
import { planText } from './helpers.js';

const spec = `${readFileSync(new URL('../../specs/kearns_width.lazy', import.meta.url), 'utf8')}
profile memory {
  sweep m = [1000, 3000, 10000]
  sweep (target, cap) = zip([0.005], [3])
}
`;

/** The three-step cell measured at every step (the spec logs 20 points: a log step's work is the same). */
function everyStep(cell: RunCell): RunCell {
  return { ...cell, train: { ...cell.train, log: { kind: 'every', every: 1 } } };
}

/** Bytes the engine holds at a cell's peak, counted as described above. */
async function engineBytes(cell: RunCell, backend: Awaited<ReturnType<typeof initBackend>>): Promise<number> {
  const before = tf.memory().numBytes;
  let records = 0;
  const profile = await tf.profile(async () => {
    const r = await trainCell(everyStep(cell), backend);
    expect(r.status, r.reason).not.toBe('failed');
    records = r.records.length;
  });
  expect(records).toBeGreaterThan(0);
  expect(tf.memory().numBytes).toBe(before);
  const params = [cell.model.inputDim, ...cell.model.hidden, cell.model.outputDim]
    .slice(1).reduce((s, b, l, dims) => s + (l === 0 ? cell.model.inputDim : dims[l - 1]!) * b + b, 0);
  const data = 2 * (cell.data.nTrain + cell.data.nTest) * (cell.data.dim + cell.model.outputDim);
  return 1.2 * (profile.peakBytes - before) + 4 * (3 * params + data);
}

describe('the fully connected memory estimate bounds the engine', () => {
  const cells = planText(spec, 'memory').cells;
  test('nine cells: one, two and three hidden layers at m = 1000, 3000, 10000', () => {
    expect(cells.map((c) => `${c.model.name}:${c.values['m']}`).sort()).toEqual(
      ['one_layer', 'three_layers', 'two_layers'].flatMap((m) => [1000, 10000, 3000].map((w) => `${m}:${w}`)),
    );
  });
  for (const cell of cells) {
    test(`${cell.model.name} at m = ${cell.values['m']}: engine ≤ estimate ≤ 2 × engine`, async () => {
      // wasm's own kernels, so the tfjs session runs (the native path's host executor makes no tensors to profile).
      const backend = await initBackend('wasm', 'wasm');
      const engine = await engineBytes(cell, backend);
      const estimate = cellPeakBytes(cell);
      expect(estimate).toBeGreaterThanOrEqual(engine);
      expect(estimate).toBeLessThanOrEqual(2 * engine);
    }, 120_000);
  }
});
