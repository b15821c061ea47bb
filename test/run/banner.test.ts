// TensorFlow.js's cpu backend prints an "install our node backend" banner on stderr at its first
// tensor; lazylab's run header already names the backend, so the banner must not appear.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const out = mkdtempSync(join(tmpdir(), 'lazylab-banner-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('a run on the cpu backend prints no TensorFlow.js banner', () => {
  const r = spawnSync(process.execPath, ['bin/lazylab.js', 'run', 'specs/quickstart.lazy', '--profile', 'smoke', '--out', out, '--backend', 'cpu', '--jobs', '1', '--no-report'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/to train on cpu/);
  expect(r.stderr).not.toMatch(/TensorFlow\.js in Node|={10}/);
});
