// executePlan: the engine's public stage.
//
//   Plan ─shard→ cells ─cache lookup→ hits + to-train ─runners (threads)→ cache writes ─assemble→ RunResults
//
// Each finished cell is written to the cache the moment it finishes, so an interrupted run
// resumes where it stopped. Never prints: progress goes out as RunEvents.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Plan, RunCell } from '../plan/cell.js';
import type { MatmulRequest } from './backend.js';
import { readCache, writeCache } from './cache.js';
import { ClaimQueue } from './claims.js';
import type { CellRef, RunEvent } from './events.js';
import { abortError } from './abort.js';
import type { CellRunner } from './pool.js';
import {
  RESULTS_FORMAT_VERSION, writeResults, type BackendInfo, type BackendName, type CellResult, type RunResults,
} from './results.js';

export interface ExecuteOptions {
  outDir: string;
  /** Worker threads; default the number of cores. 1 trains in this thread. */
  jobs?: number;
  /** Run only cells with index % count === index (0-based). */
  shard?: { index: number; count: number };
  backend?: BackendName;
  /** Where the matrix products run (src/run/backend.ts); default native when a BLAS is found. */
  matmul?: MatmulRequest;
  onEvent?: (e: RunEvent) => void;
  signal?: AbortSignal;
}

/** The cells of one shard: round robin over plan order, deterministic for a given plan. */
export function selectShard(cells: RunCell[], shard?: { index: number; count: number }): RunCell[] {
  if (!shard) return cells;
  if (!(shard.count >= 1 && shard.index >= 0 && shard.index < shard.count)) {
    throw new Error(`shard ${shard.index}/${shard.count}: need 0 ≤ i < N`);
  }
  return cells.filter((c) => c.index % shard.count === shard.index);
}

export function cellRef(c: RunCell): CellRef {
  return { hash: c.hash, index: c.index, values: c.values, seed: c.seed, steps: c.train.steps };
}

/** Split cells into cache hits and cells to train, reporting corrupt entries. */
function lookUp(cells: RunCell[], outDir: string, emit: (e: RunEvent) => void): { hits: Map<string, CellResult>; todo: RunCell[] } {
  const hits = new Map<string, CellResult>();
  const todo: RunCell[] = [];
  const seen = new Set<string>();
  for (const c of cells) {
    if (seen.has(c.hash)) continue;
    seen.add(c.hash);
    const found = readCache(outDir, c.hash);
    if (found.kind === 'hit') hits.set(c.hash, found.result);
    else {
      if (found.kind === 'corrupt') emit({ type: 'cache-corrupt', cell: cellRef(c), reason: found.reason });
      todo.push(c);
    }
  }
  return { hits, todo };
}

async function openRunners(n: number, backend: BackendInfo, aborted: () => boolean, emit: (e: RunEvent) => void): Promise<{ runners: CellRunner[]; reopen: () => Promise<CellRunner> }> {
  // Loaded only when a cell is to be trained: a fully cached run never loads TensorFlow.js.
  const { inProcessRunner, openWorkerRunner, workerScript } = await import('./pool.js');
  const script = n > 1 ? workerScript() : null;
  if (n <= 1 || !script) {
    if (n > 1) emit({ type: 'note', message: 'compiled worker not found (run `npm run build`): training in one thread' });
    const runner = inProcessRunner(backend, aborted);
    return { runners: [runner], reopen: async () => runner };
  }
  const reopen = (): Promise<CellRunner> => openWorkerRunner(script, backend);
  return { runners: await Promise.all(Array.from({ length: n }, reopen)), reopen };
}

/** A cell whose worker died under it: failed (not cached), so the next run retries it. */
function crashed(cell: RunCell, backend: BackendInfo, e: Error): CellResult {
  return {
    hash: cell.hash, index: cell.index, values: cell.values, seed: cell.seed, status: 'failed', steps: 0,
    reason: `worker crashed: ${e.message}`, notes: [], seconds: 0, stepsPerSecond: 0, backend, records: [],
  };
}

/** Train `todo` on the runners, caching each result as it arrives; a dead worker is replaced.
 *  Cells are claimed first (claims.ts): a cell another run is training is served from its cache
 *  entry once written (`served`), not trained twice. */
async function trainAll(todo: RunCell[], runners: CellRunner[], reopen: () => Promise<CellRunner>, opts: ExecuteOptions, emit: (e: RunEvent) => void): Promise<{ fresh: Map<string, CellResult>; served: Map<string, CellResult> }> {
  const fresh = new Map<string, CellResult>();
  const served = new Map<string, CellResult>();
  const aborted = (): boolean => opts.signal?.aborted === true;
  const queue = new ClaimQueue(opts.outDir, todo, {
    aborted, onWait: (cells) => emit({ type: 'note', message: waitingNote(cells.length, opts.outDir) }),
  });
  const loop = async (w: number): Promise<void> => {
    for (let next = await queue.next(); next && !aborted(); next = await queue.next()) {
      const ref = cellRef(next.cell);
      if (next.kind === 'served') {
        served.set(next.cell.hash, next.result);
        emit({ type: 'cache-hit', cell: ref });
        continue;
      }
      const result = await trainOne(next.cell, w, runners, reopen, aborted, emit);
      try {
        writeCache(opts.outDir, result);
      } finally {
        queue.done(next.cell.hash);
      }
      fresh.set(next.cell.hash, result);
      emit({ type: 'cell-done', cell: ref, result: { ...summary(result), cached: false } });
    }
  };
  const onAbort = (): void => { void Promise.all(runners.map((r) => r.close())); };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(runners.map((_, w) => loop(w)));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    queue.close();
  }
  if (aborted()) throw abortError();
  return { fresh, served };
}

