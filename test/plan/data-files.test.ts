// The cache key covers the files a cell reads, by content: editing a CSV (one label) changes the
// hashes of the cells that read it, and only theirs; a missing or malformed file, a label column
// that does not exist and too few rows are plan errors at the csv(...) call (so `check` reports
// them). Cells that read no file keep their hashes: every shipped spec still plans to exactly
// the cells of its committed results.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { dataFilesRelativeTo, planSpec, type Plan } from '../../src/plan/index.js';
import { MNIST_BASELINE_VERSION, type DataFiles } from '../../src/plan/data-files.js';
import * as M from '../../src/messages/index.js';
import { ROOT, exampleSpecs } from '../check/helpers.js';
import { smallSpec } from './helpers.js';

const CSV = 'x1,x2,y\n0.1,0.2,0\n0.3,-0.4,1\n-0.5,0.6,1\n0.7,0.8,0\n';
const csvSpec = (args = '"d.csv", label: "y"', nTrain = 3) =>
  smallSpec().replace('source = gaussian(std: 1)\n  dim = 4\n  n_train = 20', `source = csv(${args})\n  n_train = ${nTrain}`);

/** A folder with spec.lazy and d.csv; returns the spec's path. */
function folder(csv: string | null, spec = csvSpec()): string {
  const dir = mkdtempSync(join(tmpdir(), 'lazylab-files-'));
  if (csv !== null) writeFileSync(join(dir, 'd.csv'), csv);
  writeFileSync(join(dir, 'spec.lazy'), spec);
  return join(dir, 'spec.lazy');
}

function planFile(path: string, files: DataFiles = dataFilesRelativeTo(path), profile: string | null = null) {
  return planSpec(parseSpec(readFileSync(path, 'utf8')).spec, { profile, files });
}

const hashes = (p: Plan | null) => p!.cells.map((c) => c.hash);

describe('a CSV cell’s hash covers the file’s content', () => {
  it('editing one label changes every hash of the cells reading it; the unchanged file keeps them', () => {
    const path = folder(CSV);
    const before = planFile(path);
    expect(before.diagnostics).toEqual([]);
    expect(hashes(planFile(path).plan)).toEqual(hashes(before.plan));
    writeFileSync(join(path, '..', 'd.csv'), CSV.replace('0.3,-0.4,1', '0.3,-0.4,0'));
    const after = hashes(planFile(path).plan);
    for (let i = 0; i < after.length; i++) expect(after[i]).not.toBe(hashes(before.plan)[i]);
  });

  it('the cell records the sha256 of the bytes and the file’s feature count as dim', () => {
    const cell = planFile(folder(CSV)).plan!.cells[0]!;
    expect(cell.data.dim).toBe(2);
    expect(cell.data.source).toEqual({ kind: 'csv', path: 'd.csv', label: 'y', sha256: createHash('sha256').update(CSV).digest('hex') });
  });
});

describe('a CSV that cannot be trained on is a plan error at the csv(...) call', () => {
  const one = (path: string) => {
    const d = planFile(path).diagnostics;
    expect(d).toHaveLength(1);
    return d[0]!;
  };
  const col = (path: string, needle: string) => readFileSync(path, 'utf8').split('\n').find((l) => l.includes(needle))!.indexOf(needle) + 1;

  it('missing file: E0340 at the path, the hint names where it was looked for', () => {
    const path = folder(null);
    const d = one(path);
    expect([d.code, d.message, d.hint]).toEqual(['E0340', M.csvUnreadable('d.csv', 'no such file'), M.csvUnreadableHint(join(path, '..', 'd.csv'))]);
    expect(d.span.start.col).toBe(col(path, '"d.csv"'));
  });

  it('malformed row: E0341 naming the file’s line', () => {
    const d = one(folder('x1,x2,y\n1,2,0\n3,4\n5,6,1\n7,8,0\n'));
    expect([d.code, d.message]).toEqual(['E0341', M.csvMalformed('d.csv', { kind: 'columns', line: 3, expected: 3, found: 2 })]);
    const text = one(folder('x1,x2,y\n1,2,0\n3,x,1\n5,6,1\n'));
    expect(text.message).toBe(M.csvMalformed('d.csv', { kind: 'number', line: 3, column: 'x2', text: 'x' }));
  });

  it('label column that does not exist: E0342 at the label, suggesting a near column', () => {
    const path = folder(CSV, csvSpec('"d.csv", label: "yy"'));
    const d = one(path);
    expect([d.code, d.message, d.hint]).toEqual(['E0342', M.csvNoLabel('d.csv', 'yy'), M.didYouMean('y')]);
    expect(d.span.start.col).toBe(col(path, '"yy"'));
    const far = one(folder(CSV, csvSpec('"d.csv", label: "target"')));
    expect(far.hint).toBe(M.csvColumnsHint(['x1', 'x2', 'y']));
  });

  it('fewer rows than n_train + n_test: E0344 at n_train', () => {
    const d = one(folder(CSV, csvSpec(undefined, 5)));
    expect([d.code, d.message, d.hint]).toEqual(['E0344', M.csvTooFewRows('d.csv', 5, 4), M.csvTooFewRowsHint(4)]);
  });
});

