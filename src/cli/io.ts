// Output helpers for the CLI (the only layer that prints): stdout for results, stderr for
// diagnostics, and a tiny argv parser over node:util's parseArgs with friendly errors.

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

/** Parses argv; on a bad flag prints the message and the usage and returns null. */
export function parseCommand(argv: string[], options: Options, usage: string): Parsed | null {
  try {
    const r = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
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
