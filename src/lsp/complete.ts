// Completion in context: the settings of the enclosing block, the measurements inside
// `measure`, the words and constructors a setting takes, a call's named parameters, and the
// spec's own `let` bindings and swept variables wherever an expression goes.

import type * as A from '../lang/ast.js';
import { parseSpec } from '../lang/parse.js';
import { FUNCTION_NAMES } from '../plan/eval.js';
import { ACTIVATIONS, type CallSpec } from '../check/schema.js';
import { contextAt, type CursorContext } from './context.js';
import { collectBindings } from './bindings.js';
import { printExpr } from '../fmt/index.js';
import * as V from './vocabulary.js';

/** LSP's CompletionItemKind values used here. */
export const KIND = { function: 3, field: 5, variable: 6, property: 10, keyword: 14, enumMember: 20 } as const;

export interface CompletionItem { label: string; kind: (typeof KIND)[keyof typeof KIND]; detail?: string; documentation?: string; insertText?: string }

const STATEMENTS: Record<string, string> = {
  experiment: 'title, authors and abstract of the report', let: 'a named value or scaling law', sweep: 'a swept variable',
  seeds: 'how many seeds (or which)', data: 'a named data set', model: 'a named network', train: 'loss, optimizer and schedule',
  measure: 'what to record', expect: 'a checkable claim', report: 'charts and text', profile: 'named overrides (smoke, full)',
};

/** The items, and where the name they replace starts (the name typed so far ends at the cursor). */
export interface Completion { items: CompletionItem[]; from: number }

export function completeAt(text: string, offset: number): Completion {
  const ctx = contextAt(text, offset);
  if (!ctx || ctx.position === 'declaring') return { items: [], from: offset };
  const spec = parseSpec(text).spec;
  const items = ctx.position === 'name' ? nameItems(ctx, spec) : [...argumentItems(ctx), ...valueItems(ctx, spec)];
  const seen = new Set<string>();
  const prefix = ctx.prefix.toLowerCase();
  return { items: items.filter((i) => i.label.toLowerCase().startsWith(prefix) && !seen.has(i.label) && seen.add(i.label)), from: ctx.prefixStart };
}

function nameItems(ctx: CursorContext, spec: A.Spec): CompletionItem[] {
  const block = ctx.block;
  if (block === null) return Object.entries(STATEMENTS).map(([label, doc]) => ({ label, kind: KIND.keyword, detail: doc }));
  if (block === 'measure') return Object.entries(V.MEASUREMENTS).map(([label, m]) => ({ label, kind: KIND.function, detail: 'measurement', documentation: m.doc }));
  if (block === 'report') return [{ label: 'chart', kind: KIND.keyword, detail: 'a figure' }, { label: 'text', kind: KIND.keyword, detail: 'markdown prose' }];
  if (block === 'profile') return profileItems(spec);
  const table = block === 'other' ? undefined : (V.BLOCKS as Record<string, Record<string, V.SettingSpec>>)[block];
  return Object.entries(table ?? {}).map(([label, s]) => ({ label, kind: KIND.property, detail: V.describeParam(s), documentation: s.doc, insertText: `${label} = ` }));
}

/** A profile's statements and the settings it may override: `train.steps`, `data.NAME.key`, `model.NAME.key`. */
function profileItems(spec: A.Spec): CompletionItem[] {
  const override = (path: string, table: Record<string, V.SettingSpec>) =>
    Object.entries(table).map(([k, s]) => ({ label: `${path}.${k}`, kind: KIND.property, detail: V.describeParam(s), documentation: s.doc, insertText: `${path}.${k} = ` }));
  const named = spec.statements.flatMap((s) => (s.kind === 'data' || s.kind === 'model' ? override(`${s.kind}.${s.name}`, V.BLOCKS[s.kind]) : []));
  return [...['let', 'sweep', 'seeds'].map((label) => ({ label, kind: KIND.keyword, detail: STATEMENTS[label]! })), ...override('train', V.BLOCKS.train), ...named];
}

/** Named parameters of the enclosing call (a constructor or a measurement's options). */
function argumentItems(ctx: CursorContext): CompletionItem[] {
  if (!ctx.call || ctx.position !== 'argument') return [];
  const params = ctx.block === 'measure' ? V.measurement(ctx.call)?.options : V.findCall(ctx.call, V.familyOf(ctx.block, ctx.setting))?.spec.params;
  return Object.entries(params ?? {}).map(([label, p]) => ({ label, kind: KIND.field, detail: V.describeParam(p), documentation: p.doc, insertText: `${label}: ` }));
}

function valueItems(ctx: CursorContext, spec: A.Spec): CompletionItem[] {
  const setting = V.settingSpec(ctx.block, ctx.setting);
  const inClaim = ctx.block === 'expect' || setting?.type === 'comparison' || (ctx.call !== null && V.claimFunction(ctx.call) !== null);
  const axes = setting?.type === 'name' || inClaim || ctx.block === 'chart';
  const items: CompletionItem[] = [];
  if (setting?.values) items.push(...setting.values.map((label) => ({ label, kind: KIND.enumMember, detail: setting.doc })));
  const family = setting?.family ?? null;
  if (family) items.push(...constructorItems(family));
  if (family === 'layer') items.push(...ACTIVATIONS.map((label) => ({ label, kind: KIND.enumMember, detail: 'activation layer' })));
  if (inClaim) items.push(...Object.entries(V.CLAIM_FUNCTIONS).map(([label, f]) => ({ label, kind: KIND.function, detail: 'claim function', documentation: f.doc })));
  if (axes) items.push(...V.recordedValues(spec).map((label) => ({ label, kind: KIND.field, detail: 'recorded value', documentation: V.recordedBy(label)?.spec.doc ?? '' })));
  if (axes) items.push(...V.BUILTIN_AXES.map((label) => ({ label, kind: KIND.enumMember, detail: 'axis' })));
  items.push(...bindingItems(spec));
  if (!axes && !setting?.values && !family) items.push(...FUNCTION_NAMES.map((label) => ({ label, kind: KIND.function, detail: 'function' })));
  return items;
}

function constructorItems(family: V.Family): CompletionItem[] {
  return Object.entries(V.CALLS[family] as Record<string, CallSpec>).map(([label, c]) => ({ label, kind: KIND.function, detail: V.signature(label, c), documentation: c.doc }));
}

function bindingItems(spec: A.Spec): CompletionItem[] {
  return collectBindings(spec).map((b) => ({
    label: b.name, kind: KIND.variable,
    detail: b.statement.kind === 'let' ? `let ${b.name} = ${printExpr(b.statement.value, 0)}` : `sweep ${b.statement.names.join(', ')} = ${printExpr(b.statement.value, 0)}`,
  }));
}
