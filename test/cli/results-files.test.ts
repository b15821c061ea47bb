// `report` and `diff` on damaged results files: an error naming the file (and the JSON path of
// the problem), exit 1, never a crash ("Cannot read properties of null", exit 70).

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { RESULTS_ERR } from '../../src/run/validate-results.js';
import { lazylab } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'lazylab-resfiles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the committed quickstart results with results.json replaced by `text`. */
function damaged(name: string, edit: (text: string) => string): string {
  const dir = join(root, name);
  cpSync('reports/quickstart', dir, { recursive: true });
  const file = join(dir, 'results.json');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

const truncated = damaged('truncated', (t) => t.slice(0, t.length / 2));
const noRecords = damaged('no-records', (t) => JSON.stringify({ ...JSON.parse(t), records: null }));
const nullRecordsMsg = (dir: string) => RESULTS_ERR.problem(join(dir, 'results.json'), '$.records', 'an array', 'null');

test('report on a truncated results.json names the file', async () => {
  const r = await lazylab('report', truncated, '--out', join(root, 'out1'));
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`lazylab report: ${join(truncated, 'results.json')}: not valid JSON, perhaps truncated`);
});

test('report on results.json without records names the file and the JSON path', async () => {
  const r = await lazylab('report', noRecords, '--out', join(root, 'out2'));
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(nullRecordsMsg(noRecords));
  expect(r.stderr).not.toMatch(/Cannot read properties/);
});

test('diff with a side whose results.json has no records exits 1 with the file and path', async () => {
  const r = await lazylab('diff', 'reports/quickstart', noRecords, '--format', 'json');
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(nullRecordsMsg(noRecords));
});

test('diff with a truncated side names the file', async () => {
  const r = await lazylab('diff', truncated, 'reports/quickstart', '--format', 'md');
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`${join(truncated, 'results.json')}: not valid JSON`);
});
