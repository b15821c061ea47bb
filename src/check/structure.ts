// Static checks of a spec's structure: required and duplicate blocks, duplicate names,
// unknown or repeated setting keys, unknown measurements. Each check reports through `accept`.

import type { Diagnostic, Span } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import { BLOCKS } from './schema.js';
import { MEASUREMENTS } from './catalogue.js';
import { suggest } from '../plan/suggest.js';
import { hasOwn } from '../lang/lookup.js';
import * as M from '../messages/index.js';

export type Accept = (d: Diagnostic) => void;

export function error(code: string, message: string, span: Span, hint?: string): Diagnostic {
  return hint ? { severity: 'error', code, message, span, hint } : { severity: 'error', code, message, span };
}

export function warning(code: string, message: string, span: Span, hint?: string): Diagnostic {
  return hint ? { severity: 'warning', code, message, span, hint } : { severity: 'warning', code, message, span };
}

const REQUIRED_ONCE = ['experiment', 'train'] as const;

export function checkBlocks(spec: A.Spec, accept: Accept): void {
  for (const kind of REQUIRED_ONCE) {
    const found = spec.statements.filter((s) => s.kind === kind);
    if (found.length === 0) accept({ ...error('E0401', M.missingBlock(kind), spec.span, M.missingBlockHint(kind)), whole: true });
    for (const extra of found.slice(1)) accept(error('E0407', M.secondBlock(kind), extra.span, M.oneBlockOnly(kind)));
  }
  for (const kind of ['data', 'model'] as const) {
    if (!spec.statements.some((s) => s.kind === kind)) {
      accept({ ...error('E0401', M.missingBlock(kind), spec.span, M.missingBlockHint(kind)), whole: true });
    }
  }
  for (const kind of ['measure', 'report', 'seeds'] as const) {
    for (const extra of spec.statements.filter((s) => s.kind === kind).slice(1)) {
      accept(error('E0407', M.secondBlock(kind), extra.span, M.mergeIntoOne()));
    }
  }
}

/** Names that share one namespace must be unique: bindings and swept variables; blocks per kind. */
export function checkDuplicateNames(spec: A.Spec, accept: Accept): void {
  // The hint describes the first definition, so each name keeps what it was first defined as.
  const values = new Map<string, { span: Span; what: 'let' | 'sweep' }>();
  const note = (name: string, span: Span, what: 'let' | 'sweep') => {
    const prev = values.get(name);
    if (prev) accept(error('E0208', M.nameDefinedTwice(name), span, M.firstDefinedAs(prev.what, prev.span.start.line)));
    else values.set(name, { span, what });
  };
  for (const s of spec.statements) {
    if (s.kind === 'let') note(s.name, s.nameSpan, 'let');
    if (s.kind === 'sweep') s.names.forEach((n, i) => note(n, s.nameSpans[i]!, 'sweep'));
  }
  const byKind = new Map<string, Map<string, Span>>();
  const named = spec.statements.flatMap((s): A.Named[] & { kind?: string }[] => {
    if (s.kind === 'report') return s.items.filter((i): i is A.ChartItem => i.kind === 'chart');
    return 'name' in s && s.kind !== 'let' ? [s as A.Named & { kind: string }] : [];
  }) as (A.Named & { kind: string })[];
  for (const s of named) {
    const seen = byKind.get(s.kind) ?? new Map<string, Span>();
    byKind.set(s.kind, seen);
    const prev = seen.get(s.name);
    if (prev) accept(error('E0208', M.blockDefinedTwice(s.kind, s.name), s.nameSpan, M.firstDefinedOnLine(prev.start.line)));
    else seen.set(s.name, s.nameSpan);
  }
}

export function checkSettings(kind: keyof typeof BLOCKS, settings: A.Setting[], accept: Accept, owner: Span): void {
  const schema = BLOCKS[kind];
  const seen = new Map<string, Span>();
  for (const s of settings) {
    const key = s.path[0] ?? '';
    if (!hasOwn(schema, key)) {
      const near = suggest(key, Object.keys(schema));
      accept(error('E0210', M.unknownSetting(key, kind), s.pathSpan, near ? M.didYouMean(near) : M.knownNames('settings', Object.keys(schema))));
      continue;
    }
    const prev = seen.get(key);
    if (prev) accept(error('E0209', M.settingSetTwice(key), s.pathSpan, M.firstSetOnLine(prev.start.line)));
    else seen.set(key, s.pathSpan);
  }
  for (const [key, spec] of Object.entries(schema)) {
    const layered = kind === 'model' && key === 'hidden' && seen.has('layers');
    if (spec.required && !seen.has(key) && !(kind === 'train' && key === 'steps') && !layered) {
      accept(error('E0402', M.missingSetting(kind, key), owner, M.missingSettingHint(key, spec.doc)));
    }
  }
}

export function checkAllSettings(spec: A.Spec, accept: Accept): void {
  for (const s of spec.statements) {
    if (s.kind === 'experiment' || s.kind === 'data' || s.kind === 'model' || s.kind === 'expect') {
      checkSettings(s.kind, s.settings, accept, s.nameSpan);
    } else if (s.kind === 'train') {
      checkSettings('train', s.settings, accept, s.span);
      const keys = s.settings.map((x) => x.path[0]);
      if (!keys.includes('steps') && !keys.includes('epochs')) accept(error('E0402', M.missingStepsOrEpochs(), s.span, M.missingStepsOrEpochsHint()));
    } else if (s.kind === 'report') {
      for (const c of s.items) if (c.kind === 'chart') checkSettings('chart', c.settings, accept, c.nameSpan);
    }
  }
}

export function checkMeasurements(spec: A.Spec, accept: Accept): void {
  const seen = new Map<string, Span>();
  for (const s of spec.statements) {
    if (s.kind !== 'measure') continue;
    for (const item of s.items) {
      if (!hasOwn(MEASUREMENTS, item.name)) {
        const near = suggest(item.name, Object.keys(MEASUREMENTS));
        accept(error('E0205', M.unknownMeasurement(item.name), item.nameSpan, near ? M.didYouMean(near) : M.knownNames('measurements', Object.keys(MEASUREMENTS))));
        continue;
      }
      const prev = seen.get(item.name);
      if (prev) accept(error('E0209', M.measurementListedTwice(item.name), item.nameSpan, M.firstListedOnLine(prev.start.line)));
      seen.set(item.name, item.nameSpan);
    }
  }
}
