// Rendering of diagnostics: the source line with a caret under the exact span and the hint;
// a diagnostic about the whole file names the file only.

import { expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../src/diagnostics.js';

const source = 'train {\n  optimizer = adma(lr: 0.1)\n}\n';
const span = { start: { line: 2, col: 15, offset: 22 }, end: { line: 2, col: 19, offset: 26 } };

it('puts a caret under the span, with the hint after it', () => {
  const d: Diagnostic = { severity: 'error', code: 'E0203', message: 'unknown optimizer `adma`', span, hint: 'did you mean `adam`?' };
  expect(formatDiagnostic(d, 'a.lazy', source)).toBe(
    'a.lazy:2:15: error[E0203]: unknown optimizer `adma`\n'
    + '  2 |   optimizer = adma(lr: 0.1)\n'
    + '    |               ^^^^ did you mean `adam`?',
  );
});

it('names only the file for a diagnostic about the whole file', () => {
  const d: Diagnostic = { severity: 'error', code: 'E0401', message: 'the spec has no `data` block', span, hint: 'add it', whole: true };
  expect(formatDiagnostic(d, 'a.lazy', source)).toBe('a.lazy: error[E0401]: the spec has no `data` block\n  = hint: add it');
});
