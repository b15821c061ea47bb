// A re-run that changed nothing does nothing: when every cell came from the cache and the cells,
// records, spec text and lazylab build are those of the run that wrote DIR/results.json and
// DIR/index.html, the verdicts (a bootstrap per expectation) are taken from that results.json
// and the report (Vega rendering) is left as it is. Most of a fully cached re-run's time was
// those two. The stamp DIR/cache/finished.stamp records what the last complete run's files were
// made from, and their sha256, so an edited or deleted file is made again. Not a .json: the cell
// entries beside it are the cache's only .json files.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic, type RunResults } from '../run/results.js';
import { lazylabVersion } from '../version.js';

export interface FinishStamp {
  /** sha256 of what the verdicts are computed from (finishKey). */
  key: string;
  /** sha256 of DIR/results.json as written. */
  results: string;
  /** The report: how it was written and the sha256 of DIR/index.html; null without one. */
  report: { static: boolean; sha256: string } | null;
}

const sha = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** When this lazylab was built: a rebuilt tool may compute other verdicts or draw other figures. */
function buildStamp(): string {
  try {
    return String(statSync(fileURLToPath(import.meta.url)).mtimeMs);
  } catch {
    return 'unknown';
  }
}

/** What the verdicts and report of a run depend on: its cells and records (without the cached
 *  flags and run totals, which differ between the first run and a re-run), the spec text, the build. */
export function finishKey(results: RunResults, source: string): string {
  const cells = results.cells.map(({ cached: _cached, ...c }) => c);
  const { experiment, profile, shard, formatVersion, records } = results;
  return sha(JSON.stringify({ lazylab: lazylabVersion(), build: buildStamp(), source, experiment, profile, shard, formatVersion, cells, records }));
}

const stampPath = (outDir: string): string => join(outDir, 'cache', 'finished.stamp');

export function readStamp(outDir: string): FinishStamp | null {
  try {
    const s = JSON.parse(readFileSync(stampPath(outDir), 'utf8')) as FinishStamp;
    return typeof s.key === 'string' && typeof s.results === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function writeStamp(outDir: string, stamp: FinishStamp): void {
  mkdirSync(dirname(stampPath(outDir)), { recursive: true });
  writeFileAtomic(stampPath(outDir), JSON.stringify(stamp));
}

export const fileSha = (path: string): string | null => (existsSync(path) ? sha(readFileSync(path)) : null);
export const textSha = (text: string): string => sha(text);

/**
 * The complete results of the previous run when this one changed nothing (`previous` is the text
 * of DIR/results.json before this run, `stamp` what it was made from), else null.
 */
export function unchangedResults(results: RunResults, source: string, previous: string | null, stamp: FinishStamp | null): RunResults | null {
  if (previous === null || stamp === null || results.totals.trained > 0) return null;
  if (stamp.key !== finishKey(results, source) || stamp.results !== sha(previous)) return null;
  try {
    const prev = JSON.parse(previous) as RunResults;
    return Array.isArray(prev.expectations) ? prev : null;
  } catch {
    return null;
  }
}

/** Whether DIR/index.html is the report the stamp recorded, written the same way. */
export function reportUnchanged(outDir: string, stamp: FinishStamp | null, isStatic: boolean): boolean {
  if (!stamp?.report || stamp.report.static !== isStatic) return false;
  return fileSha(join(outDir, 'index.html')) === stamp.report.sha256;
}
