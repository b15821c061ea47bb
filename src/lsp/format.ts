// Formatting through `fmt`: one edit replacing the whole document with its canonical layout,
// none when it is already canonical, and null when the text has errors (fmt refuses to guess).

import { formatSpec } from '../fmt/index.js';
import type { LineIndex, LspRange } from './analysis.js';

export interface LspTextEdit { range: LspRange; newText: string }

export function formatEdits(text: string, lines: LineIndex): LspTextEdit[] | null {
  const { text: formatted } = formatSpec(text);
  if (formatted === null) return null;
  if (formatted === text) return [];
  return [{ range: lines.range(0, text.length), newText: formatted }];
}
