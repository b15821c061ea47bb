// Output helpers for the CLI (the only layer that prints): stdout for results, stderr for
// diagnostics, and a tiny argv parser over node:util's parseArgs with friendly errors.

import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

let stdoutClosed = false;
let stderrClosed = false;
let guarded = false;

/** A reader that goes away (`lazylab run … | head`) closes the pipe and the next write fails
 *  with EPIPE, emitted as an 'error' event that would kill the process before the run's results
 *  and report are written. Later output is dropped instead; the command finishes its work. */
export function guardStreams(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stdoutClosed = true;
  });
  // The same for stderr (`lazylab run … 2>&1 | head`); progress is then lost, not the run.
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stderrClosed = true;
  });
}

export const out = (s: string): void => {
  if (!stdoutClosed) process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
};
export const err = (s: string): void => {
  if (!stderrClosed) process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
};

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** node:util's parseArgs calls `--jobs -1` "ambiguous" (the value looks like a flag). A number
 *  after an option that takes a value is that value (`--jobs=-1`), so the command can say what
 *  is wrong with it. */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const long = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== 'string') continue;
    long.set(`--${name}`, name);
    if (o.short) long.set(`-${o.short}`, name);
  }
  const outArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = long.get(argv[i]!);
    const next = argv[i + 1];
    if (argv[i] === '--') return [...outArgs, ...argv.slice(i)];
    if (name !== undefined && next !== undefined && /^-(\d|\.\d|Infinity$|NaN$)/.test(next)) {
      outArgs.push(`--${name}=${next}`);
      i++;
    } else outArgs.push(argv[i]!);
  }
  return outArgs;
}

/** Parses argv; on a bad flag prints the message and the usage and returns null. */
export function parseCommand(argv: string[], options: Options, usage: string): Parsed | null {
  try {
    const r = parseArgs({ args: joinNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (r.values['help']) {
      out(usage);
      return null;
    }
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (e) {
    err(`lazylab: ${(e as Error).message}\n\n${usage}`);
    return null;
  }
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** Memory of one worker thread with its own TensorFlow.js backend before it holds a cell: the
 *  85 MiB peak RSS of a one-cell process (src/run/RESULTS.md, Performance) rounded up. */
const WORKER_BASE_BYTES = 96 * 2 ** 20;

/** `--jobs N`: a positive integer, and no more workers than the machine's memory can hold at the
 *  plan's largest cell (each worker holds one cell). Returns the number or what is wrong. */
export function parseJobs(raw: string | boolean | undefined, peakBytes = 0): number | undefined | string {
  if (raw === undefined) return undefined;
  const jobs = Number(raw);
  if (!(typeof raw === 'string' && raw.trim() !== '' && Number.isInteger(jobs) && jobs >= 1)) {
    return `--jobs must be a positive integer, got "${String(raw)}"`;
  }
  const fit = Math.max(1, Math.floor(totalmem() / (WORKER_BASE_BYTES + peakBytes)));
  if (jobs > fit) {
    const gib = (totalmem() / 2 ** 30).toFixed(1);
    return `--jobs ${raw}: at most ${fit} workers fit in this machine's ${gib} GiB (each needs ~${Math.ceil((WORKER_BASE_BYTES + peakBytes) / 2 ** 20)} MiB); use --jobs ${fit} or fewer`;
  }
  return jobs;
}

/** Makes `dir` (and its parents) and proves it writable with a probe file, before any work
 *  that would write there. Parents are made one level at a time: mkdirSync's recursive mode
 *  never returns under /proc (Node 20). Returns what is wrong, or null. */
export function prepareWritableDir(dir: string): string | null {
  const missing: string[] = [];
  let cur = resolve(dir);
  while (!existsSync(cur) && dirname(cur) !== cur) {
    missing.unshift(cur);
    cur = dirname(cur);
  }
  try {
    if (!statSync(cur).isDirectory()) return `cannot write to ${dir}: ${cur} is not a directory`;
    for (const d of missing) mkdirSync(d);
    const probe = join(dir, `.probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return `cannot write to ${dir} (${code})`;
  }
}
