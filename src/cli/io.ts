// Output helpers for the CLI (the only layer that prints): stdout for results, stderr for
// diagnostics, and a tiny argv parser over node:util's parseArgs with friendly errors.

import { parseArgs, type ParseArgsConfig } from 'node:util';

export const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
export const err = (s: string): void => void process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);

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
