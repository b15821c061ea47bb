// Content-addressed cache of finished cells under DIR/cache/: one JSON file per cell hash,
// written atomically (temporary file + rename) with a checksum, so a killed run loses no
// finished cell and a damaged entry of any kind (truncated, edited, unreadable, a directory
// in its place) is reported and recomputed, never aborts the run.

import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, type CellResult } from './results.js';

/** Bumped when the engine's numbers change meaning; older entries then count as misses. */
export const ENGINE_VERSION = 4; // 2: linearization_gap also records the linearized losses; 3: status unconverged, an epoch's last batch is partial; 4: linearization_gap also records the linearized accuracies

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
  const kind = entryKind(path);
  if (kind === 'none') return { kind: 'miss' };
  if (kind !== 'file') return { kind: 'corrupt', reason: `${path}: a ${kind}, not a cache file` };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { kind: 'corrupt', reason: `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  let entry: CacheEntry;
  try {
    entry = JSON.parse(text) as CacheEntry;
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

/** What is at a cache path: nothing, a regular file, or something else in the way. */
function entryKind(path: string): 'none' | 'file' | 'directory' | 'special file' {
  try {
    const st = lstatSync(path);
    // A symbolic link is followed by readFileSync and replaced by the rename: treat as a file.
    return st.isFile() || st.isSymbolicLink() ? 'file' : st.isDirectory() ? 'directory' : 'special file';
  } catch {
    return 'none';
  }
}

/** Store a finished cell (failed cells are not cached: they are retried next time). A directory
 *  or special file squatting on the entry's path (already reported by readCache) is removed
 *  first, since rename cannot replace it; the cache folder is lazylab's own. */
export function writeCache(outDir: string, result: CellResult): void {
  if (result.status === 'failed') return;
  const entry: CacheEntry = { engine: ENGINE_VERSION, hash: result.hash, checksum: checksum(result), result };
  const path = cachePath(outDir, result.hash);
  const kind = entryKind(path);
  if (kind === 'directory' || kind === 'special file') rmSync(path, { recursive: true, force: true });
  writeFileAtomic(path, JSON.stringify(entry));
}
