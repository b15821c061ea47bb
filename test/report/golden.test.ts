// Golden files: the tiny fixture's static report, its diff against a changed spec (HTML and
// markdown), normalized and compared with the committed files. UPDATE_GOLDEN=1 rewrites them.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { diffResults, renderDiffHtml, renderDiffMarkdown, renderReport } from '../../src/report/index.js';
import { DATE, ENV, FIXTURES, fixtureSpec, makeResults, normalize, tinySides, verdict } from './helpers.js';

const expected = join(FIXTURES, 'tiny', 'expected');

function golden(name: string, actual: string): void {
  const path = join(expected, name);
  if (process.env['UPDATE_GOLDEN'] || !existsSync(path)) {
    mkdirSync(expected, { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}


test('the static report of the tiny fixture matches the golden file', async () => {
  const source = fixtureSpec('a.lazy');
  const html = await renderReport({
    source, specPath: 'test/fixtures/report/tiny/a.lazy', results: makeResults(source, { diverge: true }),
    verdicts: [verdict()], environment: ENV, date: DATE, static: true,
  });
  golden('report.html', normalize(html));
});

test('the diff of the tiny fixture (a → b) matches the golden files', async () => {
  const sides = tinySides();
  const diff = diffResults(sides);
  golden('diff.md', renderDiffMarkdown(diff));
  golden('diff.html', normalize(await renderDiffHtml(diff, sides, { static: true, version: ENV.lazylab })));
});
