// String literals: escapes in "..." strings, and the dedent of """...""" markdown blocks
// (raw: no escapes, so `$\|w\|$` math reads as written).

import { own } from './lookup.js';

export interface BadEscape { index: number; length: number; text: string }

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '0': '\0' };

const UNICODE = /u\{([0-9a-fA-F]{1,6})\}/y;

/**
 * Decodes a "..." token image; reports unknown escapes with their offset in the image. Plain
 * runs are copied in one slice each, so a 10 MB literal decodes in linear time.
 */
export function decodeString(image: string): { value: string; errors: BadEscape[] } {
  const body = image.slice(1, -1);
  const errors: BadEscape[] = [];
  const parts: string[] = [];
  let i = 0;
  for (let slash = body.indexOf('\\'); slash >= 0; slash = body.indexOf('\\', i)) {
    parts.push(body.slice(i, slash));
    const next = body[slash + 1] ?? '';
    const simple = own(SIMPLE, next);
    UNICODE.lastIndex = slash + 1;
    const unicode = simple === undefined ? UNICODE.exec(body) : null;
    const code = unicode ? parseInt(unicode[1]!, 16) : NaN;
    if (simple !== undefined) {
      parts.push(simple);
      i = slash + 2;
    } else if (unicode && code <= 0x10ffff) {
      parts.push(String.fromCodePoint(code));
      i = slash + 1 + unicode[0].length;
    } else {
      // At most to the end of the body: a backslash that ends an unterminated string has no escape after it.
      const length = Math.min(Math.max(2, (unicode?.[0].length ?? 1) + 1), body.length - slash);
      errors.push({ index: slash + 1, length, text: body.slice(slash, slash + 2) });
      i = slash + 2;
    }
  }
  parts.push(body.slice(i));
  return { value: parts.join(''), errors };
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\0': '\\0' };

/** Encodes a string value as a canonical "..." literal. */
export function encodeString(value: string): string {
  return `"${value.replace(/["\\\n\t\r\0]/g, (c) => ESCAPES[c]!)}"`;
}

/** Removes the common indentation of a """ block and its blank first and last lines. */
export function dedentTriple(image: string): string {
  // Every line break the lexer counts (\r\n, \n and a lone \r) ends a line here too, so the
  // value holds only \n and fmt prints it back unchanged.
  const lines = image.slice(3, -3).split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[0]!.trim() === '') lines.shift();
  if (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  // A loop, not Math.min(...indents): a block of 200,000 lines would overflow the stack.
  const common = indents.length ? indents.reduce((m, x) => Math.min(m, x)) : 0;
  return lines.map((l) => l.slice(common).replace(/[ \t]+$/, '')).join('\n');
}
