// lazylab's own version, read once from package.json (the CLI, results and reports show it).

import { readFileSync } from 'node:fs';

let cached: string | null = null;

export function lazylabVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
