// Definitions, references and rename of `let` bindings and swept variables, checked by
// re-parsing and re-checking the renamed spec.

import { describe, expect, test } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { bindingAt, definitionsOf, referencesTo, renameAt, type TextEdit } from '../../src/lsp/bindings.js';
import { formatSpec } from '../../src/fmt/index.js';
import * as M from '../../src/messages/index.js';
import { edit, positionOf, QUICKSTART } from './helpers.js';

const spec = parseSpec(QUICKSTART).spec;
const textOf = (s: { start: { offset: number }; end: { offset: number } }) => QUICKSTART.slice(s.start.offset, s.end.offset);
const apply = (text: string, edits: TextEdit[]) =>
  [...edits].sort((a, b) => b.span.start.offset - a.span.start.offset).reduce((t, e) => t.slice(0, e.span.start.offset) + e.newText + t.slice(e.span.end.offset), text);

describe('bindings', () => {
  test('a swept variable is defined at the top and in the profile, and used in settings, claims and charts', () => {
    const line = (needle: string) => positionOf(QUICKSTART, needle).line + 1;
    expect(definitionsOf(spec, 'm').map((s) => s.start.line)).toEqual([line('sweep m = logspace'), line('sweep m = [8, 16]')]);
    const uses = referencesTo(spec, 'm');
    expect(uses.map(textOf)).toEqual(uses.map(() => 'm'));
    expect(uses.map((s) => s.start.line)).toEqual(['hidden = [m]', 'slope(weight_change, m)', 'x = m', 'color = m'].map(line));
  });

  test('bindingAt finds the binding from a use or from its definition', () => {
    expect(bindingAt(spec, QUICKSTART.indexOf('lr: lr') + 5)?.name).toBe('lr');
    expect(bindingAt(spec, QUICKSTART.indexOf('let lr') + 4)?.name).toBe('lr');
    expect(bindingAt(spec, QUICKSTART.indexOf('lr: lr'))).toBeNull(); // the parameter's name
    expect(bindingAt(spec, QUICKSTART.indexOf('relu'))).toBeNull();
  });

  test('renaming a swept variable rewrites every mention; the spec checks as before', () => {
    const r = renameAt(spec, QUICKSTART.indexOf('sweep m') + 6, 'width');
    if ('error' in r) throw new Error(r.error);
    expect(r.edits).toHaveLength(6);
    const renamed = apply(QUICKSTART, r.edits);
    expect(renamed).toContain('hidden = [width]');
    expect(renamed).toContain('slope(weight_change, width)');
    expect(renamed).toContain('sweep width = [8, 16]');
    const again = parseSpec(renamed);
    expect(again.diagnostics).toEqual([]);
    expect(checkSpec(again.spec).filter((d) => d.severity === 'error')).toEqual([]);
    // Only the name changed: the formatted texts agree once the new name is put back.
    expect(formatSpec(renamed).text!.replaceAll('width', 'm')).toBe(formatSpec(QUICKSTART).text!.replaceAll('width', 'm'));
  });

  test('a claim naming the variable in at(…, tau: max) is renamed too', () => {
    const text = edit(QUICKSTART, 'claim = final(train_loss) < 0.5 * initial(train_loss)', 'claim = at(train_loss, m: max) < 0.5');
    const s = parseSpec(text).spec;
    const r = renameAt(s, text.indexOf('sweep m') + 6, 'k');
    if ('error' in r) throw new Error(r.error);
    expect(apply(text, r.edits)).toContain('at(train_loss, k: max)');
  });

  test('a rename is refused on a non-binding, to a bad name, a keyword or a taken name', () => {
    const at = QUICKSTART.indexOf('let d') + 4;
    expect(renameAt(spec, QUICKSTART.indexOf('relu'), 'x')).toEqual({ error: M.renameNotBinding() });
    expect(renameAt(spec, at, '2x')).toEqual({ error: M.renameBadName('2x') });
    expect(renameAt(spec, at, 'within')).toEqual({ error: M.renameKeyword('within') });
    expect(renameAt(spec, at, 'lr')).toEqual({ error: M.renameTaken('lr') });
  });
});
