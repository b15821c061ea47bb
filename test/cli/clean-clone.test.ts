// The README's quick start leaves the clone clean: `lazylab run` without --out writes to
// runs/<experiment>/, which the project's .gitignore ignores, and never touches the committed
// reports/. Checked in a scratch git repository holding the project's .gitignore and specs.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'lazylab-clone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });

test('a quick-start run writes runs/quickstart/ and leaves `git status` clean', () => {
  git('init', '-q');
  cpSync('.gitignore', join(dir, '.gitignore'));
  cpSync('specs/quickstart.lazy', join(dir, 'specs', 'quickstart.lazy'));
  cpSync('reports/quickstart/index.html', join(dir, 'reports', 'quickstart', 'index.html'));
  git('add', '.');
  git('commit', '-qm', 'clone');
  const run = spawnSync(process.execPath, [resolve('bin/lazylab.js'), 'run', 'specs/quickstart.lazy', '--profile', 'smoke', '--quiet'], { cwd: dir, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain(join('runs', 'quickstart', 'results.json'));
  expect(existsSync(join(dir, 'runs', 'quickstart', 'index.html'))).toBe(true);
  expect(readFileSync(join(dir, 'runs', 'quickstart', 'results.csv'), 'utf8')).toMatch(/^cell,m,seed,step,measurement,layer,value\r\n/);
  expect(git('status', '--porcelain', '--untracked-files=all')).toBe('');
});
