// Sizes the user picks (issue 9): a 10 MB string literal and a """ block of 200,000 lines
// lex, parse and format (no regex backtracking or spread per character or line).

import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { formatSpec } from '../../src/fmt/index.js';
import { decodeString, encodeString } from '../../src/lang/strings.js';

const title = (e: string) => `experiment e {\n  title = ${e}\n}\n`;

describe('large literals', () => {
  it('a 10 MB string literal parses to its value and formats back to itself', () => {
    const big = 'ab'.repeat(5_000_000);
    const text = title(`"${big}"`);
    const { spec, diagnostics } = parseSpec(text);
    expect(diagnostics).toEqual([]);
    const value = spec.statements[0]!.kind === 'experiment' ? spec.statements[0]!.settings[0]!.value : null;
    expect(value).toMatchObject({ kind: 'string', value: big });
    expect(formatSpec(text).text).toBe(text);
  });

  it('a 10 MB unterminated string is one E0102 diagnostic', () => {
    const text = title(`"${'a'.repeat(10_000_000)}`);
    expect(parseSpec(text).diagnostics.map((d) => d.code)).toContain('E0102');
  });

  it('a """ block of 200,000 lines parses and formats', () => {
    const text = `experiment e {\n  abstract = """\n${'    line\n'.repeat(200_000)}  """\n}\n`;
    const { diagnostics } = parseSpec(text);
    expect(diagnostics).toEqual([]);
    const once = formatSpec(text).text!;
    expect(once.split('\n').length).toBe(200_000 + 5);
    expect(formatSpec(once).text).toBe(once);
  });

  it('escapes decode as before, many of them in linear time', () => {
    expect(decodeString('"a\\n\\t\\"\\\\\\0\\u{1F600}b"')).toEqual({ value: 'a\n\t"\\\0😀b', errors: [] });
    expect(decodeString('"x\\qy\\u{110000}"').errors).toEqual([
      { index: 2, length: 2, text: '\\q' }, { index: 5, length: 10, text: '\\u' },
    ]);
    const many = `"${'\\u{41}'.repeat(200_000)}"`;
    expect(decodeString(many).value).toBe('A'.repeat(200_000));
    expect(encodeString('a"\\\n\t\r\0')).toBe('"a\\"\\\\\\n\\t\\r\\0"');
  });
});
