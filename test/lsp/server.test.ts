// The language server driven as an editor drives it: `node bin/lazylab.js lsp` spawned, JSON-RPC
// with Content-Length framing over its stdin/stdout (client.ts). Diagnostics with exact ranges,
// completion, hover, definition, references, rename, formatting; malformed messages and a
// 10 MB document leave it answering.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BLOCKS } from '../../src/check/schema.js';
import { MEASUREMENTS } from '../../src/check/catalogue.js';
import { formatSpec } from '../../src/fmt/index.js';
import * as M from '../../src/messages/index.js';
import { LspClient, fileUri } from './client.js';
import { edit, positionOf, QUICKSTART, QUICKSTART_PATH } from './helpers.js';

const URI = fileUri(QUICKSTART_PATH);
const BAD = edit(edit(edit(QUICKSTART, 'activation = relu', 'activation = rleu'), 'gd(lr: lr)', 'adma(lr: lr)'), 'hidden = [m]', 'hidden = [m - 64]');
const at = (uri: string, position: { line: number; character: number }) => ({ textDocument: { uri }, position });
/** The range of `length` characters, `skip` characters into the first `needle` of the text. */
const range = (text: string, needle: string, length = needle.length, skip = 0) => {
  const p = positionOf(text, needle);
  return { start: { line: p.line, character: p.character + skip }, end: { line: p.line, character: p.character + skip + length } };
};

