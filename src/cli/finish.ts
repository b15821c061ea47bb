// The end of `lazylab run`: evaluate the spec's expectations on the results, stamp the run's
// date and machine, rewrite results.json, write the report, and print the verdicts.
// `--strict` turns a failed or inconclusive expectation into a non-zero exit (`--strict=fail-only`:
// a failed one only), for researchers' own CI. Negative controls are printed apart from the claims.

import { cpus, platform } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../lang/parse.js';
import { applyProfile } from '../plan/profile.js';
import { resultsPath } from '../run/execute.js';
import { writeFileAtomic, writeResults, type RunResults } from '../run/results.js';
import { resultsCsv } from '../run/csv-export.js';
import { fileSha, finishKey, readStamp, reportUnchanged, unchangedResults, writeStamp, type FinishStamp } from './unchanged.js';
import { evaluateExpectations, strictExitCode } from '../theory/expect.js';
import type { ExpectationVerdict, MeasuredValue } from '../theory/verdict.js';
import { lazylabVersion } from '../version.js';
import { makeProvenance } from '../run/provenance.js';
import { out, table } from './io.js';

export interface FinishOptions {
  specPath: string;
  source: string;
  outDir: string;
  report: boolean;
  static: boolean;
  strict: 'all' | 'fail-only' | null;
  /** DIR/results.json as it was before this run (null: none), to keep it when nothing changed. */
  previous?: string | null;
}

function environment(): NonNullable<RunResults['environment']> {
  const cpu = cpus();
  return {
    lazylab: lazylabVersion(),
    node: process.version,
    cpu: cpu.length ? `${cpu[0]!.model.trim()} (${cpu.length} cores)` : 'unknown',
    platform: `${platform()} ${process.arch}`,
  };
}

/**
 * Verdicts, date, machine and provenance (the spec that produced the results, with `specPath`)
 * added to the results (a new object; the input is not changed).
 */
export function completeResults(results: RunResults, source: string, specPath?: string): RunResults {
  const spec = applyProfile(parseSpec(source).spec, results.profile).spec;
  const expectations = evaluateExpectations(spec, results);
  const provenance = specPath === undefined ? {} : { provenance: makeProvenance(source, specPath, results.profile, results.backend.matmul) };
  return { ...results, expectations, finishedAt: new Date().toISOString(), environment: environment(), ...provenance };
}

const num = (x: number): string => Number(x.toPrecision(3)).toString();

/** `0.52 [0.48, 0.55]` (bootstrap) or `0.52 (range of 3 seeds 0.48–0.55)`. */
export function renderMeasured(m: MeasuredValue | null | undefined): string {
  if (!m || m.value === null) return '—';
  if (!m.interval) return num(m.value);
  const [lo, hi] = m.interval.map(num);
  return m.intervalKind === 'range' ? `${num(m.value)} (range of ${m.seeds} seeds ${lo}–${hi})` : `${num(m.value)} [${lo}, ${hi}]`;
}

function verdictRows(v: ExpectationVerdict): string[][] {
  const tol = v.tolerance ? ` ± ${v.tolerance.relative ? `${v.tolerance.value * 100}%` : v.tolerance.value}` : '';
  const rhs = v.predicted !== null ? `${num(v.predicted)}${tol}` : renderMeasured(v.compared);
  const flag = v.unconverged ? ` (${v.unconverged} unconverged cells)` : '';
  const head = [v.name, v.verdict.toUpperCase() + flag, renderMeasured(v.measured), v.compared || v.predicted !== null ? rhs : ''];
  const groups = (v.groups ?? []).map((g) => [`  ${Object.entries(g.group).map(([k, x]) => `${k} ${x}`).join(', ')}`, g.verdict.toUpperCase(), renderMeasured(g.measured), renderMeasured(g.compared)]);
  return [head, ...groups];
}

function verdictTable(title: string, verdicts: ExpectationVerdict[], control: boolean): string {
  const rows = [[title, 'verdict', 'measured (95% interval)', control ? 'compared with' : 'predicted / compared with']];
  for (const v of verdicts) rows.push(...verdictRows(control ? { ...v, name: `${v.name} → ${v.control}` } : v));
  const details = verdicts.filter((v) => v.verdict !== 'pass').map((v) => `  ${v.name}: ${v.detail}`);
  return [table(rows), ...details].join('\n');
}

/** The claims' verdicts, then the negative controls (each with the claim it protects) apart. */
export function renderVerdicts(verdicts: ExpectationVerdict[]): string {
  if (!verdicts.length) return '';
  const claims = verdicts.filter((v) => !v.control), controls = verdicts.filter((v) => v.control);
  const parts = claims.length ? [verdictTable('expectation', claims, false)] : [];
  if (controls.length) parts.push(verdictTable('negative control → protects', controls, true));
  return parts.join('\n\n');
}

/** Returns the exit status the verdicts call for (0 unless --strict and one failed). */
export async function finishRun(results: RunResults, opts: FinishOptions): Promise<number> {
  const stamp = readStamp(opts.outDir);
  const kept = unchangedResults(results, opts.source, opts.previous ?? null, stamp);
  const complete = kept ?? completeResults(results, opts.source, opts.specPath);
  const path = resultsPath(opts.outDir);
  // Nothing changed: the previous file again, byte for byte (its date is that of the computation).
  if (kept) writeFileAtomic(path, opts.previous!);
  else writeResults(path, complete);
  writeFileAtomic(join(opts.outDir, 'results.csv'), resultsCsv(complete));
  const verdicts = complete.expectations ?? [];
  if (verdicts.length) out(renderVerdicts(verdicts));
  let report: FinishStamp['report'] = null;
  if (opts.report && kept && reportUnchanged(opts.outDir, stamp, opts.static)) {
    report = stamp!.report;
    out(`report: ${join(opts.outDir, 'index.html')} (unchanged)`);
  } else if (opts.report) {
    const { writeReport } = await import('../report/index.js');
    const written = await writeReport({ outDir: opts.outDir, specPath: opts.specPath, source: opts.source, results: complete, static: opts.static });
    report = { static: opts.static, sha256: fileSha(written.path)! };
    out(`report: ${written.path} (${(written.bytes / 1024).toFixed(0)} KiB)`);
  }
  writeStamp(opts.outDir, { key: finishKey(results, opts.source), results: fileSha(path)!, report });
  return opts.strict ? strictExitCode(verdicts, opts.strict) : 0;
}
