// CSV data: a header row, one numeric feature per column, one label column chosen by name.
// A malformed row is an error naming the file and the line. The planner inspects the same
// file (inspectCsv) before anything trains, so `check` reports what the engine would throw,
// and the sha256 of its bytes becomes part of the cell's hash: editing the file re-trains.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RawSamples } from './raw.js';
import { describeCsvDefect, type CsvDefect } from '../../messages/data.js';

export type { CsvDefect };

/** A parsed table: the header and the rows of numbers, or the first defect found. */
export type CsvTable =
  | { ok: true; header: string[]; rows: number[][] }
  | { ok: false; defect: CsvDefect };

/** Parse a numeric CSV text (no quoting: numeric tables only); blank lines are skipped. */
export function parseCsvTable(text: string): CsvTable {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (header.every((h) => h === '')) return { ok: false, defect: { kind: 'no-header' } };
  const rows: number[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length !== header.length) return { ok: false, defect: { kind: 'columns', line: i + 1, expected: header.length, found: cells.length } };
    const row: number[] = [];
    for (let c = 0; c < cells.length; c++) {
      const v = cells[c]!.trim() === '' ? NaN : Number(cells[c]);
      if (!Number.isFinite(v)) return { ok: false, defect: { kind: 'number', line: i + 1, column: header[c]!, text: cells[c]!.trim() } };
      row.push(v);
    }
    rows.push(row);
  }
  return { ok: true, header, rows };
}

/** Parse one CSV text into samples. `file` is used in error messages. */
export function parseCsv(text: string, file: string, label: string): RawSamples {
  const table = parseCsvTable(text);
  if (!table.ok) throw new Error(`${file}:${describeCsvDefect(table.defect)}`);
  const labelCol = table.header.indexOf(label);
  if (labelCol < 0) throw new Error(`${file}:${describeCsvDefect({ kind: 'no-label', label })}`);
  const dim = table.header.length - 1;
  const xs: number[] = [];
  const values: number[] = [];
  for (const row of table.rows) {
    row.forEach((v, c) => (c === labelCol ? values.push(v) : xs.push(v)));
  }
  return labelledSamples(Float64Array.from(xs), Float64Array.from(values), dim);
}

/** Integer labels ≥ 0 also give classes; any other label is regression-only. */
function labelledSamples(x: Float64Array, value: Float64Array, dim: number): RawSamples {
  const n = value.length;
  const isClass = value.every((v) => Number.isInteger(v) && v >= 0);
  const classes = isClass ? Int32Array.from(value) : null;
  let top = 1;
  if (classes) for (const c of classes) top = Math.max(top, c);
  return { n, dim, x, classes, classCount: classes ? top + 1 : 0, value };
}

/** Hex sha256 of a file's bytes: the content part of a CSV cell's hash. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What the planner needs to know about a CSV file before training. */
export type CsvInspection =
  /** `classes[column]`: 1 + the largest value when every value is an integer ≥ 0 (class labels), else null. */
  | { ok: true; header: string[]; rows: number; sha256: string; classes: Record<string, number | null> }
  | { ok: false; unreadable: string }
  | { ok: false; defect: CsvDefect };

/** Read and parse a CSV file once, for the planner: its columns, row count and content hash. */
export function inspectCsv(path: string): CsvInspection {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, unreadable: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message };
  }
  const table = parseCsvTable(bytes.toString('utf8'));
  if (!table.ok) return table;
  return { ok: true, header: table.header, rows: table.rows.length, sha256: sha256Hex(bytes), classes: classCounts(table.header, table.rows) };
}

/** Per column: the class count its values imply, or null when they are not class indexes. */
function classCounts(header: string[], rows: number[][]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  header.forEach((name, c) => {
    let top = 1; // as labelledSamples: at least two classes
    for (const row of rows) {
      const v = row[c]!;
      if (!(Number.isInteger(v) && v >= 0)) { top = -1; break; }
      top = Math.max(top, v);
    }
    out[name] = top < 0 ? null : top + 1;
  });
  return out;
}

/**
 * Read and parse a CSV file. With `sha256` (the digest the planner put into the cell's hash),
 * a file edited since planning is an error: training it would cache new numbers under the
 * old content's hash.
 */
export function loadCsv(path: string, label: string, sha256?: string): RawSamples {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot read CSV file (${(e as Error).message})`);
  }
  if (sha256 !== undefined && sha256Hex(bytes) !== sha256) {
    throw new Error(`${path}: the file changed after the plan was made (its sha256 is no longer ${sha256.slice(0, 12)}…); plan and run again`);
  }
  return parseCsv(bytes.toString('utf8'), path, label);
}
