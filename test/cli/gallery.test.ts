// `lazylab gallery <folders> --out DIR`: a card per result folder, linked relative to DIR; a
// folder that is not a run's output is an error naming it.

import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { lazylab } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lazylab-gallery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const to of ['a', join('b', 'c d')]) {
  mkdirSync(join(dir, to), { recursive: true });
  for (const f of ['results.json', 'spec.lazy', 'index.html']) cpSync(join('reports', 'quickstart', f), join(dir, to, f));
}

test('builds a gallery of any result folders, linking each report relative to --out', async () => {
  const r = await lazylab('gallery', join(dir, 'a'), join(dir, 'b', 'c d'), '--out', join(dir, 'g'), '--title', 'My runs');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('(2 reports)');
  const html = readFileSync(join(dir, 'g', 'index.html'), 'utf8');
  expect(html).toContain('<h1>My runs</h1>');
  expect(html).toContain('href="../a/index.html"');
  expect(html).toContain('href="../b/c%20d/index.html"');
  expect(html.match(/<article class="card">/g)).toHaveLength(2);
  expect(html).toContain('Lazy training at a glance');
});

test('a folder without results, a missing --out or the gallery over a report are refused', async () => {
  mkdirSync(join(dir, 'empty'));
  const none = await lazylab('gallery', join(dir, 'empty'), '--out', join(dir, 'g2'));
  expect(none.code).toBe(1);
  expect(none.stderr).toContain(`${join(dir, 'empty')}: no results.json`);
  expect((await lazylab('gallery', join(dir, 'a'))).code).toBe(2);
  const over = await lazylab('gallery', join(dir, 'a'), '--out', join(dir, 'a'));
  expect(over.code).toBe(1);
  expect(over.stderr).toContain('would overwrite');
});