const waitingNote = (n: number, outDir: string): string =>
  `${n} cell${n === 1 ? ' is' : 's are'} being trained by another run on ${outDir}: waiting for ${n === 1 ? 'it' : 'them'} (a dead run's claims are taken over)`;

/** One cell on runner w; a worker that dies under it is replaced and the cell reported failed. */
async function trainOne(cell: RunCell, w: number, runners: CellRunner[], reopen: () => Promise<CellRunner>, aborted: () => boolean, emit: (e: RunEvent) => void): Promise<CellResult> {
  const ref = cellRef(cell);
  emit({ type: 'cell-start', cell: ref, worker: w });
  const started = performance.now();
  const onStep = (step: number): void => emit({ type: 'cell-progress', cell: ref, step, stepsPerSecond: step / ((performance.now() - started) / 1000) });
  try {
    return await runners[w]!.run(cell, onStep);
  } catch (e) {
    if (aborted() || (e as Error).name === 'AbortError') throw abortError();
    const result = crashed(cell, runners[w]!.backend, e as Error);
    await runners[w]!.close();
    runners[w] = await reopen();
    return result;
  }
}

function summary(r: CellResult): Omit<CellResult, 'records'> {
  const { records: _records, ...rest } = r;
  return rest;
}

/** Results in plan order, from cached and freshly trained cells. */
function assemble(plan: Plan, cells: RunCell[], hits: Map<string, CellResult>, fresh: Map<string, CellResult>, meta: {
  shard: ExecuteOptions['shard']; backend: BackendInfo; seconds: number;
}): RunResults {
  const out = cells.map((c) => {
    const r = fresh.get(c.hash) ?? hits.get(c.hash)!;
    const cached = !fresh.has(c.hash);
    // Cells sharing a hash share a result (the hash covers what is computed, not the
    // labels), so each cell keeps its own index and swept values.
    const records = r.records.map((x) => ({ ...x, values: c.values }));
    return { summary: { ...summary(r), index: c.index, values: c.values, cached }, records };
  });
  const count = (s: string): number => out.filter((o) => o.summary.status === s).length;
  return {
    formatVersion: RESULTS_FORMAT_VERSION,
    experiment: plan.experiment,
    profile: plan.profile,
    shard: meta.shard ?? null,
    totals: {
      cells: cells.length, cached: out.filter((o) => o.summary.cached).length,
      trained: out.filter((o) => !o.summary.cached).length, diverged: count('diverged'), failed: count('failed'),
      unconverged: count('unconverged'), seconds: meta.seconds,
    },
    backend: meta.backend,
    cells: out.map((o) => o.summary),
    records: out.flatMap((o) => o.records),
  };
}

/**
 * The backend of this run. With nothing to train and none requested, the one that computed the
 * cached cells (the most of them) is recorded and TensorFlow.js is not loaded at all: that was
 * most of a fully cached re-run's time.
 */
async function backendFor(training: boolean, hits: Map<string, CellResult>, requested: BackendName | null, matmul: MatmulRequest | null): Promise<BackendInfo> {
  if (!training && !requested && !matmul && hits.size) {
    const counts = new Map<string, { info: BackendInfo; n: number }>();
    for (const r of hits.values()) {
      const key = `${r.backend.name} ${r.backend.version} ${r.backend.threads}`;
      counts.set(key, { info: r.backend, n: (counts.get(key)?.n ?? 0) + 1 });
    }
    return [...counts.values()].sort((a, b) => b.n - a.n)[0]!.info;
  }
  const { initBackend } = await import('./backend.js');
  return initBackend(requested, matmul);
}

/** Where results go: results.json, or results.shard-i-of-N.json for a shard. */
export function resultsPath(outDir: string, shard?: { index: number; count: number }): string {
  return join(outDir, shard ? `results.shard-${shard.index}-of-${shard.count}.json` : 'results.json');
}

export async function executePlan(plan: Plan, opts: ExecuteOptions): Promise<RunResults> {
  const started = performance.now();
  const emit = (e: RunEvent): void => opts.onEvent?.(e);
  const cells = selectShard(plan.cells, opts.shard);
  const { hits, todo } = lookUp(cells, opts.outDir, emit);
  const backend = await backendFor(todo.length > 0, hits, opts.backend ?? null, opts.matmul ?? null);
  const jobs = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), todo.length));
  emit({ type: 'start', total: cells.length, toTrain: todo.length, cached: cells.length - todo.length, jobs, backend, training: todo.map((c) => c.hash) });
  for (const c of cells) if (hits.has(c.hash)) emit({ type: 'cache-hit', cell: cellRef(c) });
  if (opts.signal?.aborted) throw abortError();
  const { runners, reopen } = todo.length
    ? await openRunners(jobs, backend, () => opts.signal?.aborted === true, emit)
    : { runners: [], reopen: () => Promise.reject(new Error('no runners')) };
  let fresh: Map<string, CellResult>;
  try {
    const trained = await trainAll(todo, runners, reopen, opts, emit);
    fresh = trained.fresh;
    for (const [hash, r] of trained.served) hits.set(hash, r);
  } finally {
    await Promise.all(runners.map((r) => r.close()));
  }
  const results = assemble(plan, cells, hits, fresh, { shard: opts.shard, backend, seconds: (performance.now() - started) / 1000 });
  writeResults(resultsPath(opts.outDir, opts.shard), results);
  emit({ type: 'done', results });
  return results;
}
