// loadSide: one side of `lazylab diff` → DiffSide. A side is a results directory (its
// results.json, and the spec.lazy the report keeps beside it), a spec file, or `spec@rev`
// (the spec as committed at a git revision). Specs are planned and run through the engine
// with the run's cache linked in, so unchanged cells come from the cache and only cells
// that changed are trained.

import { defaultRunDir } from '../../run/dirs.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { formatDiagnostics, hasErrors } from '../../diagnostics.js';
import { parseSpec } from '../../lang/parse.js';
import { checkSpec } from '../../check/index.js';
import { csvDimsRelativeTo, dataFilesRelativeTo, planSpec, type Plan } from '../../plan/index.js';
import { readResults, type RunResults } from '../../run/results.js';
import { matchProvenance, plannedCellHashes } from '../../run/provenance.js';
import * as M from '../../messages/index.js';
import type { RunEvent } from '../../run/events.js';
import { ERR } from '../messages.js';
import { verdictsFor } from '../write.js';
import type { DiffSide } from './model.js';

export interface SideOptions {
  profile: string | null;
  /** Where sides that must run keep their results (one folder per side). */
  workDir: string;
  /** The run cache to share (default runs/<experiment>/cache). */
  cacheDir?: string;
  jobs?: number;
  onEvent?: (label: string, e: RunEvent) => void;
  /** Compare results with a spec.lazy that did not produce them (flagged) instead of refusing. */
  allowMismatch?: boolean;
}

/** `path@rev` → the spec at that revision, read with git from the spec's folder. */
export function gitShow(specPath: string, rev: string): string {
  try {
    return execFileSync('git', ['show', `${rev}:./${basename(specPath)}`], { cwd: dirname(resolve(specPath)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const why = ((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n')[0] ?? '';
    throw new Error(ERR.gitShow(rev, specPath, why));
  }
}

/** Parse, check and plan a spec text; CSV paths resolve against the spec's folder. */
export function planSource(source: string, specPath: string, profile: string | null, label: string): Plan {
  const parsed = parseSpec(source);
  const inputs = { csvDims: csvDimsRelativeTo(specPath), files: dataFilesRelativeTo(specPath) };
  const diags = hasErrors(parsed.diagnostics) ? parsed.diagnostics : [...parsed.diagnostics, ...checkSpec(parsed.spec, inputs)];
  const planned = hasErrors(diags) ? { plan: null, diagnostics: [] } : planSpec(parsed.spec, { profile, ...inputs });
  if (!planned.plan) throw new Error(`${ERR.specProblems(label)}\n${formatDiagnostics([...diags, ...planned.diagnostics], label, source)}`);
  const base = dirname(resolve(specPath));
  const cells = planned.plan.cells.map((c) => (c.data.source.kind === 'csv' && !isAbsolute(c.data.source.path)
    ? { ...c, data: { ...c.data, source: { ...c.data.source, path: join(base, c.data.source.path) } } }
    : c));
  return { ...planned.plan, cells };
}

const folderName = (label: string): string => label.replace(/[^A-Za-z0-9._-]+/g, '_');

async function runSide(label: string, source: string, specPath: string, opts: SideOptions): Promise<DiffSide> {
  const plan = planSource(source, specPath, opts.profile, label);
  const outDir = join(opts.workDir, folderName(label));
  mkdirSync(outDir, { recursive: true });
  const shared = resolve(opts.cacheDir ?? join(defaultRunDir(plan.experiment), 'cache'));
  mkdirSync(shared, { recursive: true });
  if (!existsSync(join(outDir, 'cache'))) symlinkSync(shared, join(outDir, 'cache'), 'dir');
  // The engine (and TensorFlow.js) loads only when a side must run.
  const { executePlan } = await import('../../run/execute.js');
  const results = await executePlan(plan, { outDir, jobs: opts.jobs, onEvent: (e) => opts.onEvent?.(label, e) });
  return { label, source, results, verdicts: await verdictsFor(source, results) };
}

/**
 * A results directory as a side: its spec is the one results.json records (provenance); older
 * results fall back to the spec.lazy beside them, which must plan to exactly their cells.
 */
async function resultsSide(dir: string, results: RunResults, opts: SideOptions): Promise<DiffSide> {
  const recorded = results.provenance;
  const specFile = join(dir, 'spec.lazy');
  const source = recorded?.spec ?? (existsSync(specFile) ? readFileSync(specFile, 'utf8') : null);
  const side: DiffSide = { label: dir, source, results, verdicts: source ? await verdictsFor(source, results) : results.expectations ?? null };
  if (recorded || source === null) return source === null ? { ...side, warning: M.provenanceUnknown(join(dir, 'results.json'), false) } : side;
  const m = matchProvenance(results, source, plannedCellHashes(source, specFile, results.profile));
  if (m.kind === 'unknown') return { ...side, warning: M.provenanceUnknown(join(dir, 'results.json')) };
  if (m.kind !== 'mismatch') return side;
  if (!opts.allowMismatch) throw new Error(`${M.resultsMismatch(dir, specFile, m)}\n  = hint: ${M.diffMismatchHint()}`);
  return { ...side, warning: M.mismatchBanner(m) };
}

export async function loadSide(arg: string, opts: SideOptions): Promise<DiffSide> {
  if (existsSync(arg) && statSync(arg).isDirectory()) {
    const file = join(arg, 'results.json');
    if (!existsSync(file)) throw new Error(ERR.noResults(arg));
    return resultsSide(arg, readResults(file), opts);
  }
  const at = /^(.*\.lazy)@(.+)$/.exec(arg);
  if (at) return runSide(arg, gitShow(at[1]!, at[2]!), at[1]!, opts);
  if (!existsSync(arg)) throw new Error(ERR.badSide(arg, 'no such file or directory'));
  return runSide(arg, readFileSync(arg, 'utf8'), arg, opts);
}
