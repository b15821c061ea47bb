// diffSpecs: the semantic difference of two specs — which bindings, sweeps, seeds, data,
// models, training and measurement settings, expectations, charts and profiles changed,
// each as old → new canonical text (sweeps also with their values) — plus a line diff.

import type * as A from '../../lang/ast.js';
import { printArgs, printExpr } from '../../fmt/expr.js';
import { evaluateAxis } from '../../plan/sweep.js';

export type Area = 'experiment' | 'binding' | 'sweep' | 'seeds' | 'data' | 'model' | 'train' | 'measure' | 'expect' | 'chart' | 'report' | 'profile';

export interface SpecChange {
  area: Area;
  /** What changed, e.g. `sweep m`, `model mlp: activation`, `train: steps`. */
  what: string;
  kind: 'added' | 'removed' | 'changed';
  old: string | null;
  new: string | null;
}

interface Fact { area: Area; what: string; block: string | null; text: string }

const one = (s: string): string => s.replace(/\s+/g, ' ').trim();

function settingsFacts(area: Area, label: string, settings: A.Setting[]): Fact[] {
  const block = { area, what: label, block: null, text: '{ … }' };
  return [block, ...settings.map((s) => ({ area, what: `${label}: ${s.path.join('.')}`, block: label, text: one(printExpr(s.value, 0)) }))];
}

function sweepText(s: A.SweepStatement, bindings: Map<string, A.Expr>): string {
  const written = printExpr(s.value, 0);
  try {
    const pts = evaluateAxis(s, bindings).points.map((t) => (t.length === 1 ? String(t[0]) : `(${t.join(', ')})`));
    const values = `[${pts.join(', ')}]`;
    return values === written ? written : `${written} = ${values}`;
  } catch {
    return written;
  }
}

function facts(spec: A.Spec): Fact[] {
  const bindings = new Map(spec.statements.filter((s): s is A.LetStatement => s.kind === 'let').map((s) => [s.name, s.value]));
  const out: Fact[] = [];
  for (const s of spec.statements) {
    switch (s.kind) {
      case 'experiment': out.push(...settingsFacts('experiment', `experiment ${s.name}`, s.settings).slice(1)); break;
      case 'let': out.push({ area: 'binding', what: `let ${s.name}`, block: null, text: one(printExpr(s.value, 0)) }); break;
      case 'sweep': out.push({ area: 'sweep', what: `sweep ${s.names.join(', ')}`, block: null, text: sweepText(s, bindings) }); break;
      case 'seeds': out.push({ area: 'seeds', what: 'seeds', block: null, text: printExpr(s.value, 0) }); break;
      case 'data': out.push(...settingsFacts('data', `data ${s.name}`, s.settings)); break;
      case 'model': out.push(...settingsFacts('model', `model ${s.name}`, s.settings)); break;
      case 'train': out.push(...settingsFacts('train', 'train', s.settings).slice(1)); break;
      case 'measure': out.push(...s.items.map((i) => ({ area: 'measure' as const, what: `measure ${i.name}`, block: null, text: i.args ? `${i.name}(${printArgs(i.args, 0)})` : i.name }))); break;
      case 'expect': out.push(...settingsFacts('expect', `expect ${s.name}`, s.settings)); break;
      case 'report': out.push(...reportFacts(s)); break;
      case 'profile': out.push({ area: 'profile', what: `profile ${s.name}`, block: null, text: s.entries.map(profileEntry).join('; ') }); break;
    }
  }
  return out;
}

function reportFacts(r: A.ReportBlock): Fact[] {
  let texts = 0;
  return r.items.flatMap((i) => (i.kind === 'chart'
    ? settingsFacts('chart', `chart ${i.name}`, i.settings)
    : [{ area: 'report' as const, what: `text ${++texts}`, block: null, text: one(i.text.value) }]));
}

function profileEntry(e: A.ProfileEntry): string {
  if (e.kind === 'let') return `let ${e.name} = ${printExpr(e.value, 0)}`;
  if (e.kind === 'sweep') return `sweep ${e.names.join(', ')} = ${printExpr(e.value, 0)}`;
  return `${e.path.join('.')} = ${one(printExpr(e.value, 0))}`;
}

/** Changes from `a` to `b`; a block added or removed whole is one change, not one per setting. */
export function diffSpecs(a: A.Spec, b: A.Spec): SpecChange[] {
  const fa = new Map(facts(a).map((f) => [f.what, f])), fb = new Map(facts(b).map((f) => [f.what, f]));
  const wholeBlock = (f: Fact, other: Map<string, Fact>) => f.block !== null && !other.has(f.block);
  const out: SpecChange[] = [];
  for (const [what, f] of fa) {
    const g = fb.get(what);
    if (!g) { if (!wholeBlock(f, fb)) out.push({ area: f.area, what, kind: 'removed', old: f.text, new: null }); continue; }
    if (g.text !== f.text) out.push({ area: f.area, what, kind: 'changed', old: f.text, new: g.text });
  }
  for (const [what, g] of fb) if (!fa.has(what) && !wholeBlock(g, fa)) out.push({ area: g.area, what, kind: 'added', old: null, new: g.text });
  return out;
}
