// `lazylab run` ends with the verdicts: results.json carries them with the run's date and
// machine, the report is written, --strict exits 1 when an expectation fails or is inconclusive
// (--strict=fail-only: when one fails), and negative controls are printed apart.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { lazylab } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lazylab-strict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function spec(claim: string, extra = ''): string {
  const path = join(dir, `s${Math.random().toString(36).slice(2)}.lazy`);
  writeFileSync(path, `experiment strict { title = "strict" }
seeds = 5
data d { source = gaussian()  dim = 3  n_train = 8 }
model m { hidden = [8] }
train { optimizer = gd(lr: 0.1)  steps = 5 }
measure { train_loss }
expect e { claim = ${claim} }
${extra}
`);
  return path;
}

it('writes verdicts, date and machine into results.json and a report beside it', async () => {
  const out = join(dir, 'pass');
  const r = await lazylab('run', spec('final(train_loss) < initial(train_loss)'), '--out', out, '--quiet', '--backend', 'cpu', '--jobs', '1');
  expect(r.code).toBe(0);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  expect(results.expectations.map((v: { verdict: string }) => v.verdict)).toEqual(['pass']);
  expect(Number.isNaN(Date.parse(results.finishedAt))).toBe(false);
  expect(results.environment.node).toBe(process.version);
  expect(existsSync(join(out, 'index.html'))).toBe(true);
  expect(r.stdout).toMatch(/e\s+PASS/);
});

it('exits 1 with --strict when an expectation fails, 0 without it', async () => {
  const failing = spec('final(train_loss) > 1e9');
  const loose = await lazylab('run', failing, '--out', join(dir, 'fail'), '--quiet', '--backend', 'cpu', '--jobs', '1', '--no-report');
  expect(loose.code).toBe(0);
  expect(loose.stdout).toMatch(/e\s+FAIL/);
  expect(existsSync(join(dir, 'fail', 'index.html'))).toBe(false);
  const strict = await lazylab('run', failing, '--out', join(dir, 'fail'), '--quiet', '--backend', 'cpu', '--jobs', '1', '--no-report', '--strict');
  expect(strict.code).toBe(1);
});

it('--strict exits 1 on an inconclusive verdict; --strict=fail-only does not', async () => {
  // A measurement no cell records makes the claim inconclusive.
  const undecided = spec('final(train_loss) < initial(train_loss)', 'expect u { claim = final(train_loss, seed: 99) < 1 }');
  const args = ['--out', join(dir, 'inc'), '--quiet', '--backend', 'cpu', '--jobs', '1', '--no-report'];
  const strict = await lazylab('run', undecided, ...args, '--strict');
  expect(strict.stdout).toMatch(/u\s+INCONCLUSIVE/);
  expect(strict.code).toBe(1);
  const failOnly = await lazylab('run', undecided, ...args, '--strict=fail-only');
  expect(failOnly.code).toBe(0);
});

it('prints negative controls in their own table, each with the claim it protects', async () => {
  const path = spec('final(train_loss) < initial(train_loss)', 'expect no_growth { claim = final(train_loss) > 2 * initial(train_loss)  control = e }');
  const r = await lazylab('run', path, '--out', join(dir, 'ctl'), '--quiet', '--backend', 'cpu', '--jobs', '1', '--no-report');
  const [claims, controls] = r.stdout.split('negative control → protects');
  expect(claims).toMatch(/e\s+PASS/);
  expect(claims).not.toMatch(/no_growth/);
  expect(controls).toMatch(/no_growth → e\s+FAIL/);
});
