// Claims on cells, so runs that share a cache (two `lazylab run` on one --out, shards on a shared
// file system) never train the same cell twice. Before training a cell a run creates
// DIR/cache/<hash[0:2]>/<hash>.claim with O_EXCL (atomic, also over NFS v3+), holding its pid, host
// and time, and refreshes its mtime while it trains. A run that finds a cell claimed trains other
// cells first, then waits for the claimant's cache entry and serves it. A claim is stale (taken
// over) when its process is gone (same host) or its mtime has not moved for STALE_MS (another
// host, or a hung process). The cache entries stay atomic whatever happens here: a lost race
// only costs a duplicate training, never a corrupt entry.

import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunCell } from '../plan/cell.js';
import { readCache } from './cache.js';
import type { CellResult } from './results.js';

/** How often a run refreshes the claims it holds. */
export const HEARTBEAT_MS = 30_000;
/** A claim not refreshed for this long (ten missed heartbeats) belongs to a dead or hung run. */
export const STALE_MS = 10 * HEARTBEAT_MS;

export interface Claim { pid: number; host: string; time: string }

export function claimPath(outDir: string, hash: string): string {
  return join(outDir, 'cache', hash.slice(0, 2), `${hash}.claim`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** The claim at `path` as text and parsed (null when unreadable or half written). */
function readClaim(path: string): { text: string; claim: Claim | null } | null {
  try {
    const text = readFileSync(path, 'utf8');
    try {
      const c = JSON.parse(text) as Claim;
      return { text, claim: typeof c?.pid === 'number' && typeof c.host === 'string' ? c : null };
    } catch {
      return { text, claim: null };
    }
  } catch {
    return null;
  }
}

/** Why the claim at `path` may be taken over, or null while its owner is alive. */
export function staleReason(path: string, now = Date.now()): string | null {
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    return 'released';
  }
  const c = readClaim(path)?.claim ?? null;
  if (c && c.host === hostname() && !pidAlive(c.pid)) return `process ${c.pid} on ${c.host} is gone`;
  if (now - mtime > STALE_MS) return `not refreshed for ${Math.round((now - mtime) / 1000)} s`;
  return null;
}

/** Create the claim atomically; on an existing stale claim, take it over once. */
export function tryClaim(outDir: string, hash: string): boolean {
  const path = claimPath(outDir, hash);
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), time: new Date().toISOString() } satisfies Claim));
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const before = readClaim(path);
    if (!staleReason(path)) return false;
    // Remove only the claim judged stale: if another run took it over meanwhile, leave theirs.
    if (readClaim(path)?.text === before?.text) rmSync(path, { force: true });
  }
  return false;
}

/** Remove a claim this process holds (never another's). */
export function releaseClaim(outDir: string, hash: string): void {
  const path = claimPath(outDir, hash);
  const c = readClaim(path)?.claim;
  if (c && c.pid === process.pid && c.host === hostname()) rmSync(path, { force: true });
}

export type Next = { kind: 'train'; cell: RunCell } | { kind: 'served'; cell: RunCell; result: CellResult } | null;

/**
 * The cells a run still has to produce, handed out to its workers: unclaimed cells first (each
 * claimed before it is handed out); then, for cells another run holds, that run's cache entry as
 * soon as it appears, or the cell itself once the claim goes stale or is released without one.
 */
export class ClaimQueue {
  private readonly pending: RunCell[];
  private readonly waiting: RunCell[] = [];
  private readonly held = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  private announced = false;

  constructor(private readonly outDir: string, cells: RunCell[], private readonly opts: {
    aborted: () => boolean; pollMs?: number; onWait?: (cells: RunCell[]) => void;
  }) {
    this.pending = [...cells];
    this.heartbeat = setInterval(() => this.refresh(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** The next cell to train or to serve from another run; null when none is left (or aborted). */
  async next(): Promise<Next> {
    while (!this.opts.aborted()) {
      const cell = this.pending.shift();
      if (cell) {
        const got = this.take(cell);
        if (got) return got;
        this.waiting.push(cell);
        continue;
      }
      if (!this.waiting.length) return null;
      for (let i = 0; i < this.waiting.length; i++) {
        const got = this.take(this.waiting[i]!);
        if (got) {
          this.waiting.splice(i, 1);
          return got;
        }
      }
      if (!this.announced) this.opts.onWait?.([...this.waiting]);
      this.announced = true;
      await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 500));
    }
    return null;
  }

  /** The cell is finished (cached or failed): let other runs see it. */
  done(hash: string): void {
    this.held.delete(hash);
    releaseClaim(this.outDir, hash);
  }

  /** Release every claim still held (abort, crash) and stop the heartbeat. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const hash of this.held) releaseClaim(this.outDir, hash);
    this.held.clear();
  }

  private take(cell: RunCell): Next {
    const cached = (): Next => {
      const found = readCache(this.outDir, cell.hash);
      return found.kind === 'hit' ? { kind: 'served', cell, result: found.result } : null;
    };
    const before = cached();
    if (before) return before;
    if (!tryClaim(this.outDir, cell.hash)) return null;
    // The claimant may have written its entry and released between our look and our claim.
    const after = cached();
    if (after) {
      releaseClaim(this.outDir, cell.hash);
      return after;
    }
    this.held.add(cell.hash);
    return { kind: 'train', cell };
  }

  private refresh(): void {
    const now = new Date();
    for (const hash of this.held) {
      try {
        utimesSync(claimPath(this.outDir, hash), now, now);
      } catch {
        // A claim removed under us: the cell may be trained twice, the cache stays consistent.
      }
    }
  }
}
