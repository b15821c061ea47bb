// Input edges from issue 9: a UTF-8 byte-order mark, unclosed brackets reported at the bracket
// (an unclosed `{` on line 1 used to surface on line 2 as "expected '=' but found `m`"), and a
// lone carriage return inside a """ block, which is a line break like \n.

import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { formatSpec } from '../../src/fmt/index.js';
import * as M from '../../src/messages/index.js';
import { assertValidPositions } from './helpers.js';

const brief = (text: string) => parseSpec(text).diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col} ${d.message}`);

describe('byte-order mark', () => {
  it('a spec starting with a BOM parses without E0101, and fmt drops the mark', () => {
    const body = 'experiment e {\n  title = "x"\n}\n';
    const text = `\uFEFF${body}`;
    expect(parseSpec(text).diagnostics).toEqual([]);
    expect(formatSpec(text).text).toBe(body);
  });
});

describe('unclosed brackets are reported at the bracket', () => {
  it('an unclosed `{` on line 1 is E0109 on line 1, and the next block still parses', () => {
    const text = 'data d {\n  dim = 2\nmodel m {\n  hidden = [4]\n}\n';
    expect(brief(text)).toEqual([`E0109 1:8 ${M.unclosedBracket('{')}`]);
    expect(parseSpec(text).spec.statements.map((s) => s.kind)).toEqual(['data', 'model']);
    expect(parseSpec(text).diagnostics[0]!.hint).toBe(M.unclosedBracketHint('}'));
  });

  it('a block left open inside `measure` or `profile` ends at the next block', () => {
    expect(brief('measure {\n  train_loss\ntrain {\n  steps = 1\n}\n')).toEqual([`E0109 1:9 ${M.unclosedBracket('{')}`]);
    expect(brief('profile p {\n  seeds = 3\n  let x = 2\nmodel m {\n}\n')).toEqual([`E0109 1:11 ${M.unclosedBracket('{')}`]);
  });

  it('a missing `]` is reported at its `[`, also at the end of the file and inside calls', () => {
    expect(brief('let a = [1, 2\nlet b = 3\n')).toEqual([`E0109 1:9 ${M.unclosedBracket('[')}`]);
    expect(brief('let a = [1, [2, 3]')).toEqual([`E0109 1:9 ${M.unclosedBracket('[')}`]);
    expect(brief('let a = f(1, [2\nlet b = 3')).toEqual([`E0109 1:10 ${M.unclosedBracket('(')}`, `E0109 1:14 ${M.unclosedBracket('[')}`]);
  });

  it('every unclosed bracket is named once, with valid positions', () => {
    const text = 'let a = [ [ (\nlet b = 2';
    const ds = parseSpec(text).diagnostics;
    assertValidPositions(ds, text);
    expect(ds.filter((d) => d.code === 'E0109').map((d) => d.span.start.col)).toEqual([9, 11, 13]);
  });

  it('balanced brackets give no E0109', () => {
    expect(brief('let a = [(1), f([2])]\nmodel m {\n  hidden = [a]\n}\n')).toEqual([]);
  });
});

describe('carriage returns in """ blocks', () => {
  const block = (inner: string) => `experiment e {\n  abstract = """${inner}"""\n}\n`;
  const value = (text: string) => {
    const s = parseSpec(text).spec.statements[0]!;
    return s.kind === 'experiment' && s.settings[0]!.value.kind === 'string' ? s.settings[0]!.value.value : null;
  };

  for (const [name, inner] of [['lone CR', '\n    a\r    b\n  '], ['CR CR LF', '\n    a\r\r\n    b\n  '], ['CR at the start', '\r  a\r'], ['CR then spaces', 'x\r  \r\n y']]) {
    it(`${name}: fmt keeps the value and is idempotent`, () => {
      const text = block(inner!);
      expect(parseSpec(text).diagnostics).toEqual([]);
      const once = formatSpec(text).text!;
      expect(value(once)).toBe(value(text));
      expect(formatSpec(once).text).toBe(once);
      expect(value(text)).not.toContain('\r');
    });
  }
});

describe('found by npm run fuzz', () => {
  it('a backslash ending an unterminated string: its E0104 span stays on the line', () => {
    const text = 'let a = "open \\\nlet b = 1';
    const ds = parseSpec(text).diagnostics;
    assertValidPositions(ds, text);
    expect(ds.map((d) => `${d.code} ${d.span.start.col}-${d.span.end.col}`)).toEqual(['E0102 9-16', 'E0104 15-16']);
  });
});
