// CSV data: a header row, one numeric feature per column, one label column chosen by name.
// A malformed row is an error naming the file and the line.

import { readFileSync } from 'node:fs';
import type { RawSamples } from './raw.js';

/** Parse one CSV text (no quoting: numeric tables only). `file` is used in error messages. */
export function parseCsv(text: string, file: string, label: string): RawSamples {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const labelCol = header.indexOf(label);
  if (labelCol < 0) throw new Error(`${file}:1: no column named "${label}" in the header`);
  const dim = header.length - 1;
  const xs: number[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length !== header.length) {
      throw new Error(`${file}:${i + 1}: expected ${header.length} columns, found ${cells.length}`);
    }
    cells.forEach((cell, c) => {
      const v = cell.trim() === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) {
        throw new Error(`${file}:${i + 1}: column "${header[c]}" is not a number: "${cell.trim()}"`);
      }
      if (c === labelCol) values.push(v);
      else xs.push(v);
    });
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

/** Read and parse a CSV file. */
export function loadCsv(path: string, label: string): RawSamples {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read CSV file (${(e as Error).message})`);
  }
  return parseCsv(text, path, label);
}
