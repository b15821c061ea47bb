// Test helpers: a spec with the cursor written as `‸`, and the quickstart spec to edit.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const QUICKSTART_PATH = join(import.meta.dirname, '..', '..', 'specs', 'quickstart.lazy');
export const QUICKSTART = readFileSync(QUICKSTART_PATH, 'utf8');

/** The text without its `‸` marker, and the marker's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('‸');
  if (offset < 0) throw new Error('no ‸ in the text');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** `text` with `from` (which must occur exactly once) replaced by `to`. */
export function edit(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`\`${from}\` does not occur exactly once`);
  return text.replace(from, to);
}

/** The 0-based LSP position of the `nth` occurrence of `needle`, counted by hand from the lines. */
export function positionOf(text: string, needle: string, nth = 0): { line: number; character: number } {
  const lines = text.split('\n');
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    let from = 0;
    for (;;) {
      const character = lines[line]!.indexOf(needle, from);
      if (character < 0) break;
      if (seen++ === nth) return { line, character };
      from = character + 1;
    }
  }
  throw new Error(`\`${needle}\` #${nth} not found`);
}
