// The results format (versioned; documented in RESULTS.md): tidy records plus one entry per
// cell with status, timing and backend; read and written atomically as JSON.

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { validateResults } from './validate-results.js';

export const RESULTS_FORMAT_VERSION = 1;

/** One measured value: the tidy row. `value` is null when not finite (NaN, ±Inf). */
export interface TidyRecord {
  cell: string;
  values: Record<string, number | string>;
  seed: number;
  step: number;
  measurement: string;
  /** 1-based layer for per-layer values; absent for whole-network values. */
  layer?: number;
  /** Coordinates of a grid measurement (loss_landscape: {a, b}); absent otherwise. */
  coords?: Record<string, number>;
  value: number | null;
}

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  version: string;
  threads: number;
  /** Where the matrix products ran (src/run/native/); absent in results of older versions. */
  matmul?: MatmulInfo;
}

/** `native`: the wasm backend's products through a BLAS found at run time; else the backend's own kernels. */
export type MatmulPath = 'native' | BackendName;

export interface MatmulInfo {
  path: MatmulPath;
  /** For native: the library file and what it says it is (OpenBLAS's config string). */
  library?: string;
  blas?: string;
  /** In a cell's backend on the native path: what ran its training steps (src/run/train/host-session.ts, or tfjs kernels). */
  step?: 'host' | 'tfjs';
}

export { CELL_STATUSES, type CellStatus } from './status.js';
import type { CellStatus } from './status.js';

/** What running one cell produced (this is also what the cache stores). */
export interface CellResult {
  hash: string;
  index: number;
  values: Record<string, number | string>;
  seed: number;
  /**
   * ok: ran all steps (no `stop` condition); stopped: a stop condition ended it early;
   * unconverged: ran all steps without meeting its `stop` condition; diverged; failed: an error.
   */
  status: CellStatus;
  /** Steps actually taken (the last step measured). */
  steps: number;
  /** For diverged: the step and why; for failed: the error; for stopped: the condition; for unconverged: the limit. */
  reason?: string;
  divergedAt?: number;
  /** Skipped measurements and other remarks. */
  notes: string[];
  seconds: number;
  stepsPerSecond: number;
  backend: BackendInfo;
  records: TidyRecord[];
}

/** Cell entry in results.json: the cell result without its records, plus where it came from. */
export type CellSummary = Omit<CellResult, 'records'> & { cached: boolean };

export interface RunResults {
  formatVersion: number;
  experiment: string;
  profile: string | null;
  /** Cells this run was responsible for (all, or one shard). */
  shard: { index: number; count: number } | null;
  totals: { cells: number; cached: number; trained: number; diverged: number; failed: number; seconds: number; unconverged?: number };
  /** Backend of this run (cells served from the cache carry their own). */
  backend: BackendInfo;
  cells: CellSummary[];
  records: TidyRecord[];
  /** Verdicts of the spec's expectations (src/theory/verdict.ts), when evaluated. */
  expectations?: import('../theory/verdict.js').ExpectationVerdict[];
  /** When `lazylab run` finished (ISO 8601): the report's date. */
  finishedAt?: string;
  /** The machine that ran (the report shows it, not the machine that renders the report). */
  environment?: RunEnvironment;
  /** What produced these results (src/run/provenance.ts); absent in files written by older versions ("provenance unknown"). */
  provenance?: import('./provenance.js').Provenance;
}

export interface RunEnvironment {
  lazylab: string;
  node: string;
  cpu: string;
  platform: string;
}

/** A non-finite number as null, so JSON keeps it. */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Write a file atomically: a temporary sibling, then rename (readers never see a half file).
 *  On any failure (disk full, a directory in the way, no permission) the temporary file is
 *  removed before the error goes up, so no `.tmp-*` is ever left behind. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeResults(path: string, results: RunResults): void {
  writeFileAtomic(path, JSON.stringify(results, null, 1) + '\n');
}

/** Read results.json; throws naming the path on a missing file, bad JSON, another version or
 *  any departure from the format (with the JSON path of the first problem). */
export function readResults(path: string): RunResults {
  return validateResults(readFileSync(path, 'utf8'), path, RESULTS_FORMAT_VERSION);
}
