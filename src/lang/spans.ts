// Spans from Chevrotain tokens and CST nodes. Tokens invented by error recovery carry NaN
// positions; they get the end of the previous real token instead, so no diagnostic has NaN.

import type { CstNode, IToken } from 'chevrotain';
import type { Position, Span } from '../diagnostics.js';

export function isRealToken(t: IToken): boolean {
  return !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

export function tokenSpan(t: IToken): Span {
  const start = { line: t.startLine ?? 1, col: t.startColumn ?? 1, offset: t.startOffset };
  return { start, end: advance(start, t.image) };
}

/** The position just after `text` read from `p` (a token may end in a line break). */
function advance(p: Position, text: string): Position {
  const breaks = text.match(/\r\n|\r|\n/g);
  const offset = p.offset + text.length;
  if (!breaks) return { line: p.line, col: p.col + text.length, offset };
  const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return { line: p.line + breaks.length, col: text.length - lastBreak, offset };
}

export function pointSpan(p: Position): Span {
  return { start: p, end: p };
}

export function joinSpans(a: Span, b: Span): Span {
  return { start: a.start, end: b.end };
}

/** Finds spans for tokens of one parse; `fallbackBefore` maps an invented token to its predecessor. */
export class SpanIndex {
  private readonly ends: Position[] = [];
  private readonly starts: number[] = [];

  constructor(tokens: readonly IToken[]) {
    for (const t of tokens) {
      if (!isRealToken(t)) continue;
      this.starts.push(t.startOffset);
      this.ends.push(tokenSpan(t).end);
    }
  }

  /** The end of the last real token that starts before `offset` (or the file start). */
  endBefore(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 ? this.ends[found]! : { line: 1, col: 1, offset: 0 };
  }

  /** Span of a token; an invented token is placed after the previous real token. */
  token(t: IToken, context: Position): Span {
    if (isRealToken(t)) return tokenSpan(t);
    return pointSpan(context);
  }
}

/** Span of a CST node, or null when recovery left it without any real token. */
export function nodeSpan(node: CstNode): Span | null {
  const l = node.location;
  if (!l || !Number.isFinite(l.startOffset) || l.startLine === undefined || Number.isNaN(l.startLine)) return null;
  const endOffset = l.endOffset !== undefined && Number.isFinite(l.endOffset) ? l.endOffset : l.startOffset;
  const endLine = l.endLine !== undefined && Number.isFinite(l.endLine) ? l.endLine : l.startLine;
  const endCol = l.endColumn !== undefined && Number.isFinite(l.endColumn) ? l.endColumn : (l.startColumn ?? 1);
  return {
    start: { line: l.startLine, col: l.startColumn ?? 1, offset: l.startOffset },
    end: { line: endLine, col: endCol + 1, offset: endOffset + 1 },
  };
}
