// results.csv (src/run/csv-export.ts) read back with an independent RFC 4180 parser must give
// every record of results.json: swept values, seed, step, measurement, layer, coords and value.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resultsCsv } from '../../src/run/csv-export.js';
import type { TidyRecord } from '../../src/run/results.js';

/** A plain state machine over characters, written for this test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  return rows;
}

const records: TidyRecord[] = [
  { cell: 'h1', values: { m: 8, act: 'relu, "leaky"' }, seed: 0, step: 0, measurement: 'train_loss', value: 0.5 },
  { cell: 'h1', values: { m: 8, act: 'relu, "leaky"' }, seed: 0, step: 10, measurement: 'weight_change', layer: 2, value: null },
  { cell: 'h2', values: { m: 16 }, seed: 1, step: 10, measurement: 'loss_landscape', coords: { a: -0.5, b: 1e-7 }, value: 1.25 },
];

describe('results.csv', () => {
  it('has one row per record with every field, quoted where needed', () => {
    const rows = parseCsv(resultsCsv({ records }));
    expect(rows[0]).toEqual(['cell', 'm', 'act', 'seed', 'step', 'measurement', 'layer', 'coord_a', 'coord_b', 'value']);
    expect(rows.slice(1)).toEqual([
      ['h1', '8', 'relu, "leaky"', '0', '0', 'train_loss', '', '', '', '0.5'],
      ['h1', '8', 'relu, "leaky"', '0', '10', 'weight_change', '2', '', '', ''],
      ['h2', '16', '', '1', '10', 'loss_landscape', '', '-0.5', '1e-7', '1.25'],
    ]);
  });

  it('round-trips the committed quickstart results: every value parses back to the same number', () => {
    const results = JSON.parse(readFileSync('reports/quickstart/results.json', 'utf8')) as { records: TidyRecord[] };
    const rows = parseCsv(resultsCsv(results));
    expect(rows).toHaveLength(results.records.length + 1);
    const col = (name: string) => rows[0]!.indexOf(name);
    results.records.forEach((r, i) => {
      const row = rows[i + 1]!;
      expect(row[col('cell')]).toBe(r.cell);
      expect(Number(row[col('m')])).toBe(r.values['m']);
      expect(row[col('measurement')]).toBe(r.measurement);
      expect(row[col('layer')]).toBe(r.layer === undefined ? '' : String(r.layer));
      expect(row[col('value')] === '' ? null : Number(row[col('value')])).toBe(r.value);
    });
  });
});
