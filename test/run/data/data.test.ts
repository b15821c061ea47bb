import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { makeDataset } from '../../../src/run/data/index.js';
import { inspectCsv, loadCsv } from '../../../src/run/data/csv.js';
import { loadMnist } from '../../../src/run/data/mnist.js';
import type { DataConfig } from '../../../src/plan/cell.js';

const sphere: DataConfig = {
  name: 's', source: { kind: 'teacher_student', teacherWidth: 3, teacherActivation: 'relu' },
  dim: 10, nTrain: 50, nTest: 20, labelScale: 100, seed: 3,
};

test('generated data is a pure function of the seed', () => {
  const a = makeDataset(sphere, 'mse', 1);
  expect(makeDataset(sphere, 'mse', 1)).toEqual(a);
  expect(makeDataset({ ...sphere, seed: 4 }, 'mse', 1).train.x).not.toEqual(a.train.x);
});

test('teacher–student: inputs on the unit sphere, targets scaled by labelScale', () => {
  const d = makeDataset(sphere, 'mse', 1);
  for (let i = 0; i < 50; i++) {
    let n = 0;
    for (let j = 0; j < 10; j++) n += d.train.x[i * 10 + j]! ** 2;
    expect(Math.abs(n - 1)).toBeLessThan(1e-5);
  }
  // |y| ≤ 100 · Σ|s_j| relu(w·x) ≤ 300 and targets differ from the ±1 classes.
  expect(d.train.y.some((v) => Math.abs(v) > 1)).toBe(true);
  expect(d.train.y.every((v) => Math.abs(v) <= 300)).toBe(true);
});

test('random labels: ±1 for mse, {0,1} for bce, one-hot for cross entropy', () => {
  const g: DataConfig = { ...sphere, source: { kind: 'gaussian', std: 1, classes: 2 }, labelScale: 1 };
  expect(new Set(makeDataset(g, 'mse', 1).train.y)).toEqual(new Set([-1, 1]));
  expect(new Set(makeDataset(g, 'bce', 1).train.y)).toEqual(new Set([0, 1]));
  const ce = makeDataset(g, 'cross_entropy', 2).train;
  for (let i = 0; i < ce.n; i++) expect(ce.y[2 * i]! + ce.y[2 * i + 1]!).toBe(1);
});

test('mnist: real digits of the chosen classes, values in [0, 1]', () => {
  const d = makeDataset({ ...sphere, source: { kind: 'mnist', classes: [3, 8] }, dim: 784, nTrain: 100, nTest: 50 }, 'bce', 1);
  expect(d.dim).toBe(784);
  expect(d.train.x.length).toBe(100 * 784);
  expect(d.train.x.every((v) => v >= 0 && v <= 1)).toBe(true);
  expect(new Set(d.train.classes)).toEqual(new Set([0, 1]));
});

test('CSV: parses, and a malformed row is an error naming file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lazylab-csv-'));
  const good = join(dir, 'good.csv');
  writeFileSync(good, 'a,b,y\n1,2,0\n3,4,1\n');
  const s = loadCsv(good, 'y');
  expect(Array.from(s.x)).toEqual([1, 2, 3, 4]);
  expect(Array.from(s.classes!)).toEqual([0, 1]);
  const short = join(dir, 'short.csv');
  writeFileSync(short, 'a,b,y\n1,2,0\n3,4\n5,6,1\n');
  expect(() => loadCsv(short, 'y')).toThrow(`${short}:3: expected 3 columns, found 2`);
  const text = join(dir, 'text.csv');
  writeFileSync(text, 'a,b,y\n1,2,0\n5,x,1\n');
  expect(() => loadCsv(text, 'y')).toThrow(`${text}:3: column "b" is not a number: "x"`);
  expect(() => loadCsv(good, 'label')).toThrow(`${good}:1: no column named "label"`);
});

test('CSV: a file edited after planning is refused (its old hash would cache new numbers)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lazylab-csv-'));
  const path = join(dir, 'd.csv');
  writeFileSync(path, 'a,y\n1,0\n2,1\n');
  const planned = inspectCsv(path);
  if (!planned.ok) throw new Error('inspectCsv failed');
  expect(planned).toMatchObject({ header: ['a', 'y'], rows: 2 });
  expect(loadCsv(path, 'y', planned.sha256).n).toBe(2);
  writeFileSync(path, 'a,y\n1,0\n2,0\n');
  expect(() => loadCsv(path, 'y', planned.sha256)).toThrow(`${path}: the file changed after the plan was made`);
});

test('mnist: a cell planned with another package version is refused', () => {
  expect(() => loadMnist([3, 8], 10, 0, '9.9.9')).toThrow('mnist: the cell was planned with mnist 9.9.9, but 1.1.0 is installed');
  expect(loadMnist([3, 8], 10, 0, '1.1.0').n).toBe(10);
});
