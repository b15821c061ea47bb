// `lazylab report` and `lazylab diff` end to end through the compiled CLI: a real run of the
// tiny fixture, its report, and a diff of a spec against its last commit after an edit
// (spec@HEAD, taken with git and run through the shared cache).

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { FIXTURES } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lazylab-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bin = resolve('bin/lazylab.js');
const lazylab = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });

test('run, report, then diff spec@HEAD against an edited spec', () => {
  expect(existsSync('dist/cli/report.js'), 'run `npm run build` first').toBe(true);
  copyFileSync(join(FIXTURES, 'tiny', 'a.lazy'), join(dir, 'tiny.lazy'));
  const run = lazylab(dir, 'run', 'tiny.lazy', '--quiet', '--jobs', '1');
  expect(run.status, run.stderr).toBe(0);

  const report = lazylab(dir, 'report', 'tiny.lazy', '--static');
  expect(report.status, report.stderr).toBe(0);
  const html = readFileSync(join(dir, 'runs', 'tiny', 'index.html'), 'utf8');
  expect(html).toContain('<h1>Tiny: weights move less as width grows</h1>');
  expect(readFileSync(join(dir, 'runs', 'tiny', 'spec.lazy'), 'utf8')).toBe(readFileSync(join(dir, 'tiny.lazy'), 'utf8'));

  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'empty');
  git('add', 'tiny.lazy');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'spec');
  writeFileSync(join(dir, 'tiny.lazy'), readFileSync(join(dir, 'tiny.lazy'), 'utf8').replace('let lr = 1.0', 'let lr = 0.25'));

  const md = lazylab(dir, 'diff', 'tiny.lazy@HEAD', 'tiny.lazy', '--format', 'md');
  expect(md.status, md.stderr).toBe(0);
  expect(md.stdout).toContain('| changed | `let lr` | `1.0` | `0.25` |');
  expect(md.stdout).toMatch(/\| `weight_change` \| m = \d+ \|/);

  const out = join(dir, 'diff');
  const htmlDiff = lazylab(dir, 'diff', 'runs/tiny', 'tiny.lazy', '--out', out);
  expect(htmlDiff.status, htmlDiff.stderr).toBe(0);
  expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Charts, every revision overlaid');

  const bad = lazylab(dir, 'diff', 'tiny.lazy@no-such-rev', 'tiny.lazy');
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('cannot read tiny.lazy at no-such-rev');
});
