// `lazylab run --matmul`: the flag is checked, the path that ran is written to results.json (run,
// cells and provenance) and the report footer, and cell hashes do not depend on it. The native
// run skips, naming why, without a BLAS.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { findBlas } from '../../../src/run/native/blas.js';
import { readResults } from '../../../src/run/index.js';

const found = await findBlas();
const skipReason = typeof found === 'string' ? ` (skipped: ${found})` : '';
const out = mkdtempSync(join(tmpdir(), 'lazylab-matmul-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const lazylab = (...args: string[]) => spawnSync(process.execPath, ['bin/lazylab.js', 'run', ...args], { encoding: 'utf8' });

test('an unknown --matmul is a usage error naming the choices', () => {
  const r = lazylab('specs/quickstart.lazy', '--matmul', 'gpu');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/unknown --matmul "gpu" \(native or wasm\)/);
  expect(lazylab('--help').stdout).toMatch(/--matmul M/);
});

test('--matmul native on the cpu backend is refused before training', () => {
  const r = lazylab('specs/quickstart.lazy', '--profile', 'smoke', '--out', join(out, 'cpu'), '--backend', 'cpu', '--matmul', 'native', '--quiet');
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/native matrix path runs on the wasm backend, not cpu/);
});

const noKoffi = typeof found === 'string' && found.startsWith('the koffi package');
test.skipIf(noKoffi)(`--matmul native with a LAZYLAB_BLAS that does not load says why and how to get one${noKoffi ? skipReason : ''}`, () => {
  const r = spawnSync(process.execPath, ['bin/lazylab.js', 'run', 'specs/quickstart.lazy', '--profile', 'smoke', '--out', join(out, 'nope'), '--matmul', 'native', '--quiet'],
    { encoding: 'utf8', env: { ...process.env, LAZYLAB_BLAS: '/nonexistent/libopenblas.so' } });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('the native matrix path is not available: /nonexistent/libopenblas.so');
  expect(r.stderr).toContain('apt-get install libopenblas0-pthread');
});

test.skipIf(typeof found === 'string')(`each path is recorded in results.json and the report; the cells are the same${skipReason}`, () => {
  const runs = (['wasm', 'native'] as const).map((path) => {
    const dir = join(out, path);
    const r = lazylab('specs/quickstart.lazy', '--profile', 'smoke', '--out', dir, '--jobs', '2', '--matmul', path, '--quiet');
    expect(r.status, r.stderr).toBe(0);
    return { path, dir, results: readResults(join(dir, 'results.json')), stdout: r.stdout };
  });
  for (const { path, dir, results, stdout } of runs) {
    expect(results.backend.matmul?.path).toBe(path);
    expect(results.provenance?.matmul?.path).toBe(path);
    expect(results.cells.every((c) => c.backend.matmul?.path === path)).toBe(true);
    expect(stdout).toContain(`matrix products ${path}`);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain(`matrix products ${path}`);
  }
  expect(runs[1]!.results.cells.map((c) => c.hash)).toEqual(runs[0]!.results.cells.map((c) => c.hash));
});
