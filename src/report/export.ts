// The results as downloads inside the page: tidy CSV and the results JSON as data: URLs, so
// the single HTML file carries its data and saving them makes no request.

import type { RunResults, TidyRecord } from '../run/results.js';

function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Cells in the CSV: the first 12 hex digits of the cell hash (results.json has them whole). */
export const CSV_CELL_DIGITS = 12;

/** Tidy CSV: one row per record, one column per swept value (in first-seen order). */
export function toCsv(records: readonly TidyRecord[]): string {
  const names: string[] = [];
  for (const r of records) for (const k of Object.keys(r.values)) if (!names.includes(k)) names.push(k);
  const head = ['cell', ...names, 'seed', 'step', 'measurement', 'layer', 'value'];
  const rows = records.map((r) => [r.cell.slice(0, CSV_CELL_DIGITS), ...names.map((n) => r.values[n]), r.seed, r.step, r.measurement, r.layer, r.value].map(csvField).join(','));
  return [head.map(csvField).join(','), ...rows].join('\n') + '\n';
}

/**
 * A data: URL that percent-encodes only what a URL or an HTML attribute cannot carry (about
 * a third smaller than base64 for CSV and JSON, which keeps --static reports small).
 */
export function dataUrl(mime: string, text: string): string {
  const body = text.replace(/[%#"&<>'\s\x00-\x1f\x7f]/g, (c) => (c === "'" ? '%27' : encodeURIComponent(c)));
  return `data:${mime};charset=utf-8,${body}`;
}

/** results.json as written by the engine, without indentation. */
export function toJson(results: RunResults): string {
  return JSON.stringify(results);
}
