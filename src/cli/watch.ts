// `lazylab watch <spec>`: re-checks the spec on every save (errors printed as `check` prints
// them), re-runs it (the cache trains only the cells whose hash changed), rewrites the report,
// and serves it on localhost with live reload. A save during a run cancels that run cleanly:
// its finished cells are already cached, so the next plan reuses them. A save that does not
// check keeps the last good report on the page, with the errors above it.

import { watch as watchDir, readFileSync, type FSWatcher } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import { loadPlanFromFile, type Plan } from '../plan/index.js';
import { executePlan, resultsPath, writeResults, type BackendName } from '../run/index.js';
import { completeResults } from './finish.js';
import { resolveCsvPaths } from './run.js';
import { err, out, parseCommand, parseJobs } from './io.js';
import { servedPage, type WatchState } from './watch-page.js';

export const WATCH_USAGE = `usage: lazylab watch <spec.lazy> [--profile P] [--port N] [--out DIR] [--jobs N] [--backend B]

Checks and runs the spec, writes its report, and serves it at http://127.0.0.1:PORT/ with live
reload; then, on every save, checks it again and re-runs only the cells whose hash changed.
A save with errors prints them and shows them above the last good report. Ctrl-C stops.
  --profile P   apply the named profile (e.g. smoke)
  --port N      port on 127.0.0.1 (default 8765; 0 picks a free one)
  --out DIR     output directory (default reports/<experiment>/)
  --jobs N      worker threads (default: the cores)
  --backend B   tensorflow, wasm or cpu`;

interface WatchArgs { spec: string; profile: string | null; port: number; out: string | null; jobs: number | undefined; backend: BackendName | undefined }

