// diffResults: two or more revisions (results + the spec that made them) → what changed from
// each to the next: the spec (semantic and text), the measurements that moved (final value,
// mean over seeds, matched by the cell's swept values), cells on one side only, and the
// expectations whose verdict changed. Plain data: the HTML, markdown and JSON come from it.

import { parseSpec } from '../../lang/parse.js';
import type { RunResults } from '../../run/results.js';
import type { ExpectationVerdict, Verdict } from '../../theory/verdict.js';
import { pickAt } from '../aggregate.js';
import { charts, readReportSpec, type ChartDef } from '../spec.js';
import { diffSpecs, type SpecChange } from './spec-diff.js';
import { unifiedHunks, type Hunk } from './text-diff.js';

export interface DiffSide {
  /** How the revision is named: a directory, a file, `file@rev`. */
  label: string;
  /** The spec text, when known. */
  source: string | null;
  results: RunResults;
  verdicts: readonly ExpectationVerdict[] | null;
  /** Why these results may not be what the spec says (mismatch allowed, provenance unknown). */
  warning?: string;
}

export interface Move {
  measurement: string;
  values: Record<string, number | string>;
  old: number;
  new: number;
  /** (new − old) / |old|; ±Infinity when old is 0. */
  relative: number;
}

export interface VerdictChange { name: string; claim: string; old: Verdict | null; new: Verdict | null; oldValue: number | null; newValue: number | null }

export interface DiffStep {
  from: string;
  to: string;
  /** null when either spec is unknown. */
  spec: SpecChange[] | null;
  text: Hunk[] | null;
  moves: Move[];
  onlyOld: Record<string, number | string>[];
  onlyNew: Record<string, number | string>[];
  verdicts: VerdictChange[];
}

export interface Diff {
  labels: string[]; steps: DiffStep[]; charts: ChartDef[];
  /** `label: warning` of each side that has one; absent when none does. */
  warnings?: string[];
}

type Finals = Map<string, { values: Record<string, number | string>; byMeasure: Map<string, number[]> }>;

/** Final whole-network value of every measurement of every cell, grouped by swept values. */
function finals(r: RunResults): Finals {
  const cells = new Map<string, typeof r.records>();
  for (const rec of r.records) if (rec.layer === undefined) cells.set(rec.cell, [...(cells.get(rec.cell) ?? []), rec]);
  const out: Finals = new Map();
  for (const rows of cells.values()) {
    const values = rows[0]!.values;
    const key = JSON.stringify(values);
    const entry = out.get(key) ?? { values, byMeasure: new Map<string, number[]>() };
    for (const m of new Set(rows.map((x) => x.measurement))) {
      const v = pickAt(rows, m, 'final');
      if (v !== null) entry.byMeasure.set(m, [...(entry.byMeasure.get(m) ?? []), v]);
    }
    out.set(key, entry);
  }
  return out;
}

const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

export function moves(a: RunResults, b: RunResults): { moves: Move[]; onlyOld: DiffStep['onlyOld']; onlyNew: DiffStep['onlyNew'] } {
  const fa = finals(a), fb = finals(b);
  const out: Move[] = [];
  for (const [key, ea] of fa) {
    const eb = fb.get(key);
    if (!eb) continue;
    for (const [m, xs] of ea.byMeasure) {
      const ys = eb.byMeasure.get(m);
      if (!ys) continue;
      const o = mean(xs), n = mean(ys);
      if (o === n) continue;
      out.push({ measurement: m, values: ea.values, old: o, new: n, relative: o === 0 ? Math.sign(n) * Infinity : (n - o) / Math.abs(o) });
    }
  }
  out.sort((x, y) => Math.abs(y.relative) - Math.abs(x.relative) || x.measurement.localeCompare(y.measurement));
  return {
    moves: out,
    onlyOld: [...fa.keys()].filter((k) => !fb.has(k)).map((k) => fa.get(k)!.values),
    onlyNew: [...fb.keys()].filter((k) => !fa.has(k)).map((k) => fb.get(k)!.values),
  };
}

export function verdictChanges(a: readonly ExpectationVerdict[] | null, b: readonly ExpectationVerdict[] | null): VerdictChange[] {
  const names = [...new Set([...(a ?? []), ...(b ?? [])].map((v) => v.name))];
  return names.flatMap((name) => {
    const o = a?.find((v) => v.name === name) ?? null, n = b?.find((v) => v.name === name) ?? null;
    if (o?.verdict === n?.verdict) return [];
    return [{ name, claim: (n ?? o)!.claim, old: o?.verdict ?? null, new: n?.verdict ?? null, oldValue: o?.measured.value ?? null, newValue: n?.measured.value ?? null }];
  });
}

function step(a: DiffSide, b: DiffSide): DiffStep {
  const known = a.source !== null && b.source !== null;
  return {
    from: a.label, to: b.label,
    spec: known ? diffSpecs(parseSpec(a.source!).spec, parseSpec(b.source!).spec) : null,
    text: known ? unifiedHunks(a.source!, b.source!) : null,
    ...moves(a.results, b.results),
    verdicts: verdictChanges(a.verdicts, b.verdicts),
  };
}

/** Charts of every revision, by name; a later revision's definition wins. */
function unionCharts(sides: DiffSide[]): ChartDef[] {
  const byName = new Map<string, ChartDef>();
  for (const s of sides) {
    if (s.source === null) continue;
    for (const c of charts(readReportSpec(parseSpec(s.source).spec, s.results.profile))) byName.set(c.name, c);
  }
  return [...byName.values()];
}

export function diffResults(sides: DiffSide[]): Diff {
  if (sides.length < 2) throw new Error('a diff needs at least two sides');
  const warnings = sides.filter((s) => s.warning).map((s) => `${s.label}: ${s.warning}`);
  const diff: Diff = { labels: sides.map((s) => s.label), steps: sides.slice(1).map((s, i) => step(sides[i]!, s)), charts: unionCharts(sides) };
  return warnings.length ? { ...diff, warnings } : diff;
}
