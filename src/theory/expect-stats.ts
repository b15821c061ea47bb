// Statistics of a claim as functions of the seeds they are computed from, so that every claim
// value — a mean, a fitted slope, a difference of two means, 0.5·initial(y) — gets an interval
// over seeds the same way: a paired seed bootstrap (resample whole seeds with replacement,
// recompute the whole expression, 2.5/97.5 percentiles). Below MIN_SEEDS seeds a bootstrap
// percentile interval is not a 95 % interval, so the interval is the range of the per-seed values
// and is labelled as such (README "Expectations").

import { createRng } from './rng.js';
import type { CellData } from './expect-data.js';

/** Fewest seeds for a bootstrap interval; fewer give "range of N seeds", on which no claim passes. */
export const MIN_SEEDS = 5;
/** Bootstrap resamples and RNG seed (fixed: reports are reproducible). */
export const RESAMPLES = 2000;
const LEVEL = 0.95;

/** A statistic over seeds: `estimate(seeds)` recomputes it on a multiset of seed ids (NaN when undefined). */
export interface Stat {
  kind: 'stat';
  what: string;
  /** Seed ids the statistic is computed from. */
  seeds: number[];
  estimate: (seeds: readonly number[]) => number;
  /** Fitted exponents (slope, rate, iso-line slope). */
  fitted: boolean;
  /** Cells behind it (for the unconverged flag). */
  cells: CellData[];
  /** A remark shown with the value (e.g. a bound, not a prediction). */
  note?: string;
}

export type IntervalKind = 'bootstrap' | 'range';

export interface SeedInterval { low: number; high: number; kind: IntervalKind; seeds: number }

/** A constant as a statistic of no seed. */
export function constantStat(value: number): Stat {
  return { kind: 'stat', what: String(value), seeds: [], estimate: () => value, fitted: false, cells: [] };
}

/** The point estimate: the statistic on all its seeds. */
export function pointOf(s: Stat): number {
  return s.estimate(s.seeds);
}

function percentile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

// A comparison reads a statistic's interval several times (verdict, detail, record): compute it once.
const computed = new WeakMap<Stat, SeedInterval | null>();

/** Seed-bootstrap percentile interval (≥ MIN_SEEDS seeds), else the range of per-seed values; null when none. */
export function intervalOf(s: Stat): SeedInterval | null {
  if (!computed.has(s)) computed.set(s, computeInterval(s));
  return computed.get(s)!;
}

function computeInterval(s: Stat): SeedInterval | null {
  const n = s.seeds.length;
  if (n === 0) return null;
  if (n < MIN_SEEDS) {
    const each = s.seeds.map((k) => s.estimate([k])).filter(Number.isFinite);
    return each.length ? { low: Math.min(...each), high: Math.max(...each), kind: 'range', seeds: n } : null;
  }
  const rng = createRng(0);
  const draws: number[] = [];
  for (let b = 0; b < RESAMPLES; b++) {
    const v = s.estimate(s.seeds.map(() => s.seeds[rng.int(n)]!));
    // A resample can leave a fit undefined (all x equal): it carries no information, skip it.
    if (Number.isFinite(v)) draws.push(v);
  }
  if (draws.length < RESAMPLES / 2) return null;
  draws.sort((a, b) => a - b);
  return { low: percentile(draws, (1 - LEVEL) / 2), high: percentile(draws, (1 + LEVEL) / 2), kind: 'bootstrap', seeds: n };
}

/** `f(a, b)` as a statistic of the union of their seeds (a seed missing on one side is skipped there). */
export function combine(a: Stat, b: Stat, f: (x: number, y: number) => number, what: string): Stat {
  const seeds = [...new Set([...a.seeds, ...b.seeds])].sort((x, y) => x - y);
  const has = (s: Stat) => new Set(s.seeds);
  const ha = has(a), hb = has(b);
  const restrict = (s: Stat, h: Set<number>, draw: readonly number[]) => (s.seeds.length ? s.estimate(draw.filter((k) => h.has(k))) : s.estimate([]));
  return {
    kind: 'stat', what, seeds, fitted: a.fitted || b.fitted, cells: [...a.cells, ...b.cells],
    estimate: (draw) => f(restrict(a, ha, draw), restrict(b, hb, draw)),
  };
}

/** Mean over the drawn seeds of per-seed values (seeds without a value are skipped; none → NaN). */
export function seedMean(perSeed: Map<number, number>): (draw: readonly number[]) => number {
  return (draw) => {
    let sum = 0, n = 0;
    for (const k of draw) {
      const v = perSeed.get(k);
      if (v !== undefined) { sum += v; n++; }
    }
    return n ? sum / n : NaN;
  };
}

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

/** "95% seed-bootstrap interval [a, b] (7 seeds)" or "range of 3 seeds [a, b]". */
export function describeInterval(iv: SeedInterval | null): string {
  if (!iv) return 'no interval';
  const ends = `[${fmt(iv.low)}, ${fmt(iv.high)}]`;
  return iv.kind === 'bootstrap' ? `95% seed-bootstrap interval ${ends} (${iv.seeds} seeds)` : `range of ${iv.seeds} seed${iv.seeds === 1 ? '' : 's'} ${ends}`;
}
