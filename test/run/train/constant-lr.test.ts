// Constant-lr training is bit-identical to the engine before lr schedules existed: momentum and
// Adam on the fully connected and the layered path, compared with a fixture written by the
// engine before the change (gd, sgd and Adam on the fully connected path are in readback.test.ts):
//   LAZYLAB_WRITE_CONSTANT_LR=1 npx vitest run test/run/train/constant-lr.test.ts

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { trainCell } from '../../../src/run/train/trainCell.js';
import type { TidyRecord } from '../../../src/run/results.js';
import { makeCell } from '../helpers.js';
import { cnnCell } from '../measure/layered-cells.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/constant-lr-records.json', import.meta.url));

const measure = [{ name: 'train_loss', options: {} }, { name: 'weight_change', options: { per_layer: true } }, { name: 'linearization_gap', options: {} }];
const cnn = cnnCell(1, { measure });
const cells = {
  momentum: makeCell({ train: { optimizer: { kind: 'momentum', lr: 0.3, beta: 0.9, batch: 8 }, steps: 12, log: { kind: 'every', every: 3 } }, measure }),
  layeredMomentum: { ...cnn, train: { ...cnn.train, optimizer: { kind: 'momentum' as const, lr: 0.2, beta: 0.9, batch: 4 } } },
  layeredAdam: { ...cnn, train: { ...cnn.train, optimizer: { kind: 'adam' as const, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: null } } },
};

type Row = [step: number, measurement: string, layer: number | null, value: number | null];
const rowOf = (r: TidyRecord): Row => [r.step, r.measurement, r.layer ?? null, r.value];

test('momentum and Adam records, fully connected and layered, are those of the engine before schedules', async () => {
  const backend = await initBackend('wasm', 'wasm');
  const now: Record<string, Row[]> = {};
  for (const [name, cell] of Object.entries(cells)) {
    const r = await trainCell(cell, backend);
    expect(r.status, `${name}: ${r.reason}`).toBe('ok');
    now[name] = r.records.map(rowOf);
  }
  if (process.env['LAZYLAB_WRITE_CONSTANT_LR'] === '1') writeFileSync(FIXTURE, `${JSON.stringify(now, null, 1)}\n`);
  expect(existsSync(FIXTURE)).toBe(true);
  // JSON round-trips every double exactly, so toEqual on the parsed numbers is bit equality.
  const before = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Row[]>;
  for (const name of Object.keys(cells)) {
    expect(now[name]!.length, name).toBeGreaterThan(10);
    expect(now[name], name).toEqual(before[name]);
  }
}, 120_000);
