// `lazylab run <spec>`: plan the spec, train every cell through the engine (cached, parallel,
// resumable) and print a summary. Progress is a live status line on a terminal and plain log
// lines otherwise; Ctrl-C stops cleanly (finished cells stay cached for the next run).

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { loadPlanFromFile, type Plan } from '../plan/index.js';
// From the engine's modules, not run/index.js (which loads the measurements and TensorFlow.js):
// a fully cached run loads neither.
import { executePlan, resultsPath } from '../run/execute.js';
import { writeResults, type BackendName, type RunResults } from '../run/results.js';
import type { RunEvent } from '../run/events.js';
import type { MatmulRequest } from '../run/backend.js';
import { backendLabel, matmulNote } from '../messages/run.js';
import { makeProvenance } from '../run/provenance.js';
import { err, out, parseCommand, parseJobs, prepareWritableDir, table } from './io.js';
import { finishRun } from './finish.js';
import { defaultRunDir } from '../run/dirs.js';
import { fmtValues, makeDisplay, workersText } from './display.js';
import { cellCost, formatDuration } from '../run/progress.js';
import { cellFlops } from '../plan/cost.js';

export const RUN_USAGE = `usage: lazylab run <spec.lazy> [--profile P] [--out DIR] [--jobs N] [--shard i/N]
                   [--backend tensorflow|wasm|cpu] [--matmul native|wasm] [--strict[=fail-only]] [--no-report] [--static] [--quiet] [--force]

Trains every run cell of the spec's plan with TensorFlow.js, records the measurements and
writes DIR/results.json (default DIR: runs/<experiment>/, kept out of git). Finished cells are cached in
DIR/cache: a re-run trains only cells that changed, and an interrupted run resumes. Then the
spec's expectations are evaluated (pass, fail or inconclusive) and DIR/index.html is written.
  --profile P     apply the named profile (e.g. quick, smoke)
  --out DIR       output directory
  --jobs N        worker threads, each with its own backend (default: ${availableParallelism()}, the cores)
  --shard i/N     run only shard i of N (0 ≤ i < N), e.g. one task of a Slurm job array;
                  a plain run afterwards assembles all shards from the shared cache
  --backend B     tensorflow (tfjs-node), wasm or cpu (default: the first that loads)
  --matmul M      native: the wasm backend's matrix products through a BLAS found at run time
                  (LAZYLAB_BLAS=/path/libopenblas.so, else the standard places); wasm: its own
                  kernels (default: native when a BLAS is found; env LAZYLAB_MATMUL sets it too)
  --strict        exit 1 when an expectation fails or is inconclusive (for a spec in your own CI)
  --strict=fail-only  exit 1 only when an expectation fails
  --no-report     do not write DIR/index.html
  --static        write the report without JavaScript (static SVG charts only)
  --quiet         no progress display
  --force         run a plan above the size limit`;

interface RunArgs {
  spec: string;
  profile: string | null;
  out: string | null;
  jobs: number | undefined;
  shard: { index: number; count: number } | undefined;
  backend: BackendName | undefined;
  matmul: MatmulRequest | undefined;
  quiet: boolean;
  force: boolean;
  /** --strict: any non-pass exits 1; --strict=fail-only: only a fail; null: never. */
  strict: 'all' | 'fail-only' | null;
  report: boolean;
  static: boolean;
}

