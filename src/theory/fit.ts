// Fits of theory's scaling laws to measurements, with a bootstrap interval over seeds:
// power law y = c·x^p (least squares of log y on log x; p is the log-log slope) and
// exponential decay y = c·e^{−r·t} (least squares of log y on t; r = −slope).
// The interval resamples whole seeds with replacement (B refits, percentile interval) with a
// seeded RNG so reports are reproducible; one seed gives no interval, never an invented one.
import { createRng } from './rng.js';

/** One seed's measurements: y[i] observed at x[i] (width, α, step, …). */
export interface SeedSeries {
  x: number[];
  y: number[];
}

export interface FitOptions {
  /** Bootstrap resamples (default 2000). */
  resamples?: number;
  /** Central interval mass (default 0.95). */
  level?: number;
  /** Bootstrap RNG seed (default 0). */
  seed?: number;
}

export interface FitResult {
  /** The fitted exponent: power-law slope p, or exponential rate r (> 0 for decay). */
  estimate: number;
  /** log c. */
  intercept: number;
  /** Points used (x > 0 and y > 0 as the log requires). */
  points: number;
  /** Points dropped because a logarithm was undefined. */
  excluded: number;
  seeds: number;
  interval: { low: number; high: number; level: number } | null;
  /** Why there is no interval, when there is none. */
  reason: string | null;
}

/** Least-squares slope and intercept of v on u. */
export function leastSquares(u: number[], v: number[]): { slope: number; intercept: number } {
  const n = u.length;
  const mu = u.reduce((s, a) => s + a, 0) / n;
  const mv = v.reduce((s, a) => s + a, 0) / n;
  let suv = 0, suu = 0;
  for (let i = 0; i < n; i++) {
    suv += (u[i]! - mu) * (v[i]! - mv);
    suu += (u[i]! - mu) ** 2;
  }
  const slope = suv / suu;
  return { slope, intercept: mv - slope * mu };
}

type Transform = (x: number, y: number) => [number, number] | null;

const logLog: Transform = (x, y) => (x > 0 && y > 0 ? [Math.log(x), Math.log(y)] : null);
const linLog: Transform = (x, y) => (y > 0 && Number.isFinite(x) ? [x, Math.log(y)] : null);

function transformSeeds(series: SeedSeries[], tf: Transform): { u: number[]; v: number[]; excluded: number }[] {
  return series.map((s) => {
    if (s.x.length !== s.y.length) throw new Error('x and y of a seed must have equal length');
    const u: number[] = [], v: number[] = [];
    s.x.forEach((x, i) => {
      const p = tf(x, s.y[i]!);
      if (p) { u.push(p[0]); v.push(p[1]); }
    });
    return { u, v, excluded: s.x.length - u.length };
  });
}

function pooledFit(seeds: { u: number[]; v: number[] }[]): { slope: number; intercept: number } {
  return leastSquares(seeds.flatMap((s) => s.u), seeds.flatMap((s) => s.v));
}

function percentile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function fitWithBootstrap(series: SeedSeries[], tf: Transform, sign: 1 | -1, opts: FitOptions): FitResult {
  const seeds = transformSeeds(series, tf);
  const points = seeds.reduce((s, t) => s + t.u.length, 0);
  const excluded = seeds.reduce((s, t) => s + t.excluded, 0);
  if (new Set(seeds.flatMap((s) => s.u)).size < 2) throw new Error('a fit needs at least two distinct x values');
  const fit = pooledFit(seeds);
  const base = { estimate: sign * fit.slope, intercept: fit.intercept, points, excluded, seeds: series.length };
  if (series.length < 2) return { ...base, interval: null, reason: 'one seed: no interval' };
  const rng = createRng(opts.seed ?? 0);
  const B = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const stats: number[] = [];
  for (let b = 0; b < B; b++) {
    const pick = seeds.map(() => seeds[rng.int(seeds.length)]!);
    const s = pooledFit(pick).slope;
    // A resample that repeats one seed whose x values are all equal has no slope; skip it.
    if (Number.isFinite(s)) stats.push(sign * s);
  }
  stats.sort((a, b) => a - b);
  const interval = { low: percentile(stats, (1 - level) / 2), high: percentile(stats, (1 + level) / 2), level };
  return { ...base, interval, reason: null };
}

/** Power law y ≈ c·x^p: estimate = p (log-log slope). */
export function fitPowerLaw(series: SeedSeries[], opts: FitOptions = {}): FitResult {
  return fitWithBootstrap(series, logLog, 1, opts);
}

/** Exponential decay y ≈ c·e^{−r·x} (x = step or time): estimate = r = −d log y/dx. */
export function fitExponentialRate(series: SeedSeries[], opts: FitOptions = {}): FitResult {
  return fitWithBootstrap(series, linLog, -1, opts);
}

/** Whether a fitted exponent agrees with theory: the interval contains it, or |estimate − theory| ≤ tol. */
export function agreesWith(fit: FitResult, theory: number, tolerance: number): boolean {
  if (fit.interval) return fit.interval.low - tolerance <= theory && theory <= fit.interval.high + tolerance;
  return Math.abs(fit.estimate - theory) <= tolerance;
}

/** The fitted exponent alone (power-law slope, or decay rate), NaN when the fit is undefined: a claim's seed statistic. */
export function fitExponent(series: SeedSeries[], kind: 'power' | 'rate'): number {
  const seeds = transformSeeds(series, kind === 'power' ? logLog : linLog);
  if (new Set(seeds.flatMap((s) => s.u)).size < 2) return NaN;
  return (kind === 'power' ? 1 : -1) * pooledFit(seeds).slope;
}
