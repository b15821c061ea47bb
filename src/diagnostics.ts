// Diagnostics shared by every stage: a position-carrying problem report, and the one
// function that renders it as `file:line:col: error[CODE]: message` with the source line and a caret.

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** 0-based character offset. */
  offset: number;
}

export interface Span {
  start: Position;
  /** Exclusive end position. */
  end: Position;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  span: Span;
  hint?: string;
  /** About the file as a whole (a missing block, a profile named on the command line): no caret. */
  whole?: boolean;
}

export const ZERO_POSITION: Position = { line: 1, col: 1, offset: 0 };
export const ZERO_SPAN: Span = { start: ZERO_POSITION, end: ZERO_POSITION };

export function makeDiagnostic(
  severity: Severity,
  code: string,
  message: string,
  span: Span,
  hint?: string,
): Diagnostic {
  return hint === undefined ? { severity, code, message, span } : { severity, code, message, span, hint };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by position, then code, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.span.start.offset - b.span.start.offset || a.code.localeCompare(b.code),
  );
}

/** The lines of a source, broken where the lexer counts a line break (\r\n, \n or a lone \r). */
export function sourceLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

/**
 * Renders one diagnostic with its source line and a caret under the exact span. `source` may be
 * the lines already split (formatDiagnostics splits once for all, not once per diagnostic).
 */
export function formatDiagnostic(d: Diagnostic, file: string, source: string | readonly string[]): string {
  const { line, col } = d.span.start;
  if (d.whole) return `${file}: ${d.severity}[${d.code}]: ${d.message}${d.hint ? `\n  = hint: ${d.hint}` : ''}`;
  const head = `${file}:${line}:${col}: ${d.severity}[${d.code}]: ${d.message}`;
  const lines = typeof source === 'string' ? sourceLines(source) : source;
  const text = lines[line - 1];
  if (text === undefined) return d.hint ? `${head}\n  = hint: ${d.hint}` : head;
  const gutter = String(line).length;
  const pad = ' '.repeat(gutter);
  const endCol = d.span.end.line === line ? d.span.end.col : text.length + 1;
  const width = Math.max(1, endCol - col);
  const caret = ' '.repeat(Math.max(0, col - 1)) + '^'.repeat(width);
  const hint = d.hint ? ` ${d.hint}` : '';
  return `${head}\n  ${line} | ${text}\n  ${pad} | ${caret}${hint}`;
}

export function formatDiagnostics(ds: readonly Diagnostic[], file: string, source: string): string {
  const lines = sourceLines(source);
  return sortDiagnostics(ds)
    .map((d) => formatDiagnostic(d, file, lines))
    .join('\n');
}
