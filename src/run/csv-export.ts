// results.csv: the tidy records of results.json as one table for R, pandas or a spreadsheet.
// One row per record (cell × step × measurement × layer × grid point); columns: the cell hash,
// every swept value (the union over records, in order of appearance), seed, step, measurement,
// layer (empty for whole-network values), one coord_<name> column per grid coordinate, value
// (empty for null). Quoting follows RFC 4180. Documented in src/run/RESULTS.md.

import type { RunResults, TidyRecord } from './results.js';

function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function unionKeys(records: readonly TidyRecord[], of: (r: TidyRecord) => Record<string, unknown> | undefined): string[] {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(of(r) ?? {})) keys.add(k);
  return [...keys];
}

export function resultsCsv(results: Pick<RunResults, 'records'>): string {
  const records = results.records;
  const swept = unionKeys(records, (r) => r.values);
  const coords = unionKeys(records, (r) => r.coords);
  const header = ['cell', ...swept, 'seed', 'step', 'measurement', 'layer', ...coords.map((c) => `coord_${c}`), 'value'];
  const lines = [header.map(field).join(',')];
  for (const r of records) {
    const row = [r.cell, ...swept.map((k) => r.values[k]), r.seed, r.step, r.measurement, r.layer, ...coords.map((c) => r.coords?.[c]), r.value];
    lines.push(row.map(field).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
