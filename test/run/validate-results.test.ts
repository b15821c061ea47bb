// The results validator: every committed results.json passes; each kind of damage is named by
// file and JSON path (messages compared against RESULTS_ERR).

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RESULTS_FORMAT_VERSION } from '../../src/run/results.js';
import { RESULTS_ERR, validateResults } from '../../src/run/validate-results.js';

const committed = readdirSync('reports').map((d) => join('reports', d, 'results.json')).filter((f) => existsSync(f));
const text = readFileSync('reports/quickstart/results.json', 'utf8');
const check = (value: unknown): (() => unknown) => () => validateResults(JSON.stringify(value), 'r.json', RESULTS_FORMAT_VERSION);

test.each(committed)('%s follows the format', (file) => {
  expect(validateResults(readFileSync(file, 'utf8'), file, RESULTS_FORMAT_VERSION).records.length).toBeGreaterThan(0);
});

describe('damage is named by file and JSON path', () => {
  const good = JSON.parse(text) as Record<string, unknown> & { cells: Record<string, unknown>[]; records: Record<string, unknown>[] };

  test('truncated', () => {
    expect(() => validateResults(text.slice(0, 200), 'r.json', 1)).toThrow(RESULTS_ERR.notJson('r.json', 'x').split(' (')[0]!);
  });
  test('records null', () => {
    expect(check({ ...good, records: null })).toThrow(RESULTS_ERR.problem('r.json', '$.records', 'an array', 'null'));
  });
  test('records missing', () => {
    const { records: _r, ...rest } = good;
    expect(check(rest)).toThrow(RESULTS_ERR.problem('r.json', '$.records', 'a value (the field is missing)', 'nothing'));
  });
  test('a record value that is a string', () => {
    const records = good.records.map((r, i) => (i === 3 ? { ...r, value: 'NaN' } : r));
    expect(check({ ...good, records })).toThrow(RESULTS_ERR.problem('r.json', '$.records[3].value', 'a number or null', '"NaN"'));
  });
  test('an unknown cell status', () => {
    const cells = good.cells.map((c, i) => (i === 1 ? { ...c, status: 'done' } : c));
    expect(check({ ...good, cells })).toThrow(RESULTS_ERR.problem('r.json', '$.cells[1].status', '"ok" | "stopped" | "unconverged" | "diverged" | "failed"', '"done"'));
  });
  test('not an object at all', () => {
    expect(check([1, 2])).toThrow(RESULTS_ERR.problem('r.json', '$', 'an object', 'an array'));
  });
  test('another format version', () => {
    expect(check({ ...good, formatVersion: 7 })).toThrow(RESULTS_ERR.version('r.json', 7, RESULTS_FORMAT_VERSION));
  });
  test('fields the format does not list are allowed (newer writers may add some)', () => {
    expect(check({ ...good, provenance: { spec: 'x' } })()).toMatchObject({ experiment: good['experiment'] });
  });
});

test('accepts every cell status the engine writes, unconverged included', async () => {
  const { CELL_STATUSES } = await import('../../src/run/status.js');
  const base = JSON.parse(readFileSync('reports/quickstart/results.json', 'utf8'));
  for (const status of CELL_STATUSES) {
    const r = { ...base, cells: base.cells.map((c: object, i: number) => (i === 0 ? { ...c, status } : c)) };
    expect(() => validateResults(JSON.stringify(r), 'results.json', RESULTS_FORMAT_VERSION), status).not.toThrow();
  }
});
