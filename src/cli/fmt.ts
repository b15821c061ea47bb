// `lazylab fmt <spec…> [--check]`: rewrite specs in the canonical layout, keeping comments.

import { readFileSync } from 'node:fs';
import { formatDiagnostics } from '../diagnostics.js';
import { formatSpec } from '../fmt/index.js';
import { writeFileAtomic } from '../run/results.js';
import { err, out, parseCommand } from './io.js';

export const FMT_USAGE = `usage: lazylab fmt <spec.lazy>... [--check]

Rewrites each spec in lazylab's canonical layout (comments kept; idempotent).
  --check   change nothing; list the specs that are not formatted and exit 1 if any`;

export async function fmtCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, { check: { type: 'boolean' } }, FMT_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  if (parsed.positionals.length === 0) {
    err(FMT_USAGE);
    return 2;
  }
  const check = Boolean(parsed.values['check']);
  let status = 0;
  for (const file of parsed.positionals) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (e) {
      err(`${file}: error[E0001]: cannot read the spec: ${(e as Error).message}`);
      status = 1;
      continue;
    }
    const r = formatSpec(source);
    if (r.text === null) {
      err(formatDiagnostics(r.diagnostics, file, source));
      err(`${file}: not formatted: fix the syntax errors first`);
      status = 1;
    } else if (r.text !== source) {
      if (check) {
        out(`${file}: not formatted`);
        status = 1;
      } else {
        writeFileAtomic(file, r.text);
        out(`${file}: formatted`);
      }
    }
  }
  return status;
}