describe('labels the loss cannot use are plan errors at the label argument', () => {
  const REAL = 'x1,y\n0.1,0.5\n0.2,-1.5\n0.3,2\n';
  const THREE = 'x1,y\n0.1,0\n0.2,1\n0.3,2\n';
  const spec = (csv: string, model: string, train: string) => folder(csv, csvSpec().replace('  hidden = [m]\n', `  hidden = [m]\n  ${model}\n`).replace('  steps = 10', `  steps = 10\n  ${train}`));

  it('bce on real-valued labels: E0345', () => {
    const d = planFile(spec(REAL, 'head = sigmoid', 'loss = bce')).diagnostics;
    expect(d.map((x) => [x.code, x.message, x.hint])).toEqual([['E0345', M.csvLabelsNotClasses('d.csv', 'y', 'bce'), M.csvLabelsNotClassesHint()]]);
  });

  it('three classes with bce: E0346; with a softmax head the model gets one output per class', () => {
    const d = planFile(spec(THREE, 'head = sigmoid', 'loss = bce')).diagnostics;
    expect(d.map((x) => [x.code, x.message])).toEqual([['E0346', M.csvTooManyClasses('d.csv', 'y', 3, 1, 'bce')]]);
    const soft = planFile(spec(THREE, 'head = softmax', 'loss = cross_entropy'));
    expect(soft.diagnostics).toEqual([]);
    expect(soft.plan!.cells[0]!.model.outputDim).toBe(3);
  });

  it('mse on real-valued labels plans', () => {
    expect(planFile(spec(REAL, '', '')).diagnostics).toEqual([]);
  });
});

describe('cells that read no file keep their hashes', () => {
  // The committed reports were written before files entered the key: each spec, planned the
  // way `lazylab run` plans it now, must give exactly the cells its results.json holds.
  it.each(exampleSpecs().map((s) => s.file))('specs/%s plans to the cells of reports/*/results.json', (file) => {
    const name = file.replace(/\.lazy$/, '');
    const results = JSON.parse(readFileSync(join(ROOT, 'reports', name, 'results.json'), 'utf8')) as { profile: string | null; cells: { hash: string }[] };
    const planned = planFile(join(ROOT, 'specs', file), undefined, results.profile);
    expect(new Set(hashes(planned.plan))).toEqual(new Set(results.cells.map((c) => c.hash)));
  });

  it('an mnist cell names the package version only when it is not the baseline', () => {
    const path = join(ROOT, 'specs', 'kearns_mnist.lazy');
    const base = dataFilesRelativeTo(path);
    const at = (version: string) => planFile(path, { ...base, mnistVersion: version }, 'smoke').plan!;
    expect(at(MNIST_BASELINE_VERSION).cells[0]!.data.source).not.toHaveProperty('version');
    const other = at('2.0.0');
    expect(other.cells[0]!.data.source).toMatchObject({ kind: 'mnist', version: '2.0.0' });
    expect(hashes(other).some((h) => hashes(at(MNIST_BASELINE_VERSION)).includes(h))).toBe(false);
  });
});
