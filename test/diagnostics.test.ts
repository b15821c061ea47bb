// Rendering of diagnostics: the source line with a caret under the exact span and the hint;
// a diagnostic about the whole file names the file only.

import { describe, expect, it } from 'vitest';
import { formatDiagnostic, formatDiagnostics, type Diagnostic } from '../src/diagnostics.js';

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

describe('formatDiagnostics on a large file', () => {
  it('splits the source once: 20,000 warnings on a 1 MB file render with their own lines', () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `let unused_${i} = ${i}`);
    const source = lines.join('\n');
    let offset = 0;
    const ds = lines.map((l, i) => {
      const start = { line: i + 1, col: 5, offset: offset + 4 };
      offset += l.length + 1;
      return { severity: 'warning' as const, code: 'W0501', message: `unused ${i}`, span: { start, end: { ...start, col: 6, offset: start.offset + 1 } } };
    }).filter((_, i) => i % 2 === 0);
    const out = formatDiagnostics(ds, 'big.lazy', source).split('\n');
    expect(out).toHaveLength(3 * 20_000);
    expect(out.slice(-3)).toEqual(['big.lazy:39999:5: warning[W0501]: unused 39998', '  39999 | let unused_39998 = 39998', '        |     ^']);
  });

  it('counts a lone \\r as a line break, as the lexer does', () => {
    const source = 'a\rb\r\nc\nd';
    const start = { line: 3, col: 1, offset: 5 };
    const text = formatDiagnostic({ severity: 'error', code: 'E1', message: 'm', span: { start, end: { ...start, col: 2, offset: 6 } } }, 'f', source);
    expect(text.split('\n')[1]).toBe('  3 | c');
  });
});
