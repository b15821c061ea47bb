// The names the language knows, looked up by context: the settings of a block, the constructor
// families, the measurements and what they record. One place for completion and hover.

import type * as A from '../lang/ast.js';
import { BLOCKS, BUILTIN_AXES, CALLS, type CallSpec, type ParamSpec, type SettingSpec } from '../check/schema.js';
import { CLAIM_FUNCTIONS, MEASUREMENTS, type MeasureSpec } from '../check/catalogue.js';
import { own } from '../lang/lookup.js';
import type { BlockKind } from './context.js';

export type Family = keyof typeof CALLS;

/** The schema of the setting `path` in `block` (a profile's `data.NAME.key` names its block first). */
export function settingSpec(block: BlockKind | null, path: string | null): SettingSpec | null {
  if (!path) return null;
  const parts = path.split('.');
  const inBlock = parts.length > 1 ? parts[0]! : block;
  const table = inBlock ? own(BLOCKS as Record<string, Record<string, SettingSpec>>, inBlock) : undefined;
  return (table && own(table, parts[parts.length - 1]!)) ?? null;
}

/** The constructor family a setting's value is written in (`init` and `layers` take calls too). */
export function familyOf(block: BlockKind | null, path: string | null): Family | null {
  return settingSpec(block, path)?.family ?? null;
}

/** A constructor by name, looked up in the preferred family first. */
export function findCall(name: string, prefer: Family | null): { family: Family; spec: CallSpec } | null {
  const families = (Object.keys(CALLS) as Family[]).sort((a, b) => Number(b === prefer) - Number(a === prefer));
  for (const family of families) {
    const spec = own(CALLS[family] as Record<string, CallSpec>, name);
    if (spec) return { family, spec };
  }
  return null;
}

export function measurement(name: string): MeasureSpec | null {
  return own(MEASUREMENTS, name) ?? null;
}

/** The measurement that records the value `name` (a chart or claim axis). */
export function recordedBy(name: string): { name: string; spec: MeasureSpec } | null {
  for (const [m, spec] of Object.entries(MEASUREMENTS)) if (spec.outputs.includes(name)) return { name: m, spec };
  return null;
}

/** Values a chart or claim can name: what the spec measures (everything, when it measures nothing yet). */
export function recordedValues(spec: A.Spec): string[] {
  const measure = spec.statements.find((s): s is A.MeasureBlock => s.kind === 'measure');
  const names = measure?.items.length ? measure.items.map((i) => i.name) : Object.keys(MEASUREMENTS);
  return [...new Set(names.flatMap((n) => measurement(n)?.outputs ?? []))];
}

export function claimFunction(name: string): string | null {
  return own(CLAIM_FUNCTIONS, name)?.doc ?? null;
}

export { BLOCKS, BUILTIN_AXES, CALLS, CLAIM_FUNCTIONS, MEASUREMENTS };
export type { SettingSpec };

/** `type, default 0.9` for a parameter or setting. */
export function describeParam(p: ParamSpec | SettingSpec): string {
  const type = 'values' in p && p.values ? p.values.join(' | ') : 'family' in p && p.family ? `${p.family} call` : p.type;
  // A parameter without a default is required; a setting says so with `required`.
  const dflt = p.default === undefined || ('required' in p && p.required) ? 'required' : p.default === null ? 'optional' : `default ${JSON.stringify(p.default)}`;
  return `${type}, ${dflt}`;
}

/** `gd(lr)` or `adam(lr, beta1: …)`: positional parameters, then the named-only ones. */
export function signature(name: string, spec: CallSpec): string {
  const named = Object.keys(spec.params).filter((p) => !spec.positional.includes(p)).map((p) => `${p}: …`);
  return `${name}(${[...spec.positional, ...named].join(', ')})`;
}