function parseWatchArgs(argv: string[]): WatchArgs | number {
  const parsed = parseCommand(argv, {
    profile: { type: 'string', short: 'p' }, port: { type: 'string' }, out: { type: 'string', short: 'o' }, jobs: { type: 'string', short: 'j' }, backend: { type: 'string' },
  }, WATCH_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  const v = parsed.values;
  const fail = (msg: string): number => { err(`lazylab watch: ${msg}\n\n${WATCH_USAGE}`); return 2; };
  if (parsed.positionals.length !== 1) return fail('expected exactly one spec file');
  const port = Number(v['port'] ?? 8765);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port must be an integer from 0 to 65535, got "${v['port']}"`);
  const jobs = parseJobs(v['jobs'] as string | undefined);
  if (typeof jobs === 'string') return fail(jobs);
  const backend = v['backend'] as BackendName | undefined;
  if (backend !== undefined && !['tensorflow', 'wasm', 'cpu'].includes(backend)) return fail(`unknown backend "${backend}"`);
  return { spec: parsed.positionals[0]!, profile: (v['profile'] as string | undefined) ?? null, port, out: (v['out'] as string | undefined) ?? null, jobs, backend };
}

const clock = (): string => new Date().toTimeString().slice(0, 8);

/** The watch loop's state: the last good report, the run in flight, the browsers listening. */
class Watcher {
  readonly state: WatchState = { version: 0, error: null, status: 'starting' };
  report: string | null = null;
  private readonly listeners = new Set<ServerResponse>();
  private lastSource: string | null = null;
  private run: { ctl: AbortController; done: Promise<void> } | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly args: WatchArgs) {}

  listen(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`event: version\ndata: ${this.state.version}\n\n`);
    this.listeners.add(res);
    res.on('close', () => this.listeners.delete(res));
  }

  private publish(status: string, error: string | null): void {
    this.state.version += 1;
    this.state.status = status;
    this.state.error = error;
    for (const res of this.listeners) res.write(`event: version\ndata: ${this.state.version}\n\n`);
  }

  /** Checks the spec again; saves are handled one after another, never two at once. */
  changed(): Promise<void> {
    this.queue = this.queue.then(() => this.check()).catch((e) => err(`lazylab watch: ${(e as Error).stack ?? e}`));
    return this.queue;
  }

  private async check(): Promise<void> {
    let source: string;
    try {
      source = readFileSync(this.args.spec, 'utf8');
    } catch {
      return; // mid-save (renamed away): the next event brings the new file
    }
    if (source === this.lastSource) return;
    this.lastSource = source;
    const loaded = await loadPlanFromFile(this.args.spec, { profile: this.args.profile, force: false });
    if (loaded.report) err(loaded.report);
    if (!loaded.plan) {
      await this.cancel(); // its report would hide the errors of the newer text
      this.publish(`${clock()} ${this.args.spec} has errors; the report below is the last good one`, loaded.report);
      return;
    }
    await this.cancel();
    this.start(resolveCsvPaths(loaded.plan, this.args.spec), loaded.source);
  }

  /** Stops the run in flight and waits for it: its finished cells are in the cache already. */
  async cancel(): Promise<void> {
    if (!this.run) return;
    this.run.ctl.abort();
    await this.run.done;
    this.run = null;
  }

  private start(plan: Plan, source: string): void {
    const ctl = new AbortController();
    const outDir = this.args.out ?? join('reports', plan.experiment);
    out(`${clock()} running ${plan.cells.length} cells`);
    this.publish(`${clock()} running ${plan.cells.length} cells…`, null);
    const done = this.execute(plan, source, outDir, ctl.signal);
    this.run = { ctl, done };
  }

  private async execute(plan: Plan, source: string, outDir: string, signal: AbortSignal): Promise<void> {
    try {
      const results = await executePlan(plan, { outDir, jobs: this.args.jobs, backend: this.args.backend, signal });
      const complete = completeResults(results, source, this.args.spec);
      writeResults(resultsPath(outDir), complete);
      const { writeReport } = await import('../report/index.js');
      const written = await writeReport({ outDir, specPath: this.args.spec, source, results: complete, static: false });
      this.report = readFileSync(written.path, 'utf8');
      const t = results.totals;
      const line = `${clock()} report updated: ${t.cells} cells (${t.cached} cached, ${t.trained} trained${t.failed ? `, ${t.failed} failed` : ''})`;
      out(`${line}: ${written.path}`);
      this.publish(line, null);
    } catch (e) {
      if ((e as Error).name === 'AbortError') { out(`${clock()} run cancelled by a newer save; finished cells stay cached`); return; }
      err(`lazylab watch: ${(e as Error).message}`);
      this.publish(`${clock()} the run failed; the report below is the last good one`, (e as Error).message);
    }
  }
}

function serve(w: Watcher, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') { res.writeHead(405).end(); return; }
    if (path === '/events') { w.listen(res); return; }
    if (path !== '/' && path !== '/index.html') { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(servedPage(w.report, w.state));
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

export async function watchCommand(argv: string[]): Promise<number> {
  const args = parseWatchArgs(argv);
  if (typeof args === 'number') return args;
  const w = new Watcher(args);
  let server: Server;
  try {
    server = await serve(w, args.port);
  } catch (e) {
    err(`lazylab watch: cannot listen on 127.0.0.1:${args.port}: ${(e as Error).message}; choose another with --port`);
    return 1;
  }
  const address = server.address();
  out(`lazylab watch: ${args.spec}; report at http://127.0.0.1:${typeof address === 'object' && address ? address.port : args.port}/ (Ctrl-C stops)`);
  let timer: NodeJS.Timeout | undefined;
  // Editors save by writing or by renaming a new file over the old: watch the folder, by name.
  const watcher: FSWatcher = watchDir(dirname(resolve(args.spec)), (_event, name) => {
    if (name !== basename(args.spec)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void w.changed(), 100);
  });
  void w.changed();
  await new Promise<void>((stop) => { process.once('SIGINT', stop); process.once('SIGTERM', stop); });
  clearTimeout(timer);
  watcher.close();
  await w.cancel();
  server.closeAllConnections();
  server.close();
  return 0;
}
