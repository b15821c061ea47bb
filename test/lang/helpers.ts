// Shared test helpers for the language stage: AST comparison up to spans, and the position
// checks every diagnostic must pass (finite, 1-based, inside the text).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Position, Span } from '../../src/diagnostics.js';
import type { Spec } from '../../src/lang/ast.js';

const SPAN_KEYS = new Set(['span', 'nameSpan', 'calleeSpan', 'pathSpan', 'nameSpans']);

/**
 * A copy of an AST without positions, string `raw` texts (fmt re-encodes strings and
 * re-indents """ blocks) or trailing blanks of comments (fmt trims them).
 */
export function stripSpans(spec: Spec): unknown {
  return strip(spec);
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) {
    if (SPAN_KEYS.has(k)) continue;
    if (k === 'raw' && o['kind'] === 'string') continue;
    out[k] = k === 'text' && typeof val === 'string' && val.startsWith('#') ? val.trimEnd() : strip(val);
  }
  return out;
}

/** Line starts of a text (after \n, \r\n or \r, as the lexer counts lines), cached for the last text. */
let cached: { text: string; starts: number[] } = { text: '', starts: [0] };
function lineStarts(text: string): number[] {
  if (cached.text !== text) {
    const starts = [0];
    for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
    cached = { text, starts };
  }
  return cached.starts;
}

/** The 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const starts = lineStarts(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

export function positionProblem(p: Position, text: string): string | null {
  const lines = lineStarts(text).length;
  if (![p.line, p.col, p.offset].every(Number.isFinite)) return `non-finite ${JSON.stringify(p)}`;
  if (p.line < 1 || p.col < 1 || p.offset < 0) return `below 1 ${JSON.stringify(p)}`;
  if (p.line > lines + 1) return `line ${p.line} past ${lines} lines`;
  if (p.offset > text.length) return `offset ${p.offset} past ${text.length}`;
  const { line, col } = lineCol(text, p.offset);
  if (line !== p.line || col !== p.col) return `${p.line}:${p.col} but offset ${p.offset} is at ${line}:${col}`;
  return null;
}

export function spanProblem(s: Span, text: string): string | null {
  const problem = positionProblem(s.start, text) ?? positionProblem(s.end, text);
  if (problem) return problem;
  return s.end.offset < s.start.offset ? `span ends before it starts ${JSON.stringify(s)}` : null;
}

/** Throws with a readable message when some diagnostic has a bad position. */
export function assertValidPositions(diagnostics: readonly Diagnostic[], text: string): void {
  for (const d of diagnostics) {
    const problem = spanProblem(d.span, text);
    if (problem) throw new Error(`${d.code} ${d.message}: ${problem} in ${JSON.stringify(text)}`);
  }
}

/** Every span in an AST, for checking that recovery never leaves NaN positions. */
export function allSpans(v: unknown, out: Span[] = []): Span[] {
  if (Array.isArray(v)) v.forEach((x) => allSpans(x, out));
  else if (v !== null && typeof v === 'object') {
    for (const [k, val] of Object.entries(v)) {
      if (k === 'span' || k === 'nameSpan' || k === 'calleeSpan' || k === 'pathSpan') {
        if (val) out.push(val as Span);
      } else if (k === 'nameSpans') out.push(...(val as Span[]));
      else allSpans(val, out);
    }
  }
  return out;
}

export const SPEC_DIR = join(import.meta.dirname, '../../specs');

export function exampleSpecs(): { file: string; text: string }[] {
  return readdirSync(SPEC_DIR)
    .filter((f) => f.endsWith('.lazy'))
    .sort()
    .map((f) => ({ file: f, text: readFileSync(join(SPEC_DIR, f), 'utf8') }));
}
