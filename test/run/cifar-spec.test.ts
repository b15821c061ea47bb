// CIFAR-10 through a spec and the compiled CLI, on small files generated in the exact binary
// format: `check` names a missing folder at the cifar10(...) path with where to get the files;
// a layered network trains on the 32×32×3 images; the files' bytes are part of every cell's hash,
// so editing one pixel retrains the cells.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readResults } from '../../src/run/index.js';
import * as M from '../../src/messages/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lazylab-cifar-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lazylab = (...args: string[]) => spawnSync(process.execPath, ['bin/lazylab.js', ...args], { encoding: 'utf8' });

/** n records with labels cycling through 0..9 and pixels (label·7 + c·50 + y + x + i) mod 256. */
function batch(n: number, offset: number): Uint8Array {
  const out = new Uint8Array(n * 3073);
  for (let i = 0; i < n; i++) {
    const label = (i + offset) % 10;
    out[i * 3073] = label;
    for (let p = 0; p < 3072; p++) out[i * 3073 + 1 + p] = (label * 7 + Math.floor(p / 1024) * 50 + (p % 1024) + i) % 256;
  }
  return out;
}

const SPEC = `experiment cifar {
  title = "cifar"
}

sweep k = [2, 4]

data images {
  source = cifar10("cifar", classes: [3, 5])
  n_train = 8
  n_test = 4
}

model net {
  layers = [conv(k, 3, stride: 2, padding: 1), relu, max_pool(2), flatten]
  parameterization = ntk
  init = frozen_copy(normal(std: 1))
  head = softmax
}

train {
  loss = mse
  optimizer = sgd(lr: 0.5, batch: 4)
  steps = 4
}

measure {
  train_loss
  activation_stability
}
`;

test('a missing folder is a check error at the path, saying where the files come from', () => {
  const spec = join(dir, 'missing.lazy');
  writeFileSync(spec, SPEC.replace('cifar10("cifar"', 'cifar10("nowhere"'));
  const r = lazylab('check', spec);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`error[E0347]: ${M.cifarUnreadable('nowhere', 'data_batch_1.bin is missing')}`);
  expect(r.stderr).toContain(M.cifarHint(join(dir, 'nowhere')));
  expect(r.stderr).toContain('missing.lazy: 1 error'); // no echo from the model or the batch, which need the data's shape and size
});

test('a layered network trains on the images, and the files\' bytes are part of the cells\' hashes', () => {
  const folder = join(dir, 'cifar');
  mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= 5; i++) writeFileSync(join(folder, `data_batch_${i}.bin`), batch(20, i));
  writeFileSync(join(folder, 'test_batch.bin'), batch(20, 0));
  const spec = join(dir, 'cifar.lazy');
  writeFileSync(spec, SPEC);
  const out = join(dir, 'out');
  const first = lazylab('run', spec, '--out', out, '--no-report', '--quiet');
  expect(first.status, first.stderr).toBe(0);
  const r1 = readResults(join(out, 'results.json'));
  expect(r1.cells.map((c) => c.status)).toEqual(['ok', 'ok']);
  expect(r1.records.filter((r) => r.measurement === 'activation_stability' && r.step === 0 && r.layer === undefined).map((r) => r.value)).toEqual([1, 1]);
  const again = lazylab('run', spec, '--out', out, '--no-report');
  expect(again.stderr).toMatch(/2 cells: 2 cached/);
  const bytes = readFileSync(join(folder, 'test_batch.bin'));
  bytes[5] = (bytes[5]! + 1) % 256;
  writeFileSync(join(folder, 'test_batch.bin'), bytes);
  const edited = lazylab('run', spec, '--out', out, '--no-report');
  expect(edited.status, edited.stderr).toBe(0);
  expect(edited.stderr).toMatch(/2 cells: 0 cached/);
  const r2 = readResults(join(out, 'results.json'));
  expect(r2.cells.map((c) => c.hash).filter((h) => r1.cells.some((c) => c.hash === h))).toEqual([]);
});

test('too few images of the chosen classes is a check error at n_train or n_test, naming the counts', () => {
  // Each file has 20 records with labels cycling 0..9: 4 of classes 3 and 5, so 20 in training, 4 in test.
  const folder = join(dir, 'few');
  mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= 5; i++) writeFileSync(join(folder, `data_batch_${i}.bin`), batch(20, 0));
  writeFileSync(join(folder, 'test_batch.bin'), batch(20, 0));
  const spec = join(dir, 'few.lazy');
  const sized = (nTrain: number, nTest: number): string =>
    SPEC.replace('cifar10("cifar"', 'cifar10("few"').replace('n_train = 8', `n_train = ${nTrain}`).replace('n_test = 4', `n_test = ${nTest}`);
  writeFileSync(spec, sized(21, 4));
  const train = lazylab('check', spec);
  expect(train.status).toBe(1);
  expect(train.stderr).toContain(`few.lazy:9:13: error[E0350]: ${M.cifarTooFew('few', 'train', [3, 5], 21, 20)}`);
  expect(train.stderr).toContain(M.cifarTooFewHint('n_train', 20));
  writeFileSync(spec, sized(20, 5));
  const test = lazylab('check', spec);
  expect(test.stderr).toContain(`few.lazy:10:12: error[E0350]: ${M.cifarTooFew('few', 'test', [3, 5], 5, 4)}`);
  expect(test.stderr).toContain(M.cifarTooFewHint('n_test', 4));
  writeFileSync(spec, sized(20, 4));
  const fits = lazylab('check', spec);
  expect(fits.status, fits.stderr).toBe(0);
});
