// The language server's wiring: documents in, diagnostics out (debounced, so a burst of typing
// is checked once), and each request answered by one pure function of src/lsp. Errors inside a
// feature answer that request with an error; they never stop the server.

import { fileURLToPath } from 'node:url';
import {
  createConnection, LSPErrorCodes, ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeResult, type Location,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../diagnostics.js';
import { lazylabVersion } from '../version.js';
import { analyzeText, MAX_ANALYZED_CHARS, type Analysis } from './analysis.js';
import { toLspDiagnostics } from './diagnostics.js';
import { completeAt } from './complete.js';
import { hoverAt } from './hover.js';
import { bindingAt, definitionsOf, referencesTo, renameAt } from './bindings.js';
import { formatEdits } from './format.js';
import { FrameGuard } from './framing.js';

/** Quiet time after the last keystroke before a document is checked again. */
const CHECK_DELAY_MS = 150;

const CAPABILITIES: InitializeResult['capabilities'] = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  hoverProvider: true,
  completionProvider: { triggerCharacters: ['(', ',', '.', '='] },
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  documentFormattingProvider: true,
};

/** Serves one client over the given streams until it exits. */
export function startServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const connection = createConnection(ProposedFeatures.all, input.pipe(new FrameGuard()), output);
  const documents = new TextDocuments(TextDocument);
  const analyses = new Analyses();
  const timers = new Map<string, NodeJS.Timeout>();
  connection.onInitialize(() => ({ capabilities: CAPABILITIES, serverInfo: { name: 'lazylab', version: lazylabVersion() } }));
  documents.onDidChangeContent(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.set(document.uri, setTimeout(() => publish(connection, document, analyses), CHECK_DELAY_MS));
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    analyses.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });
  answerRequests(connection, documents, analyses);
  documents.listen(connection);
  connection.listen();
  return new Promise((resolve) => connection.onExit(resolve));
}

/** The analysis of each open document's current version, computed once. */
class Analyses {
  private readonly byUri = new Map<string, { version: number; analysis: Analysis }>();

  of(doc: TextDocument): Analysis {
    const hit = this.byUri.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const analysis = analyzeText(doc.getText(), fileOf(doc.uri));
    this.byUri.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

function fileOf(uri: string): string | null {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : null;
  } catch {
    return null;
  }
}

function publish(connection: Connection, doc: TextDocument, analyses: Analyses): void {
  try {
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: toLspDiagnostics(analyses.of(doc)) });
  } catch (e) {
    // A bug in a stage must not take the editor's server down: say so in its log instead.
    connection.console.error(`lazylab: checking ${doc.uri} failed: ${(e as Error).stack ?? e}`);
  }
}

type Open = (uri: string) => { doc: TextDocument; a: Analysis } | null;

function answerRequests(connection: Connection, documents: TextDocuments<TextDocument>, analyses: Analyses): void {
  /** The document and its analysis for a request, or null when it is unknown or too large to analyse. */
  const open: Open = (uri) => {
    const doc = documents.get(uri);
    return doc && doc.getText().length <= MAX_ANALYZED_CHARS ? { doc, a: analyses.of(doc) } : null;
  };
  connection.onCompletion(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc || doc.getText().length > MAX_ANALYZED_CHARS) return [];
    const offset = doc.offsetAt(position);
    const { items, from } = completeAt(doc.getText(), offset);
    // An explicit range: the editor's own word (no dots) would leave `model.mlp.` in front of `model.mlp.head`.
    const range = { start: doc.positionAt(from), end: position };
    return items.map(({ insertText, ...i }) => ({ ...i, textEdit: { range, newText: insertText ?? i.label } }));
  });
  connection.onHover(({ textDocument, position }) => {
    const o = open(textDocument.uri);
    const h = o ? hoverAt(o.a, o.doc.offsetAt(position)) : null;
    return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
  });
  connection.onDocumentFormatting(({ textDocument }) => {
    const o = open(textDocument.uri);
    return o ? formatEdits(o.doc.getText(), o.a.lines) : null;
  });
  answerBindings(connection, open);
}

/** Definition, references and rename: the binding under the cursor, found in the analysed AST. */
function answerBindings(connection: Connection, open: Open): void {
  const location = (uri: string, a: Analysis, s: Span): Location => ({ uri, range: a.lines.range(s.start.offset, s.end.offset) });
  const binding = (uri: string, position: { line: number; character: number }) => {
    const o = open(uri);
    const hit = o ? bindingAt(o.a.spec, o.doc.offsetAt(position)) : null;
    return o && hit ? { ...o, hit } : null;
  };
  connection.onDefinition(({ textDocument, position }) => {
    const b = binding(textDocument.uri, position);
    return b ? definitionsOf(b.a.spec, b.hit.name).map((s) => location(textDocument.uri, b.a, s)) : null;
  });
  connection.onReferences(({ textDocument, position, context }) => {
    const b = binding(textDocument.uri, position);
    if (!b) return null;
    const spans = [...(context.includeDeclaration ? definitionsOf(b.a.spec, b.hit.name) : []), ...referencesTo(b.a.spec, b.hit.name)];
    return spans.map((s) => location(textDocument.uri, b.a, s));
  });
  connection.onPrepareRename(({ textDocument, position }) => {
    const b = binding(textDocument.uri, position);
    return b ? { range: b.a.lines.range(b.hit.span.start.offset, b.hit.span.end.offset), placeholder: b.hit.name } : null;
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const o = open(textDocument.uri);
    if (!o) return null;
    const r = renameAt(o.a.spec, o.doc.offsetAt(position), newName);
    if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return { changes: { [textDocument.uri]: r.edits.map((e) => ({ range: o.a.lines.range(e.span.start.offset, e.span.end.offset), newText: e.newText })) } };
  });
}
