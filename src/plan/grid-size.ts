// The size of a plan's grid, known from the sweeps and seeds before any cell is built, and the
// refusal of a grid too large to plan: above LIMITS.cells unless --force, above LIMITS.maxCells
// always (a million cells already take minutes and gigabytes to plan).

import type { Diagnostic, Span } from '../diagnostics.js';
import type * as A from '../lang/ast.js';
import type { Axis } from './sweep.js';
import { LIMITS } from './cost.js';
import * as M from '../messages/index.js';

/** One factor of the grid's product: `3 models`, `1,000 m`, `5 seeds`, with where it is written. */
export interface GridFactor { size: number; what: string; span: Span | null }

export function gridFactors(spec: A.Spec, axes: readonly Axis[], seedCount: number): GridFactor[] {
  const count = (kind: string) => spec.statements.filter((s) => s.kind === kind).length;
  const seeds = spec.statements.find((s): s is A.SeedsStatement => s.kind === 'seeds');
  return [
    { size: count('data'), what: 'data', span: null },
    { size: count('model'), what: 'models', span: null },
    ...axes.map((a) => ({ size: a.points.length, what: M.sweptValues(a.names), span: a.span })),
    { size: seedCount, what: 'seeds', span: seeds?.span ?? null },
  ];
}

/** The E0501/E0502 diagnostic for a grid above the limits, or null when it may be planned. */
export function refuseGrid(factors: readonly GridFactor[], opts: { force?: boolean; profile: string | null }, profiles: readonly string[]): Diagnostic | null {
  // A spec without data or model blocks still must not build a list of 10⁹ seeds: count them as one.
  const cells = factors.reduce((p, f) => p * Math.max(1, f.size), 1);
  const hard = cells > LIMITS.maxCells;
  if (!hard && (cells <= LIMITS.cells || opts.force)) return null;
  const shown = factors.filter((f) => f.size > 1).map((f) => M.gridFactor(f.size, f.what));
  const largest = factors.filter((f) => f.span !== null).sort((a, b) => b.size - a.size)[0];
  const limit = hard ? LIMITS.maxCells : LIMITS.cells;
  const d: Diagnostic = {
    severity: 'error',
    code: hard ? 'E0502' : 'E0501',
    message: M.tooManyCells(cells, shown, limit),
    span: largest?.span ?? { start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } },
    hint: hard ? M.tooManyCellsEvenForcedHint() : M.tooManyCellsHint(profiles.find((p) => p !== opts.profile)),
  };
  return largest ? d : { ...d, whole: true };
}