describe('lazylab lsp over stdio', () => {
  let c: LspClient;
  beforeAll(async () => {
    c = new LspClient(['--stdio']);
    const init = await c.initialize();
    expect(init.result.capabilities).toMatchObject({ hoverProvider: true, renameProvider: { prepareProvider: true }, documentFormattingProvider: true });
  }, 30_000);
  afterAll(async () => {
    if (c.proc.exitCode === null) c.proc.kill();
  });

  test('a spec with errors gets the diagnostics of check, with exact ranges', async () => {
    c.open(URI, BAD, 1);
    const ds = await c.diagnostics(URI, 1);
    expect(ds.map((d) => [d.code, d.range])).toEqual([
      ['E0311', range(BAD, 'm - 64')],
      ['E0203', range(BAD, 'rleu')],
      ['E0203', range(BAD, 'adma')],
    ]);
    expect(ds[1].message).toBe(`${M.unknownWord('activation', 'rleu')}\nhint: ${M.didYouMean('relu')}`);
    // Fixing the text clears them.
    c.change(URI, QUICKSTART, 2);
    expect(await c.diagnostics(URI, 2)).toEqual([]);
  });

  test('completion inside a model block offers its settings', async () => {
    const text = edit(QUICKSTART, '  head = scalar\n', '  head = scalar\n  \n');
    c.change(URI, text, 3);
    const r = await c.request('textDocument/completion', at(URI, { line: positionOf(text, 'head = scalar').line + 1, character: 2 }));
    expect(r.result.map((i: { label: string }) => i.label).sort()).toEqual(Object.keys(BLOCKS.model).sort());
    const where = { line: positionOf(text, 'head = scalar').line + 1, character: 2 };
    expect(r.result.find((i: { label: string }) => i.label === 'bias').textEdit).toEqual({ range: { start: where, end: where }, newText: 'bias = ' });
  });

  test('hover on a measurement shows its documentation', async () => {
    c.change(URI, QUICKSTART, 4);
    const r = await c.request('textDocument/hover', at(URI, positionOf(QUICKSTART, 'weight_change(per_layer')));
    expect(r.result.contents.kind).toBe('markdown');
    expect(r.result.contents.value).toContain(MEASUREMENTS.weight_change.doc);
    expect(r.result.range).toEqual(range(QUICKSTART, 'weight_change(per_layer', 13));
  });

  test('definition and references of a binding', async () => {
    const use = positionOf(QUICKSTART, 'lr: lr');
    const def = await c.request('textDocument/definition', at(URI, { line: use.line, character: use.character + 4 }));
    expect(def.result).toEqual([{ uri: URI, range: range(QUICKSTART, 'lr = 1.0', 2) }]);
    const refs = await c.request('textDocument/references', { ...at(URI, positionOf(QUICKSTART, 'd = 10')), context: { includeDeclaration: true } });
    expect(refs.result.map((l: { range: unknown }) => l.range)).toEqual([range(QUICKSTART, 'd = 10', 1), range(QUICKSTART, 'dim = d', 1, 6)]);
  });

  test('rename of a binding edits every mention; a bad name is refused with the reason', async () => {
    const r = await c.request('textDocument/rename', { ...at(URI, positionOf(QUICKSTART, 'lr = 1.0')), newName: 'eta' });
    const edits = r.result.changes[URI];
    expect(edits).toEqual([
      { range: range(QUICKSTART, 'lr = 1.0', 2), newText: 'eta' },
      { range: range(QUICKSTART, 'lr: lr', 2, 4), newText: 'eta' },
    ]);
    const prepared = await c.request('textDocument/prepareRename', at(URI, positionOf(QUICKSTART, 'lr = 1.0')));
    expect(prepared.result).toEqual({ range: range(QUICKSTART, 'lr = 1.0', 2), placeholder: 'lr' });
    const refused = await c.request('textDocument/rename', { ...at(URI, positionOf(QUICKSTART, 'lr = 1.0')), newName: 'm' });
    expect(refused.error?.message).toBe(M.renameTaken('m'));
  });

  test('formatting returns fmt\'s layout', async () => {
    const messy = edit(QUICKSTART, '  steps = 300', 'steps   =    300');
    c.change(URI, messy, 5);
    const r = await c.request('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 2, insertSpaces: true } });
    expect(r.result).toHaveLength(1);
    expect(r.result[0].newText).toBe(formatSpec(messy).text);
  });

  test('malformed messages do not stop it: it still answers afterwards', async () => {
    c.writeRaw('Content-Length: 10\r\n\r\n{not json}');
    c.writeRaw('Content-Length: 2\r\n\r\n[]');
    c.writeRaw('X-No-Length: 1\r\n\r\n');
    expect((await c.request('no/such/method', {})).error?.code).toBe(-32601);
    const noPosition = await c.request('textDocument/hover', { textDocument: { uri: URI } });
    expect(noPosition.error ?? noPosition.result).toBeDefined();
    c.notify('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.lazy', version: 1 }, contentChanges: [{ text: 'x' }] });
    const r = await c.request('textDocument/hover', at(URI, positionOf(QUICKSTART, 'weight_change(per_layer')));
    expect(r.result.contents.value).toContain(MEASUREMENTS.weight_change.doc);
    expect(c.proc.exitCode).toBeNull();
  });

  test('a 10 MB document gets one warning, requests on it answer, and the server goes on', async () => {
    const uri = 'file:///tmp/huge.lazy';
    const huge = `${QUICKSTART}\n${'let x = 1 # padding\n'.repeat(500_000)}`;
    expect(huge.length).toBeGreaterThan(10_000_000);
    c.open(uri, huge, 1);
    const ds = await c.diagnostics(uri, 1);
    expect(ds.map((d) => [d.code, d.message])).toEqual([['W0001', `${M.documentTooLarge(huge.length, 1_000_000)}\nhint: ${M.documentTooLargeHint()}`]]);
    const hover = await c.request('textDocument/hover', at(uri, { line: 0, character: 0 }));
    expect(hover.result).toBeNull();
    const completion = await c.request('textDocument/completion', at(uri, { line: 3, character: 0 }));
    expect(completion.result).toEqual([]);
    c.notify('textDocument/didClose', { textDocument: { uri } });
    const r = await c.request('textDocument/hover', at(URI, positionOf(QUICKSTART, 'weight_change(per_layer')));
    expect(r.result.contents.value).toContain(MEASUREMENTS.weight_change.doc);
  }, 60_000);

  test('shutdown then exit ends it with status 0', async () => {
    expect(await c.shutdown()).toBe(0);
  });
});
