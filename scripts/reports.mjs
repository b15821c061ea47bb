#!/usr/bin/env node
// `npm run reports`: run every shipped spec in its quick profile (quickstart in its default
// profile) into reports/<experiment>/, then write the gallery reports/index.html.
// Cells already in reports/<experiment>/cache are not retrained.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { renderGallery } = await import(join(root, 'dist/report/gallery.js'));
const { readResults } = await import(join(root, 'dist/run/results.js'));
const { lazylabVersion } = await import(join(root, 'dist/version.js'));

const only = process.argv.slice(2);
const specs = readdirSync(join(root, 'specs')).filter((f) => f.endsWith('.lazy')).sort()
  .filter((f) => only.length === 0 || only.includes(basename(f, '.lazy')));
const order = (f) => (f === 'quickstart.lazy' ? 0 : 1);
specs.sort((a, b) => order(a) - order(b) || a.localeCompare(b));

for (const file of specs) {
  const name = basename(file, '.lazy');
  const profile = name === 'quickstart' ? [] : ['--profile', 'quick'];
  const started = Date.now();
  execFileSync(process.execPath, [join(root, 'bin/lazylab.js'), 'run', join('specs', file), ...profile, '--out', join('reports', name), '--quiet'], { cwd: root, stdio: 'inherit' });
  console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const entries = readdirSync(join(root, 'specs')).filter((f) => f.endsWith('.lazy')).sort((a, b) => order(a) - order(b) || a.localeCompare(b)).flatMap((file) => {
  const name = basename(file, '.lazy');
  try {
    return [{ href: name, source: readFileSync(join(root, 'reports', name, 'spec.lazy'), 'utf8'), results: readResults(join(root, 'reports', name, 'results.json')) }];
  } catch {
    return [];
  }
});
writeFileSync(join(root, 'reports', 'index.html'), await renderGallery(entries, lazylabVersion()));
console.log(`gallery: reports/index.html (${entries.length} reports)`);
