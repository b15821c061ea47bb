// A re-run that changes nothing does nothing (src/cli/unchanged.ts): results.json and index.html
// stay byte for byte, the verdicts are those of the first run; an edited report, another report
// mode or a changed spec makes them again. A fully cached run records the backend that computed
// its cells without starting one.

import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'lazylab-rerun-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'out');
const spec = join(dir, 'quickstart.lazy');
copyFileSync('specs/quickstart.lazy', spec);
const run = (...args: string[]) => spawnSync(process.execPath, ['bin/lazylab.js', 'run', spec, '--profile', 'smoke', '--out', out, '--quiet', ...args], { encoding: 'utf8' });
const files = () => ({ results: readFileSync(join(out, 'results.json'), 'utf8'), report: readFileSync(join(out, 'index.html'), 'utf8') });

test('an unchanged re-run keeps results.json and the report; a changed input makes them again', () => {
  const first = run('--backend', 'cpu');
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/report: .*index\.html \(\d+ KiB\)/);
  const made = files();

  const second = run();
  expect(second.status, second.stderr).toBe(0);
  expect(second.stdout).toMatch(/\n2\s+2\s+0\s+0\s+0\s+0\s+[\d.]+ s\s+cpu /);
  expect(second.stdout).toMatch(/report: .*index\.html \(unchanged\)/);
  expect(second.stdout).toMatch(/lee_weights/);
  expect(files()).toEqual(made);

  appendFileSync(join(out, 'index.html'), '<!-- edited -->');
  const third = run();
  expect(third.stdout).toMatch(/report: .*index\.html \(\d+ KiB\)/);
  expect(files().report).toBe(made.report);

  const staticRun = run('--static');
  expect(staticRun.stdout).toMatch(/report: .*index\.html \(\d+ KiB\)/);
  expect(files().report).not.toBe(made.report);

  writeFileSync(spec, readFileSync(spec, 'utf8').replace('title = "Lazy training at a glance', 'title = "Renamed'));
  const edited = run();
  expect(edited.stdout).toMatch(/report: .*index\.html \(\d+ KiB\)/);
  expect(files().report).toMatch(/Renamed/);
  expect(files().results).not.toBe(made.results);
});
