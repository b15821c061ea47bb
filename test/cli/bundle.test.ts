// The bundled CLI (scripts/bundle.mjs → dist/bundle/) that bin/lazylab.js runs: it says exactly
// what the unbundled CLI says, inlines the parser's ~650 modules, and bin falls back to
// dist/cli/index.js when the bundle is older than the last tsc build.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { lazylab } from './helpers.js';

const root = join(__dirname, '..', '..');
const bundleDir = join(root, 'dist', 'bundle');
const bundle = join(bundleDir, 'cli.js');

beforeAll(() => {
  // `npm test` bundles after tsc; a bare `vitest run` bundles here (dist/ must be built).
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync(join(root, 'dist', 'cli', 'index.js')).mtimeMs) {
    execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root });
  }
});

/** Run the bundle's main() in a child process. */
function viaBundle(...argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const script = `import(${JSON.stringify(`file://${bundle}`)}).then(async (m) => { process.exitCode = await m.main(${JSON.stringify(argv)}); })`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 2 ** 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('check, plan and fmt say exactly what the unbundled CLI says', async () => {
  const cases = [
    ['check', 'specs/chizat_width.lazy', 'specs/quickstart.lazy'],
    ['check', 'test/fixtures/errors/binding-cycle/spec.lazy'],
    ['plan', 'specs/quickstart.lazy', '--json'],
    ['fmt', '--check', 'specs/quickstart.lazy'],
    ['--version'],
  ];
  for (const argv of cases) {
    const expected = await lazylab(...argv);
    expect(viaBundle(...argv), argv.join(' ')).toEqual(expected);
  }
}, 60_000);

it('inlines the parser: a few chunks, no import of chevrotain or lodash-es left', () => {
  const files = readdirSync(bundleDir).filter((f) => f.endsWith('.js'));
  expect(files.length).toBeLessThan(60);
  for (const f of files) expect(readFileSync(join(bundleDir, f), 'utf8'), f).not.toMatch(/from\s*["'](chevrotain|lodash-es)/);
});

it('bin runs the bundle only when it is at least as new as dist/cli/index.js', () => {
  const compiled = join(root, 'dist', 'cli', 'index.js');
  const { atime, mtime } = statSync(bundle);
  // NODE_DEBUG=esm makes Node log every module it loads.
  const loaded = (): string => spawnSync(process.execPath, [join(root, 'bin', 'lazylab.js'), '--version'], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'esm' } }).stderr;
  expect(loaded()).toMatch(/dist\/bundle\/cli\.js/);
  try {
    utimesSync(bundle, atime, new Date(statSync(compiled).mtimeMs - 60_000));
    const out = loaded();
    expect(out).not.toMatch(/dist\/bundle\/cli\.js/);
    expect(out).toMatch(/dist\/cli\/index\.js/);
  } finally {
    utimesSync(bundle, atime, mtime);
  }
});
