// The progress display of `lazylab run`: a live status line on a terminal, one line per finished
// cell otherwise. Counts and the ETA come from src/run/progress.ts (pure, tested with synthetic
// times); this file only draws them.

import { backendLabel } from '../messages/run.js';
import type { RunEvent } from '../run/events.js';
import {
  cellFinished, cellServed, cellStarted, cellStepped, formatDuration, startProgress, viewProgress, type ProgressState,
} from '../run/progress.js';
import { err } from './io.js';

export interface Display {
  onEvent(e: RunEvent): void;
  finish(): void;
  finished(): number;
}

export function fmtValues(values: Record<string, number | string>): string {
  return Object.entries(values)
    .filter(([k]) => k !== 'model' && k !== 'data')
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v}`)
    .join(' ');
}

/** `N workers × T thread(s)`: the one thread count the header and the summary both show. */
export function workersText(workers: number, threads: number): string {
  return `${workers} worker${workers === 1 ? '' : 's'} × ${threads} thread${threads === 1 ? '' : 's'}`;
}

const seconds = (): number => performance.now() / 1000;

/** `costs`: the estimated cost of each cell of the plan by hash (progress.ts cellCost). */
export function makeDisplay(quiet: boolean, tty: boolean, costs: ReadonlyMap<string, number>): Display {
  let state: ProgressState = startProgress(0, 0, 1, new Map());
  let finished = 0;
  const labels = new Map<string, string>();
  let lastDraw = 0;
  const draw = (force = false): void => {
    if (quiet || !tty) return;
    const now = seconds();
    if (!force && now - lastDraw < 0.1) return;
    lastDraw = now;
    const v = viewProgress(state, now);
    const cur = [...state.running].map(([h, r]) => `${labels.get(h) ?? ''} ${r.step}/${r.steps}`).join(', ');
    const eta = v.etaSeconds === null ? 'ETA estimating…' : `ETA ${formatDuration(v.etaSeconds)}`;
    const line = `[${v.done}/${v.total}] ${Math.floor(v.fraction * 100)}% | ${cur} | ${eta}`;
    process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
  };
  const log = (s: string): void => {
    if (quiet) return;
    if (tty) process.stderr.write('\r\x1b[2K');
    err(s);
    draw(true);
  };
  const onStart = (e: Extract<RunEvent, { type: 'start' }>): void => {
    state = startProgress(e.total, e.cached, e.jobs, new Map(e.training.map((h) => [h, costs.get(h) ?? 0])));
    const b = e.backend;
    log(e.toTrain === 0
      ? `${e.total} cells: ${e.cached} cached, nothing to train`
      : `${e.total} cells: ${e.cached} cached, ${e.toTrain} to train on ${b.name} ${b.version}, ${workersText(e.jobs, b.threads)}${backendLabel(b).split('; ').slice(1).map((x) => `; ${x}`).join('')}`);
  };
  return {
    onEvent(e) {
      if (e.type === 'start') onStart(e);
      else if (e.type === 'cache-hit') {
        state = cellServed(state, e.cell.hash);
      } else if (e.type === 'cell-start') {
        labels.set(e.cell.hash, `${fmtValues(e.cell.values)} seed=${e.cell.seed}`);
        state = cellStarted(state, e.cell.hash, e.cell.steps, seconds());
        draw();
      } else if (e.type === 'cell-progress') {
        state = cellStepped(state, e.cell.hash, e.step);
        draw();
      } else if (e.type === 'cell-done') {
        state = cellFinished(state, e.cell.hash, e.result.seconds);
        finished += 1;
        const r = e.result;
        const what = r.status === 'ok' ? 'ok' : `${r.status} (${r.reason})`;
        const v = viewProgress(state, seconds());
        // On a terminal the status line shows progress; only the unusual cells get a line.
        if (!tty || r.status === 'diverged' || r.status === 'failed') {
          const eta = v.etaSeconds === null || v.done >= v.total ? '' : `; about ${formatDuration(v.etaSeconds)} left`;
          log(`cell ${v.done}/${v.total} ${fmtValues(e.cell.values)} seed=${e.cell.seed}: ${what}, ${r.steps} steps in ${formatDuration(r.seconds)} (${Math.round(r.stepsPerSecond)} steps/s)${eta}`);
        } else draw(true);
      } else if (e.type === 'cache-corrupt') {
        log(`warning: corrupt cache entry, recomputing: ${e.reason}`);
      } else if (e.type === 'note') {
        log(`note: ${e.message}`);
      }
    },
    finish() {
      if (!quiet && tty) process.stderr.write('\r\x1b[2K');
    },
    finished: () => finished,
  };
}
