// checkSpec: AST → diagnostics, in one pass. Static checks first (structure, names, claims,
// charts); when they pass, every profile is planned so that values that go bad in some cell
// (width 0, lr ≤ 0, NaN) and measurements that do not fit a model are reported too.

import type { Diagnostic } from '../diagnostics.js';
import { hasErrors, sortDiagnostics } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import { checkAllSettings, checkBlocks, checkDuplicateNames, checkMeasurements, error, type Accept } from './structure.js';
import { checkCycles, checkUnused } from './names.js';
import { checkCharts, checkExpectations } from './report.js';
import { checkLiteralSettings } from './literals.js';
import { planSpec, type PlanOptions } from '../plan/plan.js';
import { profileNames } from '../plan/profile.js';
import { MEASUREMENTS, type ModelFacts } from './catalogue.js';
import type { Plan, RunCell } from '../plan/cell.js';
import { own } from '../lang/lookup.js';
import * as M from '../messages/index.js';

export interface CheckOptions {
  csvDims?: PlanOptions['csvDims'];
  files?: PlanOptions['files'];
  /**
   * The profile about to run (`run`, `plan`): data files only other profiles read need not exist,
   * so their missing-file errors are dropped (`check` itself leaves this unset and reports them all).
   */
  running?: string | null;
  /** Receives each profile's plan (cells unhashed), so a caller need not plan again. */
  onPlan?: (profile: string | null, plan: Plan) => void;
}

const STATIC_CHECKS: ((spec: A.Spec, accept: Accept) => void)[] = [
  checkBlocks, checkDuplicateNames, checkAllSettings, checkMeasurements, checkCycles, checkUnused,
  checkExpectations, checkCharts, checkLiteralSettings,
];

export function checkSpec(spec: A.Spec, opts: CheckOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const accept: Accept = (d) => out.push(d);
  for (const check of STATIC_CHECKS) check(spec, accept);
  // Planning still runs after static errors (default profile only), so one pass reports
  // bad values too; a cycle is already reported statically, so its evaluation echo is dropped.
  const staticErrors = hasErrors(out);
  const seen = new Set<string>(out.map((d) => `${d.code}@${d.span.start.offset}`));
  if (out.some((d) => d.code === 'E0204')) seen.add('cycle');
  for (const profile of staticErrors ? [null] : [null, ...profileNames(spec)]) {
    const planned = planSpec(spec, { profile, csvDims: opts.csvDims, files: opts.files, hash: false }); // the checker never needs hashes
    for (const d of planned.diagnostics.map(gridAsWarning)) {
      const key = `${d.code}@${d.span.start.offset}`;
      if (seen.has(key) || (d.code === 'E0204' && seen.has('cycle'))) continue;
      if (opts.running !== undefined && profile !== opts.running && DATA_FILE_CODES.has(d.code)) continue;
      seen.add(key);
      out.push(profile ? { ...d, message: d.message + M.profileMark(profile) } : d);
    }
    if (!planned.plan) continue;
    checkMisfits(spec, planned.plan, accept, seen);
    opts.onPlan?.(profile, planned.plan);
  }
  return sortDiagnostics(out);
}

/** A data file that is missing, unreadable or too small (csv, CIFAR-10 folder). */
const DATA_FILE_CODES = new Set(['E0340', 'E0347', 'E0350']);

/** The code of a grid above LIMITS.cells in `check`: a warning, since `run --force` may run it. */
export const GRID_WARNING = 'W0503';

function gridAsWarning(d: Diagnostic): Diagnostic {
  return d.code === 'E0501' ? { ...d, severity: 'warning', code: GRID_WARNING } : d;
}

/** What a measurement's misfit test reads of a planned cell. */
export function modelFacts(cell: RunCell): ModelFacts {
  return {
    name: cell.model.name, activation: cell.model.activation, parameterization: cell.model.parameterization,
    head: cell.model.head, depth: cell.model.hidden.length, loss: cell.train.loss, optimizer: cell.train.optimizer.kind, cell,
    layered: cell.model.layers !== undefined,
  };
}

/** Measurements that do not fit a model, said once per (measurement, model). */
function checkMisfits(spec: A.Spec, plan: Plan, accept: Accept, seen: Set<string>): void {
  const measure = spec.statements.find((s): s is A.MeasureBlock => s.kind === 'measure');
  if (!measure) return;
  for (const cell of plan.cells) {
    const facts = modelFacts(cell);
    for (const item of measure.items) {
      const reason = own(MEASUREMENTS, item.name)?.misfit?.(facts) ?? null;
      const key = `E0408:${item.name}:${cell.model.name}`;
      if (reason === null || seen.has(key)) continue;
      seen.add(key);
      accept(error('E0408', M.measurementMisfit(item.name, cell.model.name), item.nameSpan, reason));
    }
  }
}
