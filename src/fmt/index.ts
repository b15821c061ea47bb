// fmt: prints a spec in the one canonical layout, keeping its comments. It refuses broken
// input (returns null text with the diagnostics), so it never rewrites what it cannot read.
//
//   text ─parse→ AST + comments ─attach→ comment map ─layout→ canonical text

import type { Diagnostic } from '../diagnostics.js';
import { hasErrors } from '../diagnostics.js';
import { parseSpec } from '../lang/parse.js';
import { attachComments } from './comments.js';
import { Layout } from './layout.js';

export interface FormatResult {
  /** The formatted text, or null when the input has errors. */
  text: string | null;
  diagnostics: Diagnostic[];
}

export function formatSpec(text: string): FormatResult {
  const { spec, diagnostics } = parseSpec(text);
  if (hasErrors(diagnostics)) return { text: null, diagnostics };
  const layout = new Layout(attachComments(spec));
  return { text: layout.spec(spec), diagnostics };
}

export { printExpr, printTriple, precedence } from './expr.js';
