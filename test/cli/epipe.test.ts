// `lazylab run … | head`: the reader goes away before the run prints its summary. The write then
// fails with EPIPE; the run must still write results.json and the report and exit with its status.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const out = mkdtempSync(join(tmpdir(), 'lazylab-epipe-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('run piped into a reader that exits at once finishes its work without an EPIPE crash', () => {
  expect(existsSync('dist/cli/run.js'), 'run `npm run build` first').toBe(true);
  // `true` exits without reading: every write of the run's stdout meets a closed pipe.
  const script = `node bin/lazylab.js run specs/quickstart.lazy --profile smoke --out '${out}' --jobs 1 --quiet | true; echo "status=\${PIPESTATUS[0]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/EPIPE|internal error/);
  expect(r.stdout.trim()).toBe('status=0');
  expect(existsSync(join(out, 'results.json'))).toBe(true);
  expect(existsSync(join(out, 'index.html'))).toBe(true);
});
