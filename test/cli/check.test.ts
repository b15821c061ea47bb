// `lazylab check`: exit 0 on a clean spec, 1 on errors (printing exactly the fixture's expected
// diagnostics under the path given), 0 when there are only warnings, 2 on bad usage.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lazylab } from './helpers.js';

const fixture = (name: string) => `test/fixtures/errors/${name}`;
/** The fixture's expected.txt with the path the CLI was given in place of spec.lazy. */
const expectedFor = (name: string, path: string) =>
  readFileSync(`${fixture(name)}/expected.txt`, 'utf8').replace(/^spec\.lazy:/gm, `${path}:`);

describe('lazylab check', () => {
  it('exits 0 on the quick-start spec and summarizes its plan', async () => {
    const r = await lazylab('check', 'specs/quickstart.lazy');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^specs\/quickstart\.lazy: ok \(30 cells, 9,000 steps, [\d.]+ GFLOP, peak [\d.]+ MiB per cell\); profiles: smoke\n$/);
  });

  it.each(['width-zero', 'syntax-three-errors', 'unknown-optimizer', 'misfit-kappa-bce'])(
    'exits 1 on fixture %s and prints its expected diagnostics and a count', async (name) => {
      const path = `${fixture(name)}/spec.lazy`;
      const r = await lazylab('check', path);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const n = (expectedFor(name, path).match(/: error\[/g) ?? []).length;
      expect(r.stderr).toBe(`${expectedFor(name, path)}${path}: ${n} error${n === 1 ? '' : 's'}\n`);
    });

  it('exits 0 when a spec has only warnings, printing them', async () => {
    const path = `${fixture('warning-unused-binding')}/spec.lazy`;
    const r = await lazylab('check', path);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(expectedFor('warning-unused-binding', path));
    expect(r.stdout).toMatch(/spec\.lazy: ok \(2 cells, 200 steps/);
  });

  it('checks several specs and exits 1 if any has an error', async () => {
    const bad = `${fixture('lr-not-positive')}/spec.lazy`;
    const r = await lazylab('check', 'specs/quickstart.lazy', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^specs\/quickstart\.lazy: ok/);
    expect(r.stderr).toContain(`${bad}:19:22: error[E0311]`);
  });

  it('exits 1 on a file it cannot read', async () => {
    const r = await lazylab('check', 'specs/no-such-spec.lazy');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^specs\/no-such-spec\.lazy: error\[E0001\]: cannot read the spec: ENOENT/);
  });

  it('exits 2 with its usage when given no spec or an unknown flag', async () => {
    const none = await lazylab('check');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^usage: lazylab check <spec\.lazy>\.\.\./);
    const flag = await lazylab('check', '--frobnicate', 'specs/quickstart.lazy');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^lazylab: Unknown option '--frobnicate'/);
    expect(flag.stderr).toContain('usage: lazylab check');
  });
});
