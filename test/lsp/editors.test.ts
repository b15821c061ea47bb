// The VS Code extension in editors/vscode: its manifest points at files that exist, the grammar's
// patterns compile and know every keyword of the lexer, comments are `#` as in the lexer, and
// the client (loaded with stand-ins for the `vscode` modules) starts `lazylab lsp` over stdio.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Comment, KEYWORDS } from '../../src/lang/tokens.js';

const DIR = join(import.meta.dirname, '..', '..', 'editors', 'vscode');
const json = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8'));

function patterns(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => patterns(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') out.push(v);
      else patterns(v, out);
    }
  }
  return out;
}

describe('editors/vscode', () => {
  test('the manifest names files that exist', () => {
    const pkg = json('package.json');
    expect(existsSync(join(DIR, pkg.main))).toBe(true);
    for (const l of pkg.contributes.languages) expect(existsSync(join(DIR, l.configuration))).toBe(true);
    for (const g of pkg.contributes.grammars) expect(json(g.path).scopeName).toBe(g.scopeName);
  });

  test('the grammar compiles and highlights every keyword of the lexer', () => {
    const grammar = json('syntaxes/lazylab.tmLanguage.json');
    const all = patterns(grammar.repository);
    for (const p of all) expect(() => new RegExp(p)).not.toThrow();
    const words = KEYWORDS.map((k) => String(k.LABEL).replaceAll("'", ''));
    for (const w of words) expect(all.some((p) => new RegExp(`\\b${w}\\b`).test(p)), w).toBe(true);
    const comment = new RegExp(grammar.repository.comment.match);
    expect(comment.exec('x = 1  # a note')?.[0]).toBe('# a note');
  });

  test('comments are `#`, as the lexer reads them', () => {
    const config = json('language-configuration.json');
    expect(config.comments.lineComment).toBe('#');
    expect((Comment.PATTERN as RegExp).exec(`${config.comments.lineComment} x`)?.index).toBe(0);
  });

  test('the client starts `lazylab lsp` over stdio for lazylab documents', async () => {
    const started: { server: any; client: any }[] = [];
    class LanguageClient {
      constructor(_id: string, _name: string, readonly server: any, readonly client: any) { started.push({ server, client }); }
      start() { return Promise.resolve(); }
      stop() { return Promise.resolve(); }
    }
    const stand_ins: Record<string, unknown> = {
      vscode: { workspace: { getConfiguration: () => ({ get: (_k: string, d: unknown) => d }), workspaceFolders: [{ uri: { fsPath: join(DIR, '..', '..') } }] } },
      'vscode-languageclient/node': { LanguageClient, TransportKind: { stdio: 0 } },
    };
    const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
    const load = M._load;
    M._load = (req, ...rest) => (req in stand_ins ? stand_ins[req] : load(req, ...rest));
    try {
      const ext = createRequire(import.meta.url)(join(DIR, 'extension.js'));
      await ext.activate();
      await ext.deactivate();
    } finally {
      M._load = load;
    }
    const { server, client } = started[0]!;
    // In this repository the extension runs its own CLI: node bin/lazylab.js lsp.
    expect(server.args).toEqual([join(DIR, '..', '..', 'bin', 'lazylab.js'), 'lsp']);
    expect(server.transport).toBe(0);
    expect(client.documentSelector.map((s: { language: string }) => s.language)).toEqual(['lazylab', 'lazylab']);
  });
});
