// Run progress as plain data: which cells are done, how far the running ones are, and an ETA
// estimated from measured cell times and the plan's cost estimate. Pure (the caller passes the
// clock), so it is tested with synthetic times; the CLI draws it.
//
// The ETA: a cell's time is modelled as t = a + b·FLOPs (a: start-up, data, logging and
// measurements; b: seconds per FLOP), fitted to the finished cells (least squares, a, b ≥ 0).
// Small cells are all overhead and large ones all FLOPs, so counting steps or cells said "5 s"
// with minutes left. While the finished cells span too narrow a range of costs to fit b
// (< FIT_SPREAD×), b is the prior PRIOR_SECONDS_PER_FLOP. The time left is the model's time of
// every cell not started plus what the running ones still need, shared among the workers.
// No estimate before a cell has finished or MIN_EVIDENCE seconds of a running one were seen
// (the first steps include start-up and once said "21 min" at the start of a 16 s run).
// Never negative; counts never above the total.

/** Seconds per FLOP before the finished cells tell: 2 GFLOP/s, the wasm backend on small shapes. */
export const PRIOR_SECONDS_PER_FLOP = 5e-10;
/** Ratio of the largest to the smallest finished cell's FLOPs needed to fit seconds per FLOP. */
export const FIT_SPREAD = 4;
/** Seconds of a running cell needed before its partial progress gives an ETA. */
export const MIN_EVIDENCE = 2;

export interface ProgressState {
  /** All cells of the run, and those served from the cache (they cost nothing). */
  total: number;
  cached: number;
  jobs: number;
  /** The plan's FLOP estimate of each cell to train, by hash (cellCost). */
  costs: ReadonlyMap<string, number>;
  /** Finished cells: worker-seconds they took. */
  finished: ReadonlyMap<string, number>;
  /** Running cells: started at (seconds on the caller's clock), step reached, steps planned. */
  running: ReadonlyMap<string, { startedAt: number; step: number; steps: number }>;
}

export interface ProgressView {
  /** Cells done (cached + finished), at most `total`. */
  done: number;
  total: number;
  /** Estimated fraction of the work done, in [0, 1]. */
  fraction: number;
  /** Seconds left, ≥ 0; null while there is too little evidence. */
  etaSeconds: number | null;
}

export function cellCost(flops: number): number {
  return Number.isFinite(flops) ? Math.max(0, flops) : 0;
}

export function startProgress(total: number, cached: number, jobs: number, costs: ReadonlyMap<string, number>): ProgressState {
  return { total, cached: Math.min(cached, total), jobs: Math.max(1, jobs), costs, finished: new Map(), running: new Map() };
}

export function cellStarted(s: ProgressState, hash: string, steps: number, now: number): ProgressState {
  return { ...s, running: new Map(s.running).set(hash, { startedAt: now, step: 0, steps }) };
}

export function cellStepped(s: ProgressState, hash: string, step: number): ProgressState {
  const r = s.running.get(hash);
  if (!r) return s;
  return { ...s, running: new Map(s.running).set(hash, { ...r, step: Math.min(Math.max(step, r.step), r.steps) }) };
}

/** A cell finished after `seconds` of its worker's time (a served or failed cell too). */
export function cellFinished(s: ProgressState, hash: string, seconds: number): ProgressState {
  if (s.finished.has(hash)) return s;
  const running = new Map(s.running);
  running.delete(hash);
  return { ...s, running, finished: new Map(s.finished).set(hash, Math.max(0, seconds)) };
}

/** A cell another run trained, served from the shared cache: done, at no cost to this run. */
export function cellServed(s: ProgressState, hash: string): ProgressState {
  if (!s.costs.has(hash) || s.finished.has(hash)) return s;
  const costs = new Map(s.costs);
  costs.delete(hash);
  const running = new Map(s.running);
  running.delete(hash);
  return { ...s, costs, running, cached: Math.min(s.total, s.cached + 1) };
}

const costOf = (s: ProgressState, hash: string): number => s.costs.get(hash) ?? 0;

interface TimeModel { a: number; b: number }

/** t = a + b·f by least squares with a, b ≥ 0; b from the prior when the costs barely differ. */
export function fitCellTimes(points: readonly { f: number; t: number }[]): TimeModel | null {
  if (points.length === 0) return null;
  const n = points.length;
  const fBar = points.reduce((x, p) => x + p.f, 0) / n, tBar = points.reduce((x, p) => x + p.t, 0) / n;
  const fs = points.map((p) => p.f);
  const spread = Math.max(...fs) / Math.max(Math.min(...fs), 1);
  if (spread < FIT_SPREAD) return { a: Math.max(0, tBar - PRIOR_SECONDS_PER_FLOP * fBar), b: PRIOR_SECONDS_PER_FLOP };
  const sff = points.reduce((x, p) => x + (p.f - fBar) ** 2, 0);
  const b = points.reduce((x, p) => x + (p.f - fBar) * (p.t - tBar), 0) / sff;
  if (b <= 0) return { a: tBar, b: 0 };
  if (tBar - b * fBar >= 0) return { a: tBar - b * fBar, b };
  // Through the origin: all of the time is FLOPs.
  return { a: 0, b: points.reduce((x, p) => x + p.f * p.t, 0) / points.reduce((x, p) => x + p.f * p.f, 0) };
}

/** Finished cells, and running cells far enough along to say how long they take in all. */
function evidence(s: ProgressState, now: number): { f: number; t: number }[] {
  const points = [...s.finished].map(([hash, t]) => ({ f: costOf(s, hash), t }));
  if (points.length) return points;
  for (const [hash, r] of s.running) {
    const elapsed = now - r.startedAt;
    if (elapsed >= MIN_EVIDENCE && r.step > 0) points.push({ f: costOf(s, hash), t: elapsed * (r.steps / r.step) });
  }
  return points;
}

export function viewProgress(s: ProgressState, now: number): ProgressView {
  const done = Math.min(s.total, s.cached + s.finished.size);
  const unfinished = [...s.costs.keys()].filter((h) => !s.finished.has(h));
  const model = fitCellTimes(evidence(s, now));
  if (unfinished.length === 0) return { done, total: s.total, fraction: 1, etaSeconds: 0 };
  if (!model) return { done, total: s.total, fraction: done / Math.max(1, s.total), etaSeconds: null };
  let left = 0, longest = 0;
  for (const h of unfinished) {
    const r = s.running.get(h);
    const need = Math.max(0, model.a + model.b * costOf(s, h) - (r ? now - r.startedAt : 0));
    left += need;
    if (r) longest = Math.max(longest, need);
  }
  let spent = 0;
  for (const t of s.finished.values()) spent += t;
  for (const r of s.running.values()) spent += Math.max(0, now - r.startedAt);
  const workers = Math.max(1, Math.min(s.jobs, unfinished.length));
  return { done, total: s.total, fraction: spent + left > 0 ? spent / (spent + left) : 0, etaSeconds: Math.max(longest, left / workers) };
}

/** `2 min 05 s`, `45 s`, `1 h 03 min`: always with units. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
