// `lazylab report <spec.lazy | DIR>`: writes the self-contained HTML report of a run
// (DIR/index.html) from its results.json and spec. `lazylab run` writes it too. Before writing,
// the results are matched against the spec (src/run/provenance.ts): results another spec
// produced are refused, unless --allow-mismatch, which puts a warning banner on the report.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../lang/parse.js';
import { writeReport } from '../report/index.js';
import { readResults, type RunResults } from '../run/results.js';
import { matchProvenance, plannedCellHashes, sha256Text } from '../run/provenance.js';
import * as M from '../messages/index.js';
import { err, out, parseCommand, prepareWritableDir } from './io.js';
import { defaultRunDir } from '../run/dirs.js';

export const REPORT_USAGE = `usage: lazylab report <spec.lazy | DIR> [--results DIR] [--out DIR] [--static] [--allow-mismatch]

Writes one self-contained HTML file, OUT/index.html: figures (static SVG, interactive with
JavaScript), theory against measurement, the spec, the environment and the data. It makes no
request of any kind and reads offline from file://.
  <spec.lazy>       the spec; results are read from runs/<experiment>/ unless --results
  <DIR>             a results directory (results.json, which records the spec that produced it)
  --results DIR     where results.json is
  --out DIR         where index.html goes (default: the results directory)
  --static          no JavaScript: static charts only (a much smaller file)
  --allow-mismatch  write the report even when the results were not produced by this spec,
                    with a warning banner at the top`;

function experimentName(source: string): string {
  const exp = parseSpec(source).spec.statements.find((s) => s.kind === 'experiment');
  return exp && 'name' in exp ? exp.name : 'experiment';
}

interface Target { specPath: string; source: string; resultsDir: string }

/** The spec and the results to report: a DIR holds both (the spec recorded in results.json first). */
function findTarget(target: string, resultsOpt: string | undefined): Target | string {
  const isDir = existsSync(target) && statSync(target).isDirectory();
  if (isDir) {
    const resultsDir = resultsOpt ?? target;
    const file = join(resultsDir, 'results.json');
    const recorded = existsSync(file) ? readResults(file).provenance : undefined;
    if (recorded) return { specPath: recorded.specPath, source: recorded.spec, resultsDir };
  }
  const specPath = isDir ? join(target, 'spec.lazy') : target;
  if (!existsSync(specPath)) return isDir ? `${target} has no spec.lazy; give the spec file instead` : `cannot read ${target}`;
  const source = readFileSync(specPath, 'utf8');
  return { specPath, source, resultsDir: resultsOpt ?? (isDir ? target : defaultRunDir(experimentName(source))) };
}

/** Results fit to show beside the spec, with the banners the report gets; a string is a refusal. */
export function vetResults(results: RunResults, t: Target, allowMismatch: boolean): { results: RunResults; warnings: string[]; notes: string[] } | string {
  const m = matchProvenance(results, t.source, plannedCellHashes(t.source, t.specPath, results.profile));
  switch (m.kind) {
    case 'same': return { results, warnings: [], notes: [] };
    // The stored verdicts belong to the old expectations: drop them so the given spec's are evaluated.
    case 'same-cells': return { results: { ...results, expectations: undefined }, warnings: [], notes: [M.specEditedOutsideCells(results.provenance!.specSha256, sha256Text(t.source))] };
    case 'unknown': return { results, warnings: [M.provenanceUnknown(join(t.resultsDir, 'results.json'))], notes: [] };
    case 'mismatch':
      if (!allowMismatch) return `${M.resultsMismatch(t.resultsDir, t.specPath, m)}\n  = hint: ${M.resultsMismatchHint(t.specPath, results.profile, t.resultsDir)}`;
      return { results, warnings: [M.mismatchBanner(m)], notes: [] };
  }
}

export async function reportCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, {
    results: { type: 'string' }, out: { type: 'string', short: 'o' }, static: { type: 'boolean' }, 'allow-mismatch': { type: 'boolean' },
  }, REPORT_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  const [target, ...rest] = parsed.positionals;
  if (!target || rest.length) {
    err(`lazylab report: expected one spec file or results directory\n\n${REPORT_USAGE}`);
    return 2;
  }
  try {
    const t = findTarget(target, parsed.values['results'] as string | undefined);
    if (typeof t === 'string') { err(`lazylab report: ${t}`); return 1; }
    if (!existsSync(join(t.resultsDir, 'results.json'))) {
      err(`lazylab report: no results in ${t.resultsDir} (expected ${join(t.resultsDir, 'results.json')}); run \`lazylab run ${t.specPath}\` first`);
      return 1;
    }
    const outDir = (parsed.values['out'] as string | undefined) ?? t.resultsDir;
    const unwritable = prepareWritableDir(outDir);
    if (unwritable) { err(`lazylab report: ${unwritable}; choose another directory with --out DIR`); return 2; }
    const vetted = vetResults(readResults(join(t.resultsDir, 'results.json')), t, Boolean(parsed.values['allow-mismatch']));
    if (typeof vetted === 'string') { err(`lazylab report: error: ${vetted}`); return 1; }
    for (const w of vetted.warnings) err(`lazylab report: warning: ${w}`);
    for (const n of vetted.notes) err(`lazylab report: note: ${n}`);
    const r = await writeReport({
      outDir, resultsDir: t.resultsDir, specPath: t.specPath, source: t.source, results: vetted.results,
      static: Boolean(parsed.values['static']), warnings: vetted.warnings,
    });
    out(`report: ${r.path} (${(r.bytes / 1024).toFixed(0)} KB)`);
    return 0;
  } catch (e) {
    err(`lazylab report: ${(e as Error).message}`);
    return 1;
  }
}
