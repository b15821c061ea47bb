// Ctrl-C during `lazylab run`: the command stops cleanly with status 130 and says how to
// resume; every cell finished before the interrupt is served from the cache by the next run.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lazylab-sigint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = `experiment sigint { title = "interrupt" }
sweep m = [16, 17, 18, 19, 20, 21, 22, 23]
data d { source = gaussian()  dim = 8  n_train = 64 }
model mlp { hidden = [m] }
train { optimizer = gd(lr: 0.05)  steps = 1500  log = every(500) }
measure { train_loss }
`;

it('stops on SIGINT with status 130, keeps finished cells, and the next run resumes', async () => {
  const spec = join(dir, 'sigint.lazy');
  writeFileSync(spec, SPEC);
  const out = join(dir, 'out');
  const args = ['bin/lazylab.js', 'run', spec, '--out', out, '--jobs', '1', '--backend', 'cpu', '--no-report'];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let sent = false;
  const code = await new Promise<number | null>((resolve) => {
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      // Non-terminal output logs a line per finished cell: one Ctrl-C after the second one.
      if (!sent && (stderr.match(/^cell \d+\/8/gm) ?? []).length >= 2) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('exit', (c) => resolve(c));
  });
  expect(code).toBe(130);
  expect(stderr).toMatch(/interrupted; \d+ cells finished this run and are cached/);
  const again = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  expect(again.status).toBe(0);
  const cached = Number(/^8 cells: (\d+) cached/m.exec(again.stderr)?.[1]);
  expect(cached).toBeGreaterThanOrEqual(2);
  expect(cached).toBeLessThan(8);
  expect(again.stdout).toMatch(/^8\s+\d+\s+\d+\s+0\s+0/m);
}, 120_000);
