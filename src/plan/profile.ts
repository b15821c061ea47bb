// Profiles: named overrides applied to the AST before planning. A profile's `let` and
// `sweep` replace the top-level ones of the same name (or add them); `seeds = …` replaces the
// seeds; `train.steps = …`, `data.NAME.key = …`, `model.NAME.key = …` replace one setting.

import type { Diagnostic } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import { BLOCKS } from '../check/schema.js';
import { suggest } from './suggest.js';
import { own } from '../lang/lookup.js';
import * as M from '../messages/index.js';

export interface ProfileResult { spec: A.Spec; diagnostics: Diagnostic[] }

const NAMED_BLOCKS = ['data', 'model', 'expect', 'experiment'] as const;
/** Settings that are two spellings of one choice: setting one drops the other. */
const EXCLUSIVE: Record<string, string> = { steps: 'epochs', epochs: 'steps' };

export function profileNames(spec: A.Spec): string[] {
  return spec.statements.filter((s): s is A.ProfileBlock => s.kind === 'profile').map((p) => p.name);
}

export function applyProfile(spec: A.Spec, name: string | null): ProfileResult {
  const base: A.Spec = { ...spec, statements: spec.statements.filter((s) => s.kind !== 'profile') };
  if (name === null) return { spec: base, diagnostics: [] };
  const profile = spec.statements.find((s): s is A.ProfileBlock => s.kind === 'profile' && s.name === name);
  if (!profile) {
    const near = suggest(name, profileNames(spec));
    const names = profileNames(spec);
    return {
      spec: base,
      diagnostics: [{
        severity: 'error', code: 'E0220', message: M.unknownProfile(name), span: spec.span, whole: true,
        hint: near ? M.didYouMean(near) : names.length ? M.knownNames('profiles', names) : M.noProfiles(),
      }],
    };
  }
  const diagnostics: Diagnostic[] = [];
  let statements = base.statements;
  for (const entry of profile.entries) statements = applyEntry(statements, entry, diagnostics);
  return { spec: { ...base, statements }, diagnostics };
}

function applyEntry(statements: A.Statement[], entry: A.ProfileEntry, out: Diagnostic[]): A.Statement[] {
  if (entry.kind === 'let') return replaceOrAdd(statements, entry, (s) => s.kind === 'let' && s.name === entry.name);
  if (entry.kind === 'sweep') {
    return replaceOrAdd(statements, entry, (s) => s.kind === 'sweep' && s.names.some((n) => entry.names.includes(n)));
  }
  const [head, ...rest] = entry.path;
  if (head === 'seeds' && rest.length === 0) {
    const seeds: A.SeedsStatement = { kind: 'seeds', value: entry.value, span: entry.span };
    return replaceOrAdd(statements, seeds, (s) => s.kind === 'seeds');
  }
  if (head === 'train' && rest.length === 1) {
    if (!knownKey('train', rest[0]!, entry, out)) return statements;
    return statements.map((s) => (s.kind === 'train' ? { ...s, settings: setKey(s.settings, rest[0]!, entry) } : s));
  }
  if ((NAMED_BLOCKS as readonly string[]).includes(head ?? '') && rest.length === 2) {
    const [blockName, key] = rest as [string, string];
    const target = statements.find((s) => s.kind === head && 'name' in s && s.name === blockName);
    if (!target) {
      const names = statements.filter((s) => s.kind === head && 'name' in s).map((s) => (s as A.Named).name);
      const near = suggest(blockName, names);
      out.push(badPath(entry, M.noBlockNamed(head!, blockName), near ? M.didYouMean(`${head}.${near}.${key}`) : undefined));
      return statements;
    }
    if (!knownKey(head as (typeof NAMED_BLOCKS)[number], key, entry, out)) return statements;
    return statements.map((s) => (s === target && 'settings' in s ? { ...s, settings: setKey(s.settings, key, entry) } : s));
  }
  const near = suggest(head ?? '', ['seeds', 'train', ...NAMED_BLOCKS]);
  const fixed = near && near !== head ? [near, ...rest].join('.') : null;
  out.push(badPath(entry, M.cannotOverride(entry.path), fixed ? M.didYouMean(fixed) : undefined));
  return statements;
}

/** A profile may only override keys its block knows (a typo would otherwise be dropped silently). */
function knownKey(kind: keyof typeof BLOCKS, key: string, entry: A.Setting, out: Diagnostic[]): boolean {
  const keys = Object.keys(BLOCKS[kind]);
  if (keys.includes(key)) return true;
  const near = suggest(key, keys);
  out.push(badPath(entry, M.unknownSetting(key, kind), near ? M.didYouMean(near) : M.knownNames('settings', keys)));
  return false;
}

function badPath(entry: A.Setting, message: string, hint?: string): Diagnostic {
  return {
    severity: 'error', code: 'E0221', message, span: entry.pathSpan,
    hint: hint ?? M.overridePathHint(),
  };
}

function replaceOrAdd(statements: A.Statement[], next: A.Statement, match: (s: A.Statement) => boolean): A.Statement[] {
  const i = statements.findIndex(match);
  if (i < 0) return [...statements, next];
  return statements.map((s, j) => (j === i ? next : s));
}

function setKey(settings: A.Setting[], key: string, entry: A.Setting): A.Setting[] {
  const replacement: A.Setting = { ...entry, path: [key] };
  const kept = settings.filter((s) => s.path[0] !== own(EXCLUSIVE, key));
  const i = kept.findIndex((s) => s.path[0] === key);
  if (i < 0) return [...kept, replacement];
  return kept.map((s, j) => (j === i ? replacement : s));
}
