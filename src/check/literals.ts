// Static checks of the settings no cell resolves (the experiment's texts, an expect's words, a
// chart's texts and enums): the planner never evaluates them, so their types are checked here.

import type * as A from '../lang/ast.js';
import { BLOCKS, type SettingSpec } from './schema.js';
import { error, type Accept } from './structure.js';
import { suggest } from '../plan/suggest.js';
import { own } from '../lang/lookup.js';
import * as M from '../messages/index.js';

/** Blocks whose plain settings reach the report as written. */
type LiteralBlock = 'experiment' | 'expect' | 'chart';

function checkLiteral(kind: LiteralBlock, s: A.Setting, spec: SettingSpec, names: Set<string>, accept: Accept): void {
  const key = s.path[0]!;
  const e = s.value;
  if (e.kind === 'missing' || (e.kind === 'ref' && names.has(e.name))) return;
  if (spec.type === 'string' && e.kind !== 'string') {
    accept(error('E0314', M.mustBeString(M.blockSetting(kind, key), M.describeExpr(e)), e.span, M.stringExample(key)));
  } else if (spec.type === 'stringList' && key !== 'log') {
    const bad = e.kind === 'list' ? e.items.find((i) => i.kind !== 'string') : e;
    if (bad) accept(error('E0314', M.mustBeStringList(M.blockSetting(kind, key), M.describeExpr(bad)), bad.span, M.stringListExample(key)));
  } else if (spec.type === 'boolean' && !(e.kind === 'ref' && (e.name === 'true' || e.name === 'false'))) {
    accept(error('E0313', M.mustBeBoolean(M.blockSetting(kind, key), M.describeExpr(e)), e.span, M.booleanExample(key)));
  } else if ((spec.type === 'enum' || (spec.type === 'enumOrRef' && e.kind === 'ref')) && spec.values) {
    // An enumOrRef (`at = final`) may also name a binding or a swept variable.
    const word = e.kind === 'ref' ? e.name : e.kind === 'string' ? e.value : null;
    if (word !== null && spec.values.includes(word)) return;
    const near = word === null ? null : suggest(word, spec.values);
    const what = M.enumWhat(key, spec.type !== 'enum');
    accept(error('E0203', M.unknownWord(what, word, M.describeExpr(e)), e.span, near ? M.didYouMean(near) : M.oneOf(spec.values)));
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
      const schema = own(BLOCKS[kind], s.path[0] ?? '');
      if (schema) checkLiteral(kind, s, schema, names, accept);
    }
  }
}
