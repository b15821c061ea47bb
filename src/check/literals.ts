// Static checks of the settings no cell resolves (the experiment's texts, an expect's words, a
// chart's texts and enums): the planner never evaluates them, so their types are checked here.

import type * as A from '../lang/ast.js';
import { BLOCKS, type SettingSpec } from './schema.js';
import { error, type Accept } from './structure.js';
import { suggest } from '../plan/suggest.js';

/** Blocks whose plain settings reach the report as written. */
type LiteralBlock = 'experiment' | 'expect' | 'chart';

function describe(e: A.Expr): string {
  switch (e.kind) {
    case 'number': return e.raw;
    case 'ref': return `\`${e.name}\``;
    case 'list': return 'a list';
    case 'call': return `\`${e.callee}(…)\``;
    default: return 'an expression';
  }
}

function checkLiteral(kind: LiteralBlock, s: A.Setting, spec: SettingSpec, names: Set<string>, accept: Accept): void {
  const key = s.path[0]!;
  const e = s.value;
  if (e.kind === 'missing' || (e.kind === 'ref' && names.has(e.name))) return;
  if (spec.type === 'string' && e.kind !== 'string') {
    accept(error('E0314', `${kind} \`${key}\` must be a "string", found ${describe(e)}`, e.span, `e.g. ${key} = "…"`));
  } else if (spec.type === 'stringList' && key !== 'log') {
    const bad = e.kind === 'list' ? e.items.find((i) => i.kind !== 'string') : e;
    if (bad) accept(error('E0314', `${kind} \`${key}\` must be a list of "strings", found ${describe(bad)}`, bad.span, `e.g. ${key} = ["…"]`));
  } else if ((spec.type === 'enum' || (spec.type === 'enumOrRef' && e.kind === 'ref')) && spec.values) {
    // An enumOrRef (`at = final`) may also name a binding or a swept variable.
    const word = e.kind === 'ref' ? e.name : e.kind === 'string' ? e.value : null;
    if (word !== null && spec.values.includes(word)) return;
    const near = word === null ? null : suggest(word, spec.values);
    const what = spec.type === 'enum' ? key : `\`${key}\` value`;
    accept(error('E0203', `unknown ${what} ${word === null ? describe(e) : `\`${word}\``}`, e.span, near ? `did you mean \`${near}\`?` : `one of: ${spec.values.join(', ')}`));
  }
}

export function checkLiteralSettings(spec: A.Spec, accept: Accept): void {
  const names = new Set(spec.statements.flatMap((s) => (s.kind === 'let' ? [s.name] : s.kind === 'sweep' ? s.names : [])));
  const blocks: [LiteralBlock, A.Setting[]][] = [];
  for (const s of spec.statements) {
    if (s.kind === 'experiment' || s.kind === 'expect') blocks.push([s.kind, s.settings]);
    if (s.kind === 'report') for (const c of s.items) if (c.kind === 'chart') blocks.push(['chart', c.settings]);
  }
  for (const [kind, settings] of blocks) {
    for (const s of settings) {
      const schema = BLOCKS[kind][s.path[0] ?? ''];
      if (schema) checkLiteral(kind, s, schema, names, accept);
    }
  }
}
