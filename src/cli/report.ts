// `lazylab report <spec.lazy | DIR>`: writes the self-contained HTML report of a run
// (DIR/index.html) from its results.json and spec. `lazylab run` writes it too.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../lang/parse.js';
import { writeReport } from '../report/index.js';
import { err, out, parseCommand, prepareWritableDir } from './io.js';

export const REPORT_USAGE = `usage: lazylab report <spec.lazy | DIR> [--results DIR] [--out DIR] [--static]

Writes one self-contained HTML file, OUT/index.html: figures (static SVG, interactive with
JavaScript), theory against measurement, the spec, the environment and the data. It makes no
request of any kind and reads offline from file://.
  <spec.lazy>     the spec; results are read from reports/<experiment>/ unless --results
  <DIR>           a results directory with results.json and spec.lazy (written by run)
  --results DIR   where results.json is
  --out DIR       where index.html goes (default: the results directory)
  --static        no JavaScript: static charts only (a much smaller file)`;

function experimentName(source: string): string {
  const exp = parseSpec(source).spec.statements.find((s) => s.kind === 'experiment');
  return exp && 'name' in exp ? exp.name : 'experiment';
}

export async function reportCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, { results: { type: 'string' }, out: { type: 'string', short: 'o' }, static: { type: 'boolean' } }, REPORT_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  const [target, ...rest] = parsed.positionals;
  if (!target || rest.length) {
    err(`lazylab report: expected one spec file or results directory\n\n${REPORT_USAGE}`);
    return 2;
  }
  const isDir = existsSync(target) && statSync(target).isDirectory();
  const specPath = isDir ? join(target, 'spec.lazy') : target;
  if (!existsSync(specPath)) {
    err(`lazylab report: ${isDir ? `${target} has no spec.lazy; give the spec file instead` : `cannot read ${target}`}`);
    return 1;
  }
  const { readFileSync } = await import('node:fs');
  const source = readFileSync(specPath, 'utf8');
  const resultsDir = (parsed.values['results'] as string | undefined) ?? (isDir ? target : join('reports', experimentName(source)));
  const outDir = (parsed.values['out'] as string | undefined) ?? resultsDir;
  if (!existsSync(join(resultsDir, 'results.json'))) {
    err(`lazylab report: no results in ${resultsDir} (expected ${join(resultsDir, 'results.json')}); run \`lazylab run ${specPath}\` first`);
    return 1;
  }
  const unwritable = prepareWritableDir(outDir);
  if (unwritable) { err(`lazylab report: ${unwritable}; choose another directory with --out DIR`); return 2; }
  try {
    const r = await writeReport({ outDir, resultsDir, specPath, source, static: Boolean(parsed.values['static']) });
    out(`report: ${r.path} (${(r.bytes / 1024).toFixed(0)} KB)`);
    return 0;
  } catch (e) {
    err(`lazylab report: ${(e as Error).message}`);
    return 1;
  }
}
