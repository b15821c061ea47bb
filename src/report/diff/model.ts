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
  /** Seeds behind each mean (old, new). */
  seeds: [number, number];
  /** Standard error of new − old from the seed-to-seed spread, √(s²_old/n_old + s²_new/n_new);
   *  null with a single seed on both sides (no yardstick). */
  noise: number | null;
  /** |new − old| > NOISE_FACTOR × noise: a move beyond what reseeding alone gives; null without noise. */
  beyondNoise: boolean | null;
}

/** A move counts as beyond noise past this many standard errors (≈ 95 % two-sided for a normal). */
export const NOISE_FACTOR = 2;

/** One expectation on both sides; `changed` when its verdict flips (or it appears or goes). */
export interface VerdictChange { name: string; claim: string; old: Verdict | null; new: Verdict | null; oldValue: number | null; newValue: number | null; changed: boolean }

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
/** Sample variance (n − 1); 0 for one value. */
const variance = (xs: number[]): number => (xs.length < 2 ? 0 : xs.reduce((s, v) => s + (v - mean(xs)) ** 2, 0) / (xs.length - 1));

/** The move of one measurement in one cell, with the seed-to-seed yardstick. */
export function makeMove(measurement: string, values: Record<string, number | string>, xs: number[], ys: number[]): Move {
  const o = mean(xs), n = mean(ys);
  const noise = xs.length < 2 && ys.length < 2 ? null : Math.sqrt(variance(xs) / xs.length + variance(ys) / ys.length);
  return {
    measurement, values, old: o, new: n, relative: o === 0 ? Math.sign(n) * Infinity : (n - o) / Math.abs(o),
    seeds: [xs.length, ys.length], noise, beyondNoise: noise === null ? null : Math.abs(n - o) > NOISE_FACTOR * noise,
  };
}

export function moves(a: RunResults, b: RunResults): { moves: Move[]; onlyOld: DiffStep['onlyOld']; onlyNew: DiffStep['onlyNew'] } {
  const fa = finals(a), fb = finals(b);
  const out: Move[] = [];
  for (const [key, ea] of fa) {
    const eb = fb.get(key);
    if (!eb) continue;
    for (const [m, xs] of ea.byMeasure) {
      const ys = eb.byMeasure.get(m);
      if (!ys) continue;
      if (mean(xs) === mean(ys)) continue;
      out.push(makeMove(m, ea.values, xs, ys));
    }
  }
  // Moves beyond noise first, then those without a yardstick, then those within noise; largest first.
  const rank = (x: Move): number => (x.beyondNoise === true ? 0 : x.beyondNoise === null ? 1 : 2);
  out.sort((x, y) => rank(x) - rank(y) || Math.abs(y.relative) - Math.abs(x.relative) || x.measurement.localeCompare(y.measurement));
  return {
    moves: out,
    onlyOld: [...fa.keys()].filter((k) => !fb.has(k)).map((k) => fa.get(k)!.values),
    onlyNew: [...fb.keys()].filter((k) => !fa.has(k)).map((k) => fb.get(k)!.values),
  };
}

/** Every expectation of either side with its verdict and measured value on each (flips marked). */
export function verdictChanges(a: readonly ExpectationVerdict[] | null, b: readonly ExpectationVerdict[] | null): VerdictChange[] {
  const names = [...new Set([...(a ?? []), ...(b ?? [])].map((v) => v.name))];
  return names.flatMap((name) => {
    const o = a?.find((v) => v.name === name) ?? null, n = b?.find((v) => v.name === name) ?? null;
    return [{ name, claim: (n ?? o)!.claim, old: o?.verdict ?? null, new: n?.verdict ?? null, oldValue: o?.measured.value ?? null, newValue: n?.measured.value ?? null, changed: o?.verdict !== n?.verdict }];
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
