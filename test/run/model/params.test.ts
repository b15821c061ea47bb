// Initialization: symmetrized init and the frozen-copy trick give f(x; w0) = 0 exactly.

import { afterAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { makeDataset } from '../../../src/run/data/index.js';
import { initParams } from '../../../src/run/model/params.js';
import { openSession } from '../../../src/run/train/session.js';
import type { RunCell } from '../../../src/plan/cell.js';
import { makeCell } from '../helpers.js';

function outputsAtInit(cell: RunCell): Float32Array[] {
  const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
  const s = openSession(cell, data, initParams(cell.model, cell.seed));
  try {
    return [s.outputs('train'), s.outputs('test')];
  } finally {
    s.dispose();
  }
}

const shapes = [
  { hidden: [6], activation: 'relu' as const, bias: false },
  { hidden: [34], activation: 'tanh' as const, bias: true },
  { hidden: [7, 100], activation: 'relu' as const, bias: true },
  { hidden: [1002], activation: 'gelu' as const, bias: false },
];

afterAll(async () => { await initBackend('wasm'); });

describe.each(['wasm', 'cpu'] as const)('on %s', (backend) => {
  for (const sh of shapes) {
    for (const trick of ['symmetrized', 'frozenCopy'] as const) {
      test(`${trick} ${sh.activation} [${sh.hidden.join(', ')}]: f(x; w0) is exactly 0`, async () => {
        await initBackend(backend);
        const widths = [5, ...sh.hidden, 1];
        const cell = makeCell({ model: {
          ...sh, biasStd: 0.3, outputScale: 3,
          multipliers: widths.slice(0, -1).map((w) => 1 / Math.sqrt(w)),
          init: { layers: [{ kind: 'normal', std: 1.5 }], symmetrized: trick === 'symmetrized', frozenCopy: trick === 'frozenCopy' },
        } });
        for (const f of outputsAtInit(cell)) {
          expect(f.length).toBe(32);
          expect(Array.from(f).every((v) => v === 0)).toBe(true);
        }
        // Without the trick the same network's output is not zero (the test can fail).
        const plain = makeCell({ ...cell, model: { ...cell.model, init: { ...cell.model.init, symmetrized: false, frozenCopy: false } } });
        expect(Array.from(outputsAtInit(plain)[0]!).some((v) => v !== 0)).toBe(true);
      });
    }
  }
});

test('symmetrized init copies incoming weights and negates output weights', () => {
  const cell = makeCell({ model: { hidden: [8], init: { layers: [{ kind: 'normal', std: 1 }], symmetrized: true, frozenCopy: false } } });
  const [hid, out] = initParams(cell.model, 4);
  for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) expect(hid!.w[i * 8 + j + 4]).toBe(hid!.w[i * 8 + j]);
  for (let j = 0; j < 4; j++) expect(out!.w[j + 4]).toBe(-out!.w[j]!);
  expect(() => initParams(makeCell({ model: { hidden: [7], init: { layers: [{ kind: 'normal', std: 1 }], symmetrized: true, frozenCopy: false } } }).model, 1)).toThrow(/even/);
});

test('uniform init stays in its bounds and is a pure function of the seed', () => {
  const cell = makeCell({ model: { init: { layers: [{ kind: 'uniform', low: -0.05, high: 0.05 }], symmetrized: false, frozenCopy: false } } });
  const a = initParams(cell.model, 9);
  expect(a.every((l) => l.w.every((v) => v >= -0.05 && v <= 0.05))).toBe(true);
  expect(initParams(cell.model, 9)).toEqual(a);
  expect(initParams(cell.model, 10)[0]!.w).not.toEqual(a[0]!.w);
});
