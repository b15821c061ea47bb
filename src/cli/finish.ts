// The end of `lazylab run`: evaluate the spec's expectations on the results, stamp the run's
// date and machine, rewrite results.json, write the report, and print the verdicts.
// `--strict` turns a failed expectation into a non-zero exit, for researchers' own CI.

import { cpus, platform } from 'node:os';
import { parseSpec } from '../lang/parse.js';
import { applyProfile } from '../plan/profile.js';
import { resultsPath, writeResults, type RunResults } from '../run/index.js';
import { evaluateExpectations, strictExitCode } from '../theory/expect.js';
import type { ExpectationVerdict } from '../theory/verdict.js';
import { lazylabVersion } from '../version.js';
import { makeProvenance } from '../run/provenance.js';
import { out, table } from './io.js';

export interface FinishOptions {
  specPath: string;
  source: string;
  outDir: string;
  report: boolean;
  static: boolean;
  strict: boolean;
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
  const provenance = specPath === undefined ? {} : { provenance: makeProvenance(source, specPath, results.profile) };
  return { ...results, expectations, finishedAt: new Date().toISOString(), environment: environment(), ...provenance };
}

export function renderVerdicts(verdicts: ExpectationVerdict[]): string {
  if (!verdicts.length) return '';
  const rows = [['expectation', 'verdict', 'measured', 'predicted']];
  for (const v of verdicts) {
    const m = v.measured.value === null ? '—' : Number(v.measured.value.toPrecision(3)).toString();
    const ci = v.measured.interval ? ` [${v.measured.interval.map((x) => Number(x.toPrecision(3))).join(', ')}]` : '';
    const tol = v.tolerance ? ` ± ${v.tolerance.relative ? `${v.tolerance.value * 100}%` : v.tolerance.value}` : '';
    const predicted = v.predicted === null ? '' : `${Number(v.predicted.toPrecision(3))}${tol}`;
    rows.push([v.name, v.verdict.toUpperCase(), m + ci, predicted]);
  }
  const details = verdicts.filter((v) => v.verdict !== 'pass').map((v) => `  ${v.name}: ${v.detail}`);
  return [table(rows), ...details].join('\n');
}

/** Returns the exit status the verdicts call for (0 unless --strict and one failed). */
export async function finishRun(results: RunResults, opts: FinishOptions): Promise<number> {
  const complete = completeResults(results, opts.source, opts.specPath);
  writeResults(resultsPath(opts.outDir), complete);
  const verdicts = complete.expectations ?? [];
  if (verdicts.length) out(renderVerdicts(verdicts));
  if (opts.report) {
    const { writeReport } = await import('../report/index.js');
    const written = await writeReport({ outDir: opts.outDir, specPath: opts.specPath, source: opts.source, results: complete, static: opts.static });
    out(`report: ${written.path} (${(written.bytes / 1024).toFixed(0)} KiB)`);
  }
  return opts.strict ? strictExitCode(verdicts) : 0;
}
