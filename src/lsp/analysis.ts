// One document's analysis, shared by every feature of the language server: the same
// parse → check → plan pipeline as `lazylab check`, and a line index to turn the diagnostics'
// character offsets into LSP's 0-based (line, character) positions.

import type { Diagnostic } from '../diagnostics.js';
import { hasErrors } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import { parseSpec } from '../lang/parse.js';
import { checkSpec } from '../check/index.js';
import { checkPlanSizes } from '../check/plan-size.js';
import { csvDimsRelativeTo, dataFilesRelativeTo, type Plan } from '../plan/index.js';
import * as M from '../messages/index.js';

/**
 * Above this many characters a document is not analysed as you type: a real spec is a few
 * kilobytes, and parsing and planning megabytes on every keystroke would stall the editor.
 */
export const MAX_ANALYZED_CHARS = 1_000_000;

export interface Analysis {
  text: string;
  spec: A.Spec;
  diagnostics: Diagnostic[];
  /** Each profile's plan (null: the default one); empty when the spec has errors. */
  plans: Map<string | null, Plan>;
  lines: LineIndex;
}

/** Parses and checks `text`; `file` (when known) locates CSV and data files as `check` does. */
export function analyzeText(text: string, file: string | null): Analysis {
  const lines = new LineIndex(text);
  if (text.length > MAX_ANALYZED_CHARS) {
    const span = { start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } };
    const d: Diagnostic = { severity: 'warning', code: 'W0001', message: M.documentTooLarge(text.length, MAX_ANALYZED_CHARS), span, hint: M.documentTooLargeHint() };
    return { text, spec: { kind: 'spec', statements: [], comments: [], span }, diagnostics: [d], plans: new Map(), lines };
  }
  const { spec, diagnostics } = parseSpec(text);
  const plans = new Map<string | null, Plan>();
  if (hasErrors(diagnostics)) return { text, spec, diagnostics, plans, lines };
  const inputs = file ? { csvDims: csvDimsRelativeTo(file), files: dataFilesRelativeTo(file) } : {};
  const checked = checkSpec(spec, { ...inputs, onPlan: (profile, plan) => plans.set(profile, plan) });
  // A plan built past errors is partial (the checker plans anyway to report bad values): no cost from it.
  if (hasErrors(checked)) plans.clear();
  // After the plans are known, as in `check`: a plan `run` would refuse is a warning here too.
  return { text, spec, diagnostics: [...diagnostics, ...checked, ...checkPlanSizes(spec, plans)], plans, lines };
}

export interface LspPosition { line: number; character: number }
export interface LspRange { start: LspPosition; end: LspPosition }

/** Offsets ↔ LSP positions, counting line breaks as the lexer does (\r\n, \n or a lone \r). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  position(offset: number): LspPosition {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: at - this.starts[lo]! };
  }

  offset(p: LspPosition): number {
    const line = Math.max(0, Math.min(p.line, this.starts.length - 1));
    const start = this.starts[line]!;
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    return Math.min(start + Math.max(0, p.character), next);
  }

  range(start: number, end: number): LspRange {
    return { start: this.position(start), end: this.position(end) };
  }
}
