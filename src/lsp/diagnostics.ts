// lazylab diagnostics → LSP diagnostics: the same codes, messages and hints as `lazylab check`,
// the range from the diagnostic's span (offsets, so the positions are exactly the lexer's).

import type { Diagnostic } from '../diagnostics.js';
import type { Analysis, LspRange } from './analysis.js';

export interface LspDiagnostic {
  range: LspRange;
  /** 1 error, 2 warning (LSP's DiagnosticSeverity). */
  severity: 1 | 2;
  code: string;
  source: 'lazylab';
  message: string;
}

export function toLspDiagnostics(a: Pick<Analysis, 'diagnostics' | 'lines'>): LspDiagnostic[] {
  return a.diagnostics.map((d) => toLspDiagnostic(d, a));
}

function toLspDiagnostic(d: Diagnostic, a: Pick<Analysis, 'lines'>): LspDiagnostic {
  // A diagnostic about the whole file has no caret in `check`: show it on the first character.
  const range = d.whole ? a.lines.range(0, 0) : a.lines.range(d.span.start.offset, Math.max(d.span.start.offset, d.span.end.offset));
  return {
    range,
    severity: d.severity === 'error' ? 1 : 2,
    code: d.code,
    source: 'lazylab',
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
  };
}
