// Flags and inputs that could only fail after training are refused at once, naming the value,
// with a hint: negative or huge --jobs, negative --shard, unwritable --out/--cache, a missing
// diff side. Nothing is trained (the cache stays empty).

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, test } from 'vitest';
import { lazylab } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'lazylab-limits-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const aFile = join(root, 'a-file');
writeFileSync(aFile, 'not a directory');
const spec = 'specs/quickstart.lazy';
/** Where a run would write if a check let it through (never the committed reports/). */
const scratch = ['--profile', 'smoke', '--out', join(root, 'scratch'), '--quiet'];

describe('run', () => {
  test('--jobs -1 names the value (not "argument is ambiguous")', async () => {
    const r = await lazylab('run', spec, ...scratch, '--jobs', '-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lazylab run: --jobs must be a positive integer, got "-1"');
    expect(r.stderr).not.toMatch(/ambiguous/);
  });
  test.each(['0', '1.5', 'NaN', 'Infinity', '', 'two'])('--jobs %j is refused', async (v) => {
    const r = await lazylab('run', spec, ...scratch, '--jobs', v);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--jobs must be a positive integer, got "${v}"`);
  });
  test('-j -3 (short form) names the value', async () => {
    expect((await lazylab('run', spec, ...scratch, '-j', '-3')).stderr).toContain('got "-3"');
  });
  test('--jobs beyond what the memory holds is refused with the largest that fits', async () => {
    const r = await lazylab('run', spec, ...scratch, '--jobs', '1000000');
    expect(r.code).toBe(2);
    const fit = Math.floor(totalmem() / (96 * 2 ** 20));
    expect(r.stderr).toContain(`--jobs 1000000: at most ${fit} workers fit`);
  });
  test('--shard -1/3 names the value', async () => {
    const r = await lazylab('run', spec, ...scratch, '--shard', '-1/3');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--shard must be i/N with 0 ≤ i < N, got "-1/3"');
  });
  test('--out under a file is refused before training', async () => {
    const out = join(aFile, 'out');
    const r = await lazylab('run', spec, '--profile', 'smoke', '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`lazylab run: cannot write to ${out}: ${aFile} is not a directory; choose another directory with --out DIR`);
  });
  test.runIf(existsSync('/proc/self'))('--out /proc/x is refused at once (recursive mkdir never returns there)', async () => {
    const r = await lazylab('run', spec, '--profile', 'smoke', '--out', '/proc/x', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lazylab run: cannot write to /proc/x (ENOENT)');
  });
  test('a CSV data file that does not exist is refused before training', async () => {
    const csvSpec = join(root, 'csv.lazy');
    writeFileSync(csvSpec, readFileSync(spec, 'utf8')
      .replace('source = teacher_student(teacher_width: 3)', 'source = csv(path: "nope.csv", label: "y")')
      .replace(/\n  dim = d\n/, '\n'));
    const out = join(root, 'csv-out');
    const r = await lazylab('run', csvSpec, '--out', out, '--quiet');
    // The checker already knows (E0340, at the path's position), so run stops there, exit 1.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E0340]: cannot read the data file "nope.csv": no such file');
    expect(r.stderr).toContain(`the path is relative to the spec's folder: ${join(root, 'nope.csv')}`);
    expect(existsSync(join(out, 'cache'))).toBe(false);
  });
  test('--out "" is refused', async () => {
    const r = await lazylab('run', spec, '--profile', 'smoke', '--out', '', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out needs a directory, got ""');
  });
});

describe('diff', () => {
  test('a missing side is reported before any side is trained', async () => {
    const cache = join(root, 'cache');
    const r = await lazylab('diff', spec, join(root, 'missing.lazy'), '--profile', 'smoke', '--cache', cache, '--format', 'md');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot read \`${join(root, 'missing.lazy')}\`: no such file or directory`);
    expect(r.stderr).not.toMatch(/training/);
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });
  test('a directory side without results.json is reported before training', async () => {
    const r = await lazylab('diff', spec, root, '--profile', 'smoke', '--format', 'md');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no results in ${root}`);
  });
  test('--jobs -1 names the value', async () => {
    const r = await lazylab('diff', spec, 'reports/quickstart', '--jobs', '-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jobs must be a positive integer, got "-1"');
  });
  test('--cache "" is refused (it would fill the current directory)', async () => {
    const r = await lazylab('diff', spec, 'reports/quickstart', '--cache', '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lazylab diff: --cache needs a directory, got ""');
  });
  test('an unwritable --out is refused before training', async () => {
    const r = await lazylab('diff', spec, 'reports/quickstart', '--out', join(aFile, 'd'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${aFile} is not a directory`);
  });
});

test('report: an unwritable --out is refused with the directory named', async () => {
  const r = await lazylab('report', 'reports/quickstart', '--out', join(aFile, 'r'));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`lazylab report: cannot write to ${join(aFile, 'r')}: ${aFile} is not a directory`);
});
