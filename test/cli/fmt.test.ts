// `lazylab fmt`: --check exits 1 on an unformatted copy and 0 on a formatted one, changing
// nothing; without --check it rewrites the file into the canonical layout.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSpec } from '../../src/fmt/index.js';
import { lazylab } from './helpers.js';

const quickstart = readFileSync('specs/quickstart.lazy', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'lazylab-fmt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The quick-start spec with its layout spoiled: flat indentation, tight `=`, extra blank lines. */
const messy = quickstart
  .replace('  loss = mse', 'loss=mse')
  .replace('  steps = 300', '      steps   =   300')
  .replace('let lr = 1.0', '\n\n\nlet lr=1.0');

function copy(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('lazylab fmt', () => {
  it('--check exits 1 on an unformatted copy and leaves it alone', async () => {
    const path = copy('messy.lazy', messy);
    const r = await lazylab('fmt', '--check', path);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${path}: not formatted\n`);
    expect(readFileSync(path, 'utf8')).toBe(messy);
  });

  it('--check exits 0 on a formatted spec, printing nothing', async () => {
    const r = await lazylab('fmt', '--check', copy('clean.lazy', quickstart), 'specs/quickstart.lazy');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('rewrites a file into the canonical layout, after which --check passes', async () => {
    const path = copy('rewrite.lazy', messy);
    const r = await lazylab('fmt', path);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${path}: formatted\n`);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(formatSpec(messy).text);
    expect(text).toBe(quickstart);
    expect((await lazylab('fmt', '--check', path)).code).toBe(0);
    expect((await lazylab('fmt', path)).stdout).toBe(''); // already formatted: nothing to say
  });

  it('refuses to format a spec with syntax errors, printing them, and exits 1', async () => {
    const broken = quickstart.replace('  steps = 300', '  steps = 300;');
    const path = copy('broken.lazy', broken);
    const line = broken.split('\n').findIndex((l) => l.endsWith(';')) + 1;
    const r = await lazylab('fmt', path);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}:${line}:14: error[E0101]: unexpected character \`;\``);
    expect(r.stderr).toContain(`${path}: not formatted: fix the syntax errors first`);
    expect(readFileSync(path, 'utf8')).toBe(broken);
  });

  it('exits 2 without a file and 1 on a missing one', async () => {
    expect((await lazylab('fmt')).code).toBe(2);
    const r = await lazylab('fmt', join(dir, 'none.lazy'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E0001]: cannot read the spec');
  });
});
