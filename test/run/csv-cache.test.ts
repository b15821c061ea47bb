// The scenario through the compiled CLI: a spec reading circle.csv is run, one label in
// the CSV is edited, and the next run trains both cells again (before the fix: "2 cached" and the
// old losses). `check` reports a missing CSV at the csv(...) call.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readResults } from '../../src/run/index.js';
import * as M from '../../src/messages/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lazylab-csv-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lazylab = (...args: string[]) => spawnSync(process.execPath, ['bin/lazylab.js', ...args], { encoding: 'utf8' });

const SPEC = `experiment circ {
  title = "circle"
}

sweep m = [8, 16]

data pts {
  source = csv("circle.csv", label: "y")
  n_train = 12
  n_test = 4
}

model net {
  hidden = [m]
}

train {
  optimizer = gd(lr: 0.1)
  steps = 5
}

measure {
  train_loss
}
`;
const rows = Array.from({ length: 16 }, (_, i) => {
  const a = Math.cos(i), b = Math.sin(3 * i);
  return `${a.toFixed(4)},${b.toFixed(4)},${a * a + b * b < 0.5 ? 1 : 0}`;
});

test('editing a label in the CSV re-trains the cells that read it and changes the losses', () => {
  const spec = join(dir, 'circ.lazy');
  writeFileSync(spec, SPEC);
  writeFileSync(join(dir, 'circle.csv'), ['x1,x2,y', ...rows].join('\n'));
  const out = join(dir, 'out');
  const run = () => lazylab('run', spec, '--out', out, '--jobs', '1', '--quiet', '--no-report');
  const first = run();
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/\n2\s+0\s+2\s+0\s+0\s/);
  const loss0 = (r: ReturnType<typeof readResults>) => r.records.filter((x) => x.measurement === 'train_loss' && x.step === 0).map((x) => x.value);
  const before = loss0(readResults(join(out, 'results.json')));
  expect(run().stdout).toMatch(/\n2\s+2\s+0\s+0\s+0\s/); // unchanged file: served from the cache
  writeFileSync(join(dir, 'circle.csv'), ['x1,x2,y', ...rows].join('\n').replace(/,[01]$/m, ',7'));
  const edited = run();
  expect(edited.status, edited.stderr).toBe(0);
  expect(edited.stdout).toMatch(/\n2\s+0\s+2\s+0\s+0\s/);
  const written = readResults(join(out, 'results.json'));
  const after = loss0(written);
  for (let i = 0; i < after.length; i++) expect(after[i]).not.toBe(before[i]);
  // The results record what produced them (the spec is outside any git repository here).
  expect(written.provenance).toMatchObject({ spec: SPEC, specPath: spec, profile: null, git: null });
});

test('check reports a missing CSV at the csv(...) call, with a hint, and exits 1', () => {
  const spec = join(dir, 'missing.lazy');
  writeFileSync(spec, SPEC.replace('circle.csv', 'nowhere.csv'));
  const r = lazylab('check', spec);
  expect(r.status).toBe(1);
  const col = SPEC.split('\n')[7]!.indexOf('"circle.csv"') + 1;
  expect(r.stderr).toContain(`${spec}:8:${col}: error[E0340]: ${M.csvUnreadable('nowhere.csv', 'no such file')}`);
  expect(r.stderr).toContain(M.csvUnreadableHint(join(dir, 'nowhere.csv')));
  expect(readFileSync(spec, 'utf8')).toContain('nowhere.csv');
});

test('check warns, at the experiment name, that run refuses a plan above the size limit', () => {
  const r = lazylab('check', 'specs/chizat_tau.lazy');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^specs\/chizat_tau\.lazy:\d+:12: warning\[W0510\]: the plan is too large: .*refuse it without --force\n/);
  expect(r.stderr).toContain(M.planTooLargeHint('quick'));
  expect(lazylab('check', 'specs/quickstart.lazy').stderr).toBe('');
});
