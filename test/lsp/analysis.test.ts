// The server's analysis: the same diagnostics as `lazylab check`, positions from offsets
// (checked against lines counted by hand, with \r\n and a lone \r), and the size guard.

import { describe, expect, test } from 'vitest';
import { analyzeText, LineIndex, MAX_ANALYZED_CHARS } from '../../src/lsp/analysis.js';
import { toLspDiagnostics } from '../../src/lsp/diagnostics.js';
import { formatEdits } from '../../src/lsp/format.js';
import { formatSpec } from '../../src/fmt/index.js';
import * as M from '../../src/messages/index.js';
import { edit, positionOf, QUICKSTART, QUICKSTART_PATH } from './helpers.js';

describe('analysis', () => {
  test('semantic errors, with the codes, hints and exact ranges of check', () => {
    const text = edit(edit(QUICKSTART, 'activation = relu', 'activation = rleu'), 'hidden = [m]', 'hidden = [m - 64]');
    const ds = toLspDiagnostics(analyzeText(text, QUICKSTART_PATH));
    const start = positionOf(text, 'rleu');
    expect(ds).toContainEqual({
      range: { start, end: { line: start.line, character: start.character + 4 } }, severity: 1, code: 'E0203', source: 'lazylab',
      message: `${M.unknownWord('activation', 'rleu')}\nhint: ${M.didYouMean('relu')}`,
    });
    // A value that goes bad in one cell only names the cell.
    const bad = ds.find((d) => d.code === 'E0311')!;
    expect(bad.message).toBe(M.outOfRange('width', 'positiveInteger', -32) + M.inCell({ m: 32 }));
    const from = positionOf(text, 'm - 64');
    expect(bad.range).toEqual({ start: from, end: { line: from.line, character: from.character + 6 } });
  });

  test('a syntax error: parse diagnostics only (check runs on a tree that parsed)', () => {
    const text = edit(QUICKSTART, 'steps = 300', 'steps = 300 *');
    const ds = toLspDiagnostics(analyzeText(text, null));
    expect(ds.length).toBeGreaterThan(0);
    expect(ds.every((d) => d.code.startsWith('E01'))).toBe(true);
  });

  test('the quickstart spec has no diagnostics and a plan per profile', () => {
    const a = analyzeText(QUICKSTART, QUICKSTART_PATH);
    expect(a.diagnostics).toEqual([]);
    expect([...a.plans.keys()]).toEqual([null, 'smoke']);
  });

  test('line breaks: \\n, \\r\\n and a lone \\r each end a line', () => {
    const lines = new LineIndex('ab\r\ncd\ref\ngh');
    expect([0, 2, 4, 7, 10, 12].map((o) => lines.position(o))).toEqual([
      { line: 0, character: 0 }, { line: 0, character: 2 }, { line: 1, character: 0 }, { line: 2, character: 0 }, { line: 3, character: 0 }, { line: 3, character: 2 },
    ]);
    expect(lines.offset({ line: 2, character: 1 })).toBe(8);
    const lf = edit(QUICKSTART, 'activation = relu', 'activation = rleu');
    for (const eol of ['\r\n', '\r']) {
      const d = toLspDiagnostics(analyzeText(lf.replaceAll('\n', eol), null)).find((x) => x.code === 'E0203')!;
      expect(d.range.start).toEqual(positionOf(lf, 'rleu'));
    }
  });

  test('a document above the limit is not analysed: one warning says why', () => {
    const big = 'x'.repeat(MAX_ANALYZED_CHARS + 1);
    const a = analyzeText(big, null);
    expect(a.diagnostics.map((d) => [d.code, d.message])).toEqual([['W0001', M.documentTooLarge(big.length, MAX_ANALYZED_CHARS)]]);
  });

  test('formatting replaces the document with fmt\'s text, nothing when canonical, null when broken', () => {
    const messy = edit(QUICKSTART, '  steps = 300', 'steps   =    300');
    const edits = formatEdits(messy, new LineIndex(messy))!;
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toBe(formatSpec(messy).text);
    expect(edits[0]!.range.start).toEqual({ line: 0, character: 0 });
    expect(formatEdits(formatSpec(QUICKSTART).text!, new LineIndex(''))).toEqual([]);
    expect(formatEdits('model {', new LineIndex('model {'))).toBeNull();
  });
});
