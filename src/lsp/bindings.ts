// `let` bindings and swept variables: where each is defined (top level and in profiles, which
// override them), where it is used, and the edits that rename it everywhere at once.

import type { Span } from '../diagnostics.js';
import * as A from '../lang/ast.js';
import { KEYWORDS } from '../lang/tokens.js';
import * as M from '../messages/index.js';

export interface Binding {
  name: string;
  kind: 'let' | 'sweep';
  /** The defining statement (a profile's override is a definition too). */
  statement: A.LetStatement | A.SweepStatement;
  nameSpan: Span;
}

/** Every definition, in source order. */
export function collectBindings(spec: A.Spec): Binding[] {
  const out: Binding[] = [];
  const add = (s: A.Statement | A.ProfileEntry) => {
    if (s.kind === 'let') out.push({ name: s.name, kind: 'let', statement: s, nameSpan: s.nameSpan });
    if (s.kind === 'sweep') s.names.forEach((name, i) => out.push({ name, kind: 'sweep', statement: s, nameSpan: s.nameSpans[i]! }));
  };
  for (const s of spec.statements) {
    add(s);
    if (s.kind === 'profile') s.entries.forEach(add);
  }
  return out;
}

/** Every expression of the spec that may mention a binding (a chart's `log = [x, y]` names axes, not bindings). */
function rootExpressions(spec: A.Spec): A.Expr[] {
  const out: A.Expr[] = [];
  const settings = (ss: A.Setting[], skip: string | null = null) => ss.forEach((s) => { if (s.path.join('.') !== skip) out.push(s.value); });
  for (const s of spec.statements) {
    if (s.kind === 'let' || s.kind === 'sweep' || s.kind === 'seeds') out.push(s.value);
    else if (s.kind === 'measure') s.items.forEach((i) => i.args?.forEach((a) => out.push(a.value)));
    else if (s.kind === 'report') s.items.forEach((i) => { if (i.kind === 'chart') settings(i.settings, 'log'); });
    else if (s.kind === 'profile') s.entries.forEach((e) => out.push(e.value));
    else settings(s.settings);
  }
  return out;
}

/** The spans of every use of `name`, in source order (walked without recursion: expressions may nest deeply). */
export function referencesTo(spec: A.Spec, name: string): Span[] {
  const out: Span[] = [];
  const stack = rootExpressions(spec).reverse();
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === 'ref' && e.name === name) out.push(e.span);
    // A claim's `at(test_loss, tau: max)` names the swept variable by its argument's name.
    if (e.kind === 'call' && e.callee === 'at') e.args.forEach((a) => { if (a.name === name && a.nameSpan) out.push(a.nameSpan); });
    stack.push(...A.exprChildren(e).reverse());
  }
  return out.sort((a, b) => a.start.offset - b.start.offset);
}

const within = (s: Span, offset: number) => s.start.offset <= offset && offset <= s.end.offset;

/** The binding named at `offset`, on its definition or on a use. */
export function bindingAt(spec: A.Spec, offset: number): { name: string; span: Span } | null {
  const bindings = collectBindings(spec);
  const def = bindings.find((b) => within(b.nameSpan, offset));
  if (def) return { name: def.name, span: def.nameSpan };
  const names = new Set(bindings.map((b) => b.name));
  for (const name of names) {
    const use = referencesTo(spec, name).find((s) => within(s, offset));
    if (use) return { name, span: use };
  }
  return null;
}

export function definitionsOf(spec: A.Spec, name: string): Span[] {
  return collectBindings(spec).filter((b) => b.name === name).map((b) => b.nameSpan);
}

export interface TextEdit { span: Span; newText: string }

/** The edits renaming the binding at `offset`, or why it cannot be renamed. */
export function renameAt(spec: A.Spec, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const hit = bindingAt(spec, offset);
  if (!hit) return { error: M.renameNotBinding() };
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return { error: M.renameBadName(newName) };
  if (KEYWORDS.some((k) => k.LABEL === `'${newName}'`)) return { error: M.renameKeyword(newName) };
  if (newName !== hit.name && collectBindings(spec).some((b) => b.name === newName)) return { error: M.renameTaken(newName) };
  const spans = [...definitionsOf(spec, hit.name), ...referencesTo(spec, hit.name)];
  return { edits: spans.sort((a, b) => a.start.offset - b.start.offset).map((span) => ({ span, newText: newName })) };
}
