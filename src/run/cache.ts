// Content-addressed cache of finished cells under DIR/cache/: one JSON file per cell hash,
// written atomically (temporary file + rename) with a checksum, so a killed run loses no
// finished cell and a truncated or edited entry is detected and recomputed.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, type CellResult } from './results.js';

/** Bumped when the engine's numbers change meaning; older entries then count as misses. */
export const ENGINE_VERSION = 3; // 2: linearization_gap also records the linearized losses; 3: status unconverged, an epoch's last batch is partial

interface CacheEntry {
  engine: number;
  hash: string;
  /** sha256 of JSON.stringify(result). */
  checksum: string;
  result: CellResult;
}

export type CacheLookup =
  | { kind: 'hit'; result: CellResult }
  | { kind: 'miss' }
  | { kind: 'corrupt'; reason: string };

export function cachePath(outDir: string, hash: string): string {
  return join(outDir, 'cache', hash.slice(0, 2), `${hash}.json`);
}

function checksum(result: CellResult): string {
  return createHash('sha256').update(JSON.stringify(result)).digest('hex');
}

/** Look a cell up; corrupt entries are reported, never thrown. */
export function readCache(outDir: string, hash: string): CacheLookup {
  const path = cachePath(outDir, hash);
  if (!existsSync(path)) return { kind: 'miss' };
  let entry: CacheEntry;
  try {
    entry = JSON.parse(readFileSync(path, 'utf8')) as CacheEntry;
  } catch (e) {
    return { kind: 'corrupt', reason: `${path}: not valid JSON (${(e as Error).message})` };
  }
  if (entry?.engine !== ENGINE_VERSION) return { kind: 'miss' };
  if (entry.hash !== hash || !entry.result || entry.result.hash !== hash) {
    return { kind: 'corrupt', reason: `${path}: entry is for another cell` };
  }
  if (checksum(entry.result) !== entry.checksum) return { kind: 'corrupt', reason: `${path}: checksum mismatch` };
  return { kind: 'hit', result: entry.result };
}

/** Store a finished cell (failed cells are not cached: they are retried next time). */
export function writeCache(outDir: string, result: CellResult): void {
  if (result.status === 'failed') return;
  const entry: CacheEntry = { engine: ENGINE_VERSION, hash: result.hash, checksum: checksum(result), result };
  writeFileAtomic(cachePath(outDir, result.hash), JSON.stringify(entry));
}
