// String literals: escapes in "..." strings, and the dedent of """...""" markdown blocks
// (raw: no escapes, so `$\|w\|$` math reads as written).

import { own } from './lookup.js';

export interface BadEscape { index: number; length: number; text: string }

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '0': '\0' };

/** Decodes a "..." token image; reports unknown escapes with their offset in the image. */
export function decodeString(image: string): { value: string; errors: BadEscape[] } {
  const body = image.slice(1, -1);
  const errors: BadEscape[] = [];
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = body[i + 1] ?? '';
    const simple = own(SIMPLE, next);
    if (simple !== undefined) {
      value += simple;
      i++;
      continue;
    }
    const unicode = /^u\{([0-9a-fA-F]{1,6})\}/.exec(body.slice(i + 1));
    const code = unicode ? parseInt(unicode[1]!, 16) : NaN;
    if (unicode && code <= 0x10ffff) {
      value += String.fromCodePoint(code);
      i += unicode[0].length;
      continue;
    }
    errors.push({ index: i + 1, length: Math.max(2, (unicode?.[0].length ?? 1) + 1), text: body.slice(i, i + 2) });
    i++;
  }
  return { value, errors };
}

/** Encodes a string value as a canonical "..." literal. */
export function encodeString(value: string): string {
  let out = '"';
  for (const c of value) {
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (c === '\r') out += '\\r';
    else if (c === '\0') out += '\\0';
    else out += c;
  }
  return out + '"';
}

/** Removes the common indentation of a """ block and its blank first and last lines. */
export function dedentTriple(image: string): string {
  const lines = image.slice(3, -3).split(/\r?\n/);
  if (lines.length > 1 && lines[0]!.trim() === '') lines.shift();
  if (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common).replace(/[ \t]+$/, '')).join('\n');
}
