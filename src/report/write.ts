// writeReport: the report stage's I/O edge. Gathers what renderReport needs — the results,
// the spec text, the verdicts, the environment, the run's date — writes DIR/index.html
// atomically, and keeps a copy of the spec beside the results (DIR/spec.lazy) so a later
// `lazylab diff` of this directory knows which spec produced it.

import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { readResults, writeFileAtomic, type RunResults } from '../run/results.js';
import { lazylabVersion } from '../version.js';
import type { ExpectationVerdict } from '../theory/verdict.js';
import type * as A from '../lang/ast.js';
import { parseSpec } from '../lang/parse.js';
import { renderReport } from './render.js';
import type { Environment } from './tables.js';

export interface WriteReportOptions {
  /** Writes DIR/index.html; also reads DIR/results.json unless `resultsDir` or `results` says otherwise. */
  outDir: string;
  /** Where results.json is, when not in `outDir`. */
  resultsDir?: string;
  /** The spec file the results came from. */
  specPath: string;
  /** The results in hand (the end of `lazylab run`), instead of reading DIR/results.json. */
  results?: RunResults;
  /** The spec text, instead of reading `specPath` (a spec taken from git). */
  source?: string;
  static?: boolean;
  /** Banners at the top of the report (see renderReport). */
  warnings?: readonly string[];
}

export { lazylabVersion };

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** The last commit that touched the spec, and whether the file differs from it. */
export function specCommit(specPath: string): Environment['git'] {
  const dir = dirname(specPath), file = basename(specPath);
  const commit = git(dir, ['log', '-1', '--format=%H', '--', file]);
  if (!commit) return null;
  const status = git(dir, ['status', '--porcelain', '--', file]);
  return { commit, dirty: Boolean(status) };
}

export function currentEnvironment(specPath: string): Environment {
  const cpu = cpus();
  return {
    lazylab: lazylabVersion(),
    node: process.version,
    cpu: cpu.length ? `${cpu[0]!.model.trim()} (${cpu.length} cores)` : 'unknown',
    git: specCommit(specPath),
  };
}

type EvaluateFn = (spec: A.Spec, results: RunResults) => ExpectationVerdict[];

/** Verdicts from the results, else from the evaluator when it is installed, else none. */
export async function verdictsFor(source: string, results: RunResults): Promise<ExpectationVerdict[] | null> {
  if (results.expectations) return results.expectations;
  const modulePath = '../theory/expect.js';
  try {
    const mod = (await import(modulePath)) as { evaluateExpectations?: EvaluateFn };
    return mod.evaluateExpectations ? mod.evaluateExpectations(parseSpec(source).spec, results) : null;
  } catch {
    return null;
  }
}

/** The date of the run: a date the results carry (a string: the file is input), else when results.json was written. */
export function runDate(results: RunResults, resultsFile: string | null): string | null {
  const carried = (results as RunResults & { finishedAt?: unknown; date?: unknown });
  const date = [carried.finishedAt, carried.date].find((d): d is string => typeof d === 'string' && d !== '');
  if (date) return date;
  try {
    return resultsFile ? statSync(resultsFile).mtime.toISOString() : null;
  } catch {
    return null;
  }
}

export async function writeReport(opts: WriteReportOptions): Promise<{ path: string; bytes: number }> {
  const resultsFile = join(opts.resultsDir ?? opts.outDir, 'results.json');
  const results = opts.results ?? readResults(resultsFile);
  const source = opts.source ?? readFileSync(opts.specPath, 'utf8');
  const html = await renderReport({
    source, specPath: opts.specPath, results,
    verdicts: await verdictsFor(source, results),
    environment: results.environment
      ? { lazylab: results.environment.lazylab, node: results.environment.node, cpu: results.environment.cpu, git: results.provenance ? results.provenance.git : specCommit(opts.specPath) }
      : currentEnvironment(opts.specPath),
    date: runDate(results, resultsFile),
    static: opts.static ?? false,
    warnings: opts.warnings ?? [],
  });
  const path = join(opts.outDir, 'index.html');
  writeFileAtomic(path, html);
  writeFileAtomic(join(opts.outDir, 'spec.lazy'), source);
  return { path, bytes: Buffer.byteLength(html) };
}
