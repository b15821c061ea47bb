// The plan stage: checked spec (+ profile) → run cells, and the file-level entry point that
// the CLI and the engine use (read, parse, check, plan, with formatted diagnostics).

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatDiagnostics, hasErrors, type Diagnostic } from '../diagnostics.js';
import { parseSpec } from '../lang/parse.js';
import { checkSpec, GRID_WARNING } from '../check/index.js';
import { planSpec } from './plan.js';
import { profileNames } from './profile.js';
import { overLimit, formatBytes, formatFlops } from './cost.js';
import type { Plan } from './cell.js';
import * as M from '../messages/index.js';
import { dataFilesRelativeTo } from './data-files.js';

export { planSpec, canonicalJson, hashCell, type PlanOptions, type PlanResult } from './plan.js';
export { estimateCost, overLimit, formatFlops, formatBytes, LIMITS } from './cost.js';
export type * from './cell.js';
export { dataFilesRelativeTo, type DataFiles } from './data-files.js';

/** Columns of a CSV data file minus the label column (null when unreadable: the engine reports it). */
export function csvDimsRelativeTo(specPath: string): (path: string) => number | null {
  return (path: string) => {
    try {
      const header = readFileSync(resolve(dirname(specPath), path), 'utf8').split(/\r?\n/, 1)[0] ?? '';
      return Math.max(1, header.split(',').length - 1);
    } catch {
      return null;
    }
  };
}

export interface LoadedPlan {
  plan: Plan | null;
  /** Diagnostics already rendered for a terminal (empty when there are none). */
  report: string;
  ok: boolean;
  diagnostics: Diagnostic[];
  source: string;
}

export function describeCost(plan: Plan): string {
  const c = plan.cost;
  return M.costSummary(c.cells, c.totalSteps, formatFlops(c.flops), formatBytes(c.peakBytes));
}

/** Reads, parses, checks and plans a spec file; refuses a plan above the size limit unless `force`. */
export async function loadPlanFromFile(path: string, opts: { profile: string | null; force: boolean }): Promise<LoadedPlan> {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    return { plan: null, report: `${path}: error[E0001]: ${M.cannotReadSpec((e as Error).message)}`, ok: false, diagnostics: [], source: '' };
  }
  const parsed = parseSpec(source);
  const inputs = { csvDims: csvDimsRelativeTo(path), files: dataFilesRelativeTo(path) };
  // The check's warning about the grid's size is decided here instead (E0501 unless --force).
  const checked = hasErrors(parsed.diagnostics) ? [] : checkSpec(parsed.spec, { ...inputs, running: opts.profile }).filter((d) => d.code !== GRID_WARNING);
  const diagnostics = [...parsed.diagnostics, ...checked];
  if (hasErrors(diagnostics)) return { plan: null, report: formatDiagnostics(diagnostics, path, source), ok: false, diagnostics, source };
  const planned = planSpec(parsed.spec, { profile: opts.profile, ...inputs, force: opts.force });
  const all = [...diagnostics, ...planned.diagnostics];
  const report = formatDiagnostics(all, path, source);
  if (!planned.plan) return { plan: null, report, ok: false, diagnostics: all, source };
  const over = overLimit(planned.plan.cost);
  if (over && !opts.force) {
    // Name a profile the spec really has (a made-up one would only fail with E0220).
    const others = profileNames(parsed.spec).filter((p) => p !== opts.profile);
    const msg = `${path}: error[E0501]: ${M.planTooLarge(describeCost(planned.plan), over)}\n  = hint: ${M.planTooLargeHint(others[0])}`;
    return { plan: null, report: [report, msg].filter(Boolean).join('\n'), ok: false, diagnostics: all, source };
  }
  return { plan: planned.plan, report, ok: true, diagnostics: all, source };
}
