// The installed command as a user runs it: a child process whose stdout is a pipe. Long output
// (a 6 MB plan) must arrive whole, and the exit status must be the command's.

import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'lazylab.js');

it('prints a multi-megabyte plan --json through a pipe without cutting it', () => {
  const text = execFileSync(process.execPath, [bin, 'plan', 'specs/kearns_width.lazy', '--json', '--force'], { cwd: root, maxBuffer: 64 * 2 ** 20 }).toString();
  expect(text.length).toBeGreaterThan(1_000_000);
  const plan = JSON.parse(text);
  expect(plan.cells.length).toBe(plan.cost.cells);
});

it('exits with the command status (1 on a spec with errors, 2 on bad usage)', () => {
  expect(spawnSync(process.execPath, [bin, 'check', 'test/fixtures/errors/binding-cycle/spec.lazy'], { cwd: root }).status).toBe(1);
  expect(spawnSync(process.execPath, [bin, 'plan'], { cwd: root }).status).toBe(2);
  expect(spawnSync(process.execPath, [bin, 'check', 'specs/quickstart.lazy'], { cwd: root }).status).toBe(0);
});
