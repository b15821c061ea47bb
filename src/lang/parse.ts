// parseSpec: text → AST + diagnostics. Lexing and parsing problems are all collected
// (Chevrotain's error recovery), each with a position; this stage never throws on bad input.

import { EOF, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import { ZERO_POSITION, type Diagnostic, type Span } from '../diagnostics.js';
import type { Spec } from './ast.js';
import { AstBuilder } from './build.js';
import { MAX_NESTING, parseCst } from './parser.js';
import { isUnclosed, lazyLexer, UnterminatedTriple } from './tokens.js';
import { isRealToken, pointSpan, SpanIndex, tokenSpan } from './spans.js';
import { closerOf, unclosedBrackets } from './brackets.js';
import * as M from '../messages/index.js';

export interface ParseResult {
  spec: Spec;
  diagnostics: Diagnostic[];
}

export function parseSpec(text: string): ParseResult {
  const lexed = lazyLexer.tokenize(text);
  const diagnostics: Diagnostic[] = lexed.errors.map((e) => lexDiagnostic(e, text));
  diagnostics.push(...lexed.tokens.filter(isUnclosed).map(unclosedDiagnostic));
  const { cst, errors, tooDeep } = parseCst(lexed.tokens);
  const index = new SpanIndex(lexed.tokens);
  const unclosed = unclosedBrackets(lexed.tokens);
  diagnostics.push(...unclosed.map(unclosedBracketDiagnostic));
  // "expected '}' but found …" is the parser's echo of an unclosed `{`, now reported at the `{`.
  const echoes = new Set(unclosed.map((t) => M.expectedToken(`'${closerOf(t)}'`, '')));
  const isEcho = (d: Diagnostic) => d.code === 'E0103' && [...echoes].some((prefix) => d.message.startsWith(prefix));
  diagnostics.push(...errors.map((e) => parseDiagnostic(e, index)).filter((d) => !isEcho(d)));
  const comments = (lexed.groups['comments'] ?? []).map((t) => ({ text: t.image, span: tokenSpan(t) }));
  if (tooDeep || !cst) {
    // The parse stopped part-way, so there is no tree to build: an empty spec with the one error.
    const span = errorSpan(tooDeep ?? EOF_TOKEN, index, undefined);
    diagnostics.push({ severity: 'error', code: 'E0108', message: M.nestedTooDeeply(MAX_NESTING), span, hint: M.nestedTooDeeplyHint() });
    const whole = { start: ZERO_POSITION, end: index.endBefore(Number.MAX_SAFE_INTEGER) };
    return { spec: { kind: 'spec', statements: [], comments, span: whole }, diagnostics };
  }
  const builder = new AstBuilder();
  const spec = builder.spec(cst, comments);
  diagnostics.push(...builder.diagnostics);
  return { spec, diagnostics };
}

function lexDiagnostic(e: ILexingError, text: string): Diagnostic {
  const start = { line: e.line ?? 1, col: e.column ?? 1, offset: e.offset };
  const end = { line: start.line, col: start.col + e.length, offset: e.offset + e.length };
  const shown = text.slice(e.offset, e.offset + e.length);
  return { severity: 'error', code: 'E0101', message: M.unexpectedCharacter(shown), span: { start, end }, hint: M.characterHint(shown) };
}

/** An unclosed string or """ block (lexed whole, see tokens.ts): one diagnostic at its start. */
function unclosedDiagnostic(t: IToken): Diagnostic {
  const span = tokenSpan(t);
  if (t.tokenType === UnterminatedTriple) {
    const end = { line: span.start.line, col: span.start.col + 3, offset: span.start.offset + 3 };
    return { severity: 'error', code: 'E0107', message: M.unterminatedTriple(), span: { start: span.start, end }, hint: 'close it with """' };
  }
  return { severity: 'error', code: 'E0102', message: M.unterminatedString(), span, hint: 'strings end on the line they start; use """ for several lines' };
}

const EOF_TOKEN = { tokenType: EOF, image: '', startOffset: NaN } as IToken;

function unclosedBracketDiagnostic(t: IToken): Diagnostic {
  return { severity: 'error', code: 'E0109', message: M.unclosedBracket(t.image), span: tokenSpan(t), hint: M.unclosedBracketHint(closerOf(t)) };
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
