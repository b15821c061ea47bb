// parseSpec: text → AST + diagnostics. Lexing and parsing problems are all collected
// (Chevrotain's error recovery), each with a position; this stage never throws on bad input.

import { EOF, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics.js';
import type { Spec } from './ast.js';
import { AstBuilder } from './build.js';
import { parseCst } from './parser.js';
import { lazyLexer } from './tokens.js';
import { isRealToken, pointSpan, SpanIndex, tokenSpan } from './spans.js';
import * as M from '../messages.js';

export interface ParseResult {
  spec: Spec;
  diagnostics: Diagnostic[];
}

export function parseSpec(text: string): ParseResult {
  const lexed = lazyLexer.tokenize(text);
  const diagnostics: Diagnostic[] = lexed.errors.map((e) => lexDiagnostic(e, text));
  const { cst, errors } = parseCst(lexed.tokens);
  const index = new SpanIndex(lexed.tokens);
  diagnostics.push(...errors.map((e) => parseDiagnostic(e, index)));
  const comments = (lexed.groups['comments'] ?? []).map((t) => ({ text: t.image, span: tokenSpan(t) }));
  const builder = new AstBuilder();
  const spec = builder.spec(cst, comments);
  diagnostics.push(...builder.diagnostics);
  return { spec, diagnostics };
}

function lexDiagnostic(e: ILexingError, text: string): Diagnostic {
  const line = e.line ?? 1;
  const col = e.column ?? 1;
  const start = { line, col, offset: e.offset };
  const ch = text[e.offset] ?? '';
  const rest = text.slice(e.offset);
  if (rest.startsWith('"""')) {
    const end = { line, col: col + 3, offset: e.offset + 3 };
    return { severity: 'error', code: 'E0107', message: M.unterminatedTriple(), span: { start, end }, hint: 'close it with """' };
  }
  if (ch === '"') {
    const len = (/^"[^\n\r]*/.exec(rest)?.[0].length ?? 1);
    const end = { line, col: col + len, offset: e.offset + len };
    return { severity: 'error', code: 'E0102', message: M.unterminatedString(), span: { start, end }, hint: 'strings end on the line they start; use """ for several lines' };
  }
  const end = { line, col: col + e.length, offset: e.offset + e.length };
  const shown = text.slice(e.offset, e.offset + e.length);
  return { severity: 'error', code: 'E0101', message: M.unexpectedCharacter(shown), span: { start, end }, hint: M.characterHint(shown) };
}

function errorSpan(t: IToken, index: SpanIndex, previous: IToken | undefined): Span {
  if (isRealToken(t) && t.tokenType !== EOF) return tokenSpan(t);
  if (previous && isRealToken(previous)) return pointSpan(tokenSpan(previous).end);
  return pointSpan(index.endBefore(Number.MAX_SAFE_INTEGER));
}

function parseDiagnostic(e: IRecognitionException, index: SpanIndex): Diagnostic {
  const span = errorSpan(e.token, index, (e as { previousToken?: IToken }).previousToken);
  const rule = e.context?.ruleStack?.[e.context.ruleStack.length - 1] ?? 'spec';
  const code = e.name === 'MismatchedTokenException' ? 'E0103' : e.name === 'NotAllInputParsedException' ? 'E0106' : 'E0105';
  const hintRule = code === 'E0106' ? 'spec' : rule;
  return { severity: 'error', code, message: e.message, span, hint: M.ruleHint(hintRule) };
}
