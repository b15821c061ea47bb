// The two matrix paths on whole cells: on the native path the same cell twice gives
// bit-identical records; native and wasm records agree within a float32 tolerance; the path
// that ran is recorded with the backend. Skips, naming why, without a BLAS.

import { afterAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { findBlas } from '../../../src/run/native/blas.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import type { TidyRecord } from '../../../src/run/results.js';
import { makeCell } from '../helpers.js';

const found = await findBlas();
const skipReason = typeof found === 'string' ? ` (skipped: ${found})` : '';
if (skipReason) console.warn(`native path tests skipped: ${found}`);

afterAll(async () => { await initBackend('wasm'); });

/** Two hidden layers of 64 and 48, 40 gd steps, every measurement that reads the weights or the loss. */
const cell = makeCell({
  model: { hidden: [64, 48], multipliers: [1 / Math.sqrt(5), 1 / 8, 1 / Math.sqrt(48)], init: { layers: [{ kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }], symmetrized: false, frozenCopy: false } },
  train: { steps: 40, log: { kind: 'every', every: 10 } },
});

const key = (r: TidyRecord): string => `${r.measurement}/${r.layer ?? '-'}/${r.step}`;

describe.skipIf(typeof found === 'string')(`native and wasm matrix paths on a cell${skipReason}`, () => {
  test('the native path records itself and gives bit-identical records for the same cell twice', async () => {
    const backend = await initBackend('wasm', 'native');
    expect(backend.matmul).toMatchObject({ path: 'native' });
    expect(backend.matmul!.library).toBeTruthy();
    const a = await trainCell(cell, backend), b = await trainCell(cell, backend);
    expect(a.backend.matmul?.path).toBe('native');
    expect(a.records.length).toBeGreaterThan(10);
    expect(JSON.stringify(b.records)).toBe(JSON.stringify(a.records));
  });

  test('native and wasm records agree within the float32 tolerance', async () => {
    const native = await trainCell(cell, await initBackend('wasm', 'native'));
    const wasm = await trainCell(cell, await initBackend('wasm', 'wasm'));
    expect(wasm.backend.matmul).toEqual({ path: 'wasm' });
    const want = new Map(wasm.records.map((r) => [key(r), r.value!]));
    expect(native.records.map(key)).toEqual(wasm.records.map(key));
    // Tolerance: the two paths sum each product in another order (float32, ε = 6e-8); over these
    // 40 steps the measured gap is under 1e-7 relative. 1e-5 relative (plus 1e-7 absolute for
    // values near zero, such as weight_change at step 0) leaves room for other CPUs' kernels and
    // still fails for any real difference in the math (a wrong transpose is off by O(1)).
    for (const r of native.records) {
      const w = want.get(key(r))!;
      expect(Math.abs(r.value! - w), key(r)).toBeLessThanOrEqual(1e-5 * Math.abs(w) + 1e-7);
    }
  });
});