function parseRunArgs(raw: string[]): RunArgs | number {
  // parseArgs has no optional-value flags: `--strict=fail-only` is read as its own flag.
  const argv = raw.map((a) => (a === '--strict=fail-only' ? '--strict-fail-only' : a === '--strict=all' ? '--strict' : a));
  const parsed = parseCommand(argv, {
    profile: { type: 'string', short: 'p' }, out: { type: 'string', short: 'o' }, jobs: { type: 'string', short: 'j' },
    shard: { type: 'string' }, backend: { type: 'string' }, matmul: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, force: { type: 'boolean' },
    strict: { type: 'boolean' }, 'strict-fail-only': { type: 'boolean' }, 'no-report': { type: 'boolean' }, static: { type: 'boolean' },
  }, RUN_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  const v = parsed.values;
  const [spec, ...rest] = parsed.positionals;
  const fail = (msg: string): number => { err(`lazylab run: ${msg}\n\n${RUN_USAGE}`); return 2; };
  if (!spec || rest.length) return fail('expected exactly one spec file');
  const jobs = parseJobs(v['jobs']);
  if (typeof jobs === 'string') return fail(jobs);
  let shard: RunArgs['shard'];
  if (v['shard'] !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(String(v['shard']));
    if (!m || Number(m[1]) >= Number(m[2])) return fail(`--shard must be i/N with 0 ≤ i < N, got "${v['shard']}"`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const backend = v['backend'] as BackendName | undefined;
  if (backend !== undefined && !['tensorflow', 'wasm', 'cpu'].includes(backend)) return fail(`unknown backend "${backend}"`);
  const matmul = v['matmul'] as MatmulRequest | undefined;
  if (matmul !== undefined && matmul !== 'native' && matmul !== 'wasm') return fail(`unknown --matmul "${matmul}" (native or wasm)`);
  return {
    spec, profile: (v['profile'] as string | undefined) ?? null, out: (v['out'] as string | undefined) ?? null,
    jobs, shard, backend, matmul, quiet: Boolean(v['quiet']), force: Boolean(v['force']),
    strict: v['strict-fail-only'] ? 'fail-only' : v['strict'] ? 'all' : null, report: !v['no-report'], static: Boolean(v['static']),
  };
}

/** What would fail only after training, refused before it: too many workers, an unwritable --out. */
function checkBeforeWork(args: RunArgs, plan: Plan, outDir: string): string | null {
  const jobs = parseJobs(args.jobs === undefined ? undefined : String(args.jobs), plan.cost.peakBytes);
  if (typeof jobs === 'string') return jobs;
  for (const c of plan.cells) {
    const src = c.data.source;
    if (src.kind === 'csv' && !existsSync(src.path)) return `data "${c.data.name}": the CSV file ${src.path} does not exist (paths are relative to the spec file)`;
  }
  if (outDir.trim() === '') return '--out needs a directory, got ""';
  const dir = prepareWritableDir(outDir);
  return dir && `${dir}; choose another directory with --out DIR`;
}

/** CSV paths in a spec are relative to the spec file; the engine reads them from the cwd. */
export function resolveCsvPaths(plan: Plan, specPath: string): Plan {
  const base = dirname(resolve(specPath));
  const cells = plan.cells.map((c) => ((c.data.source.kind === 'csv' || c.data.source.kind === 'cifar10') && !isAbsolute(c.data.source.path)
    ? { ...c, data: { ...c.data, source: { ...c.data.source, path: join(base, c.data.source.path) } } }
    : c));
  return { ...plan, cells };
}

export async function runCommand(argv: string[]): Promise<number> {
  const args = parseRunArgs(argv);
  if (typeof args === 'number') return args;
  const loaded = await loadPlanFromFile(args.spec, { profile: args.profile, force: args.force });
  if (loaded.report) err(loaded.report);
  if (!loaded.plan) return 1;
  const plan = resolveCsvPaths(loaded.plan, args.spec);
  const outDir = args.out ?? defaultRunDir(plan.experiment);
  const refused = checkBeforeWork(args, plan, outDir);
  if (refused) { err(`lazylab run: ${refused}`); return 2; }
  const ctl = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    ctl.abort();
  };
  process.on('SIGINT', onSigint);
  const previous = readIfExists(resultsPath(outDir, args.shard));
  const costs = new Map(plan.cells.map((c) => [c.hash, cellCost(cellFlops(c))]));
  const display = makeDisplay(args.quiet, Boolean(process.stderr.isTTY), costs);
  try {
    let workers: number | undefined;
    const onEvent = (e: RunEvent): void => {
      if (e.type === 'start') workers = e.jobs;
      display.onEvent(e);
    };
    const results = await executePlan(plan, { outDir, jobs: args.jobs, shard: args.shard, backend: args.backend, matmul: args.matmul, onEvent, signal: ctl.signal });
    display.finish();
    // A shard's file records its spec too (the assembling run's results.json gets it in finishRun).
    if (args.shard) writeResults(resultsPath(outDir, args.shard), { ...results, provenance: makeProvenance(loaded.source, args.spec, plan.profile, results.backend.matmul) });
    out(renderSummary(results, resultsPath(outDir, args.shard), workers));
    // A shard holds part of the cells: verdicts and the report wait for the assembling run.
    const verdictStatus = args.shard ? 0 : await finishRun(results, {
      specPath: args.spec, source: loaded.source, outDir, report: args.report, static: args.static, strict: args.strict, previous,
    });
    return results.totals.failed > 0 ? 1 : verdictStatus;
  } catch (e) {
    display.finish();
    if ((e as Error).name === 'AbortError') {
      err(`lazylab run: interrupted; ${display.finished()} cells finished this run and are cached in ${join(outDir, 'cache')}. Run the same command again to resume.`);
      return 130;
    }
    err(`lazylab run: ${(e as Error).message}`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The backend column: with the same worker and thread count as the run's first line. */
function backendText(r: RunResults, workers: number | undefined): string {
  const b = r.backend;
  if (r.totals.trained === 0) return `${b.name} ${b.version} (all cached)`;
  // backendLabel's part after ';' says which matrix-product path ran.
  const path = backendLabel(b).split('; ').slice(1).map((x) => `; ${x}`).join('');
  return workers === undefined ? backendLabel(b) : `${b.name} ${b.version}, ${workersText(workers, b.threads)}${path}`;
}

/** The end-of-run table, the cells that diverged or failed with why, and the unconverged count.
 *  `workers`: the worker threads that trained (the run's start event). */
export function renderSummary(r: RunResults, path: string, workers?: number): string {
  const t = r.totals;
  const b = r.backend;
  const unconverged = r.cells.filter((c) => c.status === 'unconverged').length;
  const rows = [
    ['cells', 'cached', 'trained', 'unconverged', 'diverged', 'failed', 'time', 'backend'],
    [String(t.cells), String(t.cached), String(t.trained), String(unconverged), String(t.diverged), String(t.failed), formatDuration(t.seconds), backendText(r, workers)],
  ];
  const lines = [`${r.experiment}${r.profile ? ` (profile ${r.profile})` : ''}${r.shard ? `, shard ${r.shard.index}/${r.shard.count}` : ''}`, table(rows)];
  for (const c of r.cells) {
    if (c.status === 'diverged' || c.status === 'failed') lines.push(`  ${c.status}: cell ${c.index} ${fmtValues(c.values)} seed=${c.seed}: ${c.reason}`);
  }
  // Unconverged cells are many in a sweep: one line with the count and the limit, not one per cell.
  if (unconverged) lines.push(`  unconverged: ${unconverged} of ${r.cells.length} cells reached the step limit without meeting \`stop\` (${r.cells.find((c) => c.status === 'unconverged')!.reason})`);
  const notes = [...new Set(r.cells.flatMap((c) => c.notes))];
  for (const n of notes) lines.push(`  note: ${n}`);
  // The backend is not part of a cell's key (RESULTS.md, "The cache key"): say when cached numbers come from another.
  const others = new Map<string, number>();
  for (const c of r.cells) if (c.cached && c.backend.name !== b.name) others.set(c.backend.name, (others.get(c.backend.name) ?? 0) + 1);
  for (const [name, n] of others) lines.push(`  note: ${n} cached cell${n === 1 ? ' was' : 's were'} computed on the ${name} backend, not ${b.name}`);
  const paths = new Map<string, number>();
  for (const c of r.cells) if (c.cached && c.backend.matmul && b.matmul && c.backend.name === b.name && c.backend.matmul.path !== b.matmul.path) paths.set(c.backend.matmul.path, (paths.get(c.backend.matmul.path) ?? 0) + 1);
  for (const [path, n] of paths) lines.push(`  note: ${matmulNote(n, path, b.matmul!.path)}`);
  lines.push(`results: ${path}`);
  return lines.join('\n');
}
