// lazylab as an installed package: `npm pack` the built project, unpack the tarball into a
// scratch project's node_modules (its dependencies linked from this install, so the test runs
// offline), and import it by name as the README does. Also: nothing lazylab loads requires
// `commander` (KaTeX's CLI dependency, whose engines field says Node ≥ 22.12; README, Quick start).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const root = resolve('.');
const scratch = mkdtempSync(join(tmpdir(), 'lazylab-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function npmPack(): string | null {
  const r = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? join(scratch, r.stdout.trim().split('\n').pop()!) : null;
}

const SCRIPT = `
import { parseSpec, checkSpec, planSpec, applyProfile, evaluateExpectations, executePlan, renderReport } from 'lazylab';
import { readFileSync } from 'node:fs';
const text = readFileSync(new URL('./node_modules/lazylab/specs/quickstart.lazy', import.meta.url), 'utf8');
const { spec, diagnostics } = parseSpec(text);
const problems = checkSpec(spec);
const { plan } = planSpec(spec, { profile: 'smoke' });
console.log(JSON.stringify({ diagnostics: diagnostics.length, problems: problems.filter((d) => d.severity === 'error').length, cells: plan.cells.length,
  functions: [applyProfile, evaluateExpectations, executePlan, renderReport].every((f) => typeof f === 'function') }));
`;

test('the packed tarball installs and imports as the README shows', { timeout: 120_000 }, () => {
  const tgz = npmPack();
  if (tgz === null) return expect.fail('npm pack failed');
  const modules = join(scratch, 'app', 'node_modules');
  mkdirSync(join(modules, 'lazylab'), { recursive: true });
  execFileSync('tar', ['-xzf', tgz, '-C', join(modules, 'lazylab'), '--strip-components=1']);
  for (const dep of readdirSync(join(root, 'node_modules'))) {
    if (dep !== 'lazylab' && !dep.startsWith('.')) symlinkSync(join(root, 'node_modules', dep), join(modules, dep));
  }
  writeFileSync(join(scratch, 'app', 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
  writeFileSync(join(scratch, 'app', 'main.mjs'), SCRIPT);
  expect(existsSync(join(modules, 'lazylab', 'dist', 'index.d.ts'))).toBe(true);
  const r = spawnSync(process.execPath, ['main.mjs'], { cwd: join(scratch, 'app'), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ diagnostics: 0, problems: 0, cells: 2, functions: true });
  // The CLI runs from the package too.
  const cli = spawnSync(process.execPath, [join(modules, 'lazylab', 'bin', 'lazylab.js'), 'check', join(modules, 'lazylab', 'specs', 'quickstart.lazy')], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
});

test('importing lazylab by name works inside the project itself (package self-reference)', () => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', "import('lazylab').then((m) => console.log(typeof m.parseSpec))"], { cwd: root, encoding: 'utf8' });
  expect(r.stdout.trim(), r.stderr).toBe('function');
});

test('neither the library nor any CLI command requires commander', () => {
  const probe = `
    import { createRequire } from 'node:module';
    const Module = createRequire(import.meta.url)('node:module');
    const original = Module._load;
    Module._load = function (request, ...rest) { if (request === 'commander') throw new Error('commander loaded'); return original.call(this, request, ...rest); };
    await import(${JSON.stringify(join(root, 'dist', 'index.js'))});
    const { renderReport } = await import(${JSON.stringify(join(root, 'dist', 'report', 'index.js'))});
    console.log(typeof renderReport);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' });
  expect(r.stdout.trim(), r.stderr).toBe('function');
});
