// The claim functions of an expectation (src/check/catalogue.ts CLAIM_FUNCTIONS) evaluated on run
// results: slope (power-law fit over the swept x, bootstrap over seeds), rate (exponential fit of
// y against step), predicted_rate (the linearized model's rate from the measured NTK spectrum),
// final/initial/best (one value per cell), at and mean (means over cells), decreasing/increasing
// (on seed means). A value that cannot be computed is `undecided` with the reason.

import type { Verdict } from './verdict.js';
import { applyFilters, bySeed, cellValue, mean, pick, selectionProblem, type CellData, type CellPick, type Filter } from './expect-data.js';
import { fitExponentialRate, fitPowerLaw, type FitResult, type SeedSeries } from './fit.js';
import { fitIsolineSlope, type Grid } from './isoline.js';

export type ClaimValue =
  | { kind: 'number'; value: number }
  /** A statistic; `fitted` ones (slope, rate) need an interval to support a verdict. */
  | { kind: 'stat'; value: number; interval: [number, number] | null; intervalNote?: string; fitted: boolean; what: string }
  | { kind: 'cells'; values: Map<string, number>; what: string }
  | { kind: 'truth'; verdict: Verdict; detail: string }
  | { kind: 'undecided'; reason: string };

export interface FunctionContext {
  cells: CellData[];
  /** `model`/`data` of cells when the spec has one such block (cells do not record it then). */
  defaults: Record<string, string>;
}

export interface CallInput { callee: string; names: string[]; filters: Filter[] }

const undecided = (reason: string): ClaimValue => ({ kind: 'undecided', reason });

/** Cells a call works on, or why there are none fit for a verdict. */
function select(ctx: FunctionContext, filters: Filter[]): CellData[] | string {
  const cells = applyFilters(ctx.cells, filters, ctx.defaults);
  return selectionProblem(cells) ?? cells;
}

/** One value per cell (final/initial/best), or why not. */
function perCell(cells: CellData[], y: string, which: CellPick): Map<string, number> | string {
  const out = new Map<string, number>();
  let missing = 0, infinite = 0;
  for (const c of cells) {
    const v = pick(c, y, which);
    if (v === undefined) missing++;
    else if (v === null) infinite++;
    else out.set(c.hash, v);
  }
  if (missing) return `\`${y}\` is missing in ${missing} of ${cells.length} cells (not measured, or unsupported for the model)`;
  if (infinite) return `\`${y}\` is not finite in ${infinite} of ${cells.length} cells`;
  return out;
}

function fitStat(fit: FitResult, what: string): ClaimValue {
  return {
    kind: 'stat', value: fit.estimate, fitted: true,
    what: `${what} (${fit.points} points, ${fit.seeds} seed${fit.seeds === 1 ? '' : 's'})`,
    interval: fit.interval ? [fit.interval.low, fit.interval.high] : null,
    ...(fit.reason ? { intervalNote: fit.reason } : {}),
  };
}

/** Log-log slope of final y against x (or of y against step along each run when x = step). */
function slope(cells: CellData[], y: string, x: string, defaults: Record<string, string>): ClaimValue {
  const series: SeedSeries[] = [];
  if (x === 'step') {
    for (const group of bySeed(cells)) {
      const pts = group.flatMap((c) => (c.series.get(y) ?? []).filter((p) => p.value !== null));
      series.push({ x: pts.map((p) => p.step), y: pts.map((p) => p.value!) });
    }
  } else {
    const finals = perCell(cells, y, 'final');
    if (typeof finals === 'string') return undecided(finals);
    for (const group of bySeed(cells)) {
      const xs = group.map((c) => cellValue(c, x, defaults));
      if (xs.some((v) => typeof v !== 'number')) return undecided(`\`${x}\` is not a numeric swept value in every cell`);
      series.push({ x: xs as number[], y: group.map((c) => finals.get(c.hash)!) });
    }
  }
  const distinct = new Set(series.flatMap((s) => s.x.filter((v) => v > 0))).size;
  if (distinct < 3) return undecided(`a slope needs at least 3 positive values of \`${x}\`, found ${distinct}`);
  return fitStat(fitPowerLaw(series), `log-log slope of ${y} against ${x}`);
}

/** Exponential decay rate of y against step, runs of one seed pooled. */
function rate(cells: CellData[], y: string): ClaimValue {
  const series = bySeed(cells).map((group) => {
    const pts = group.flatMap((c) => (c.series.get(y) ?? []).filter((p) => p.value !== null));
    return { x: pts.map((p) => p.step), y: pts.map((p) => p.value!) };
  });
  const distinct = new Set(series.flatMap((s) => s.x)).size;
  if (distinct < 3) return undecided(`a rate needs \`${y}\` at 3 or more logged steps, found ${distinct}`);
  return fitStat(fitExponentialRate(series), `decay rate of ${y} per step`);
}

/** A loss rate that `ntk_eigen` records at init (kernel.ts), as the mean over cells. */
interface RecordedRate { measurement: string; label: string; kind: 'a prediction' | 'a bound'; what: string }

const PREDICTED: RecordedRate = { measurement: 'ntk_predicted_rate', label: 'the predicted rate', kind: 'a prediction', what: 'linearized-model loss rate per step from λ_min(Θ0)' };
/** Li, Luo & Zhou's guaranteed rate from the layers' kernels (Σ_l λ_min(Θ^{(l)})). */
const LLZ: RecordedRate = { measurement: 'ntk_llz_rate', label: 'the Li–Luo–Zhou rate', kind: 'a bound', what: 'Li–Luo–Zhou loss rate per step from Σ_l λ_min(Θ0 of layer l)' };

function recordedRate(cells: CellData[], y: string, rate: RecordedRate): ClaimValue {
  if (y !== 'train_loss') return undecided(`${rate.label} is for \`train_loss\`, not \`${y}\``);
  const values = perCell(cells, rate.measurement, 'initial');
  if (typeof values === 'string') {
    return undecided(`${rate.label} needs \`ntk_eigen\` measured at step 0 with gd, mse, a scalar output and ≤ 4096 training points`);
  }
  const xs = [...values.values()];
  return {
    kind: 'stat', value: mean(xs), fitted: false, interval: null,
    intervalNote: `${rate.kind}: mean of ${xs.length} cells, range ${Math.min(...xs).toPrecision(3)}–${Math.max(...xs).toPrecision(3)}`,
    what: rate.what,
  };
}

/** Monotonicity of the seed-mean of final y over the sorted values of x. */
function monotone(cells: CellData[], y: string, x: string, defaults: Record<string, string>, up: boolean): ClaimValue {
  const finals = perCell(cells, y, 'final');
  if (typeof finals === 'string') return undecided(finals);
  const groups = new Map<number, number[]>();
  for (const c of cells) {
    const v = cellValue(c, x, defaults);
    if (typeof v !== 'number') return undecided(`\`${x}\` is not a numeric swept value in every cell`);
    groups.set(v, [...(groups.get(v) ?? []), finals.get(c.hash)!]);
  }
  const xs = [...groups.keys()].sort((a, b) => a - b);
  if (xs.length < 2) return undecided(`\`${x}\` takes ${xs.length} value; monotonicity needs 2 or more`);
  const means = xs.map((v) => mean(groups.get(v)!));
  const bad = means.slice(1).filter((m, i) => (up ? m <= means[i]! : m >= means[i]!)).length;
  const shown = xs.map((v, i) => `${v}: ${means[i]!.toPrecision(3)}`).join(', ');
  return { kind: 'truth', verdict: bad ? 'fail' : 'pass', detail: `seed means of ${y} by ${x}: ${shown}${bad ? ` (${bad} of ${xs.length - 1} steps go the wrong way)` : ''}` };
}

/** One seed's grid of log final y over (log x1, log x2), or why there is none. */
function seedGrid(group: CellData[], finals: Map<string, number>, x1: string, x2: string, defaults: Record<string, string>): Grid | string {
  const us = [...new Set(group.map((c) => cellValue(c, x1, defaults)))];
  const vs = [...new Set(group.map((c) => cellValue(c, x2, defaults)))];
  if ([...us, ...vs].some((v) => typeof v !== 'number' || v <= 0)) return `\`${x1}\` and \`${x2}\` must be positive swept numbers`;
  const u = (us as number[]).sort((a, b) => a - b);
  const v = (vs as number[]).sort((a, b) => a - b);
  if (u.length < 3 || v.length < 3) return `an iso-line slope needs a grid of at least 3 × 3, found ${u.length} × ${v.length}`;
  const z = u.map(() => v.map(() => NaN));
  for (const c of group) {
    const y = finals.get(c.hash)!;
    z[u.indexOf(cellValue(c, x1, defaults) as number)]![v.indexOf(cellValue(c, x2, defaults) as number)] = y > 0 ? Math.log(y) : NaN;
  }
  if (z.some((row) => row.some((x) => !Number.isFinite(x)))) return `the (\`${x1}\`, \`${x2}\`) grid has a missing or non-positive value`;
  return { u: u.map(Math.log), v: v.map(Math.log), z };
}

/** Slope d log x2 / d log x1 of the iso-lines of log y (structure tensor), bootstrap over seeds. */
function isoline(cells: CellData[], y: string, x1: string, x2: string, defaults: Record<string, string>): ClaimValue {
  const finals = perCell(cells, y, 'final');
  if (typeof finals === 'string') return undecided(finals);
  const grids: Grid[] = [];
  for (const group of bySeed(cells)) {
    const g = seedGrid(group, finals, x1, x2, defaults);
    if (typeof g === 'string') return undecided(g);
    grids.push(g);
  }
  const fit = fitIsolineSlope(grids);
  if (fit.estimate === null || !Number.isFinite(fit.estimate)) return undecided(`log ${y} has no iso-line direction on the grid (flat or vertical)`);
  return {
    kind: 'stat', value: fit.estimate, fitted: true, interval: fit.interval,
    ...(fit.reason ? { intervalNote: fit.reason } : {}),
    what: `iso-line slope of log ${y} in (log ${x1}, log ${x2}) (${fit.seeds} seed${fit.seeds === 1 ? '' : 's'})`,
  };
}

/** Evaluate one claim-function call. */
export function callFunction(ctx: FunctionContext, call: CallInput): ClaimValue {
  const cells = select(ctx, call.filters);
  if (typeof cells === 'string') return undecided(cells);
  const [y, x] = call.names;
  if (y === undefined) return undecided(`\`${call.callee}\` needs a measurement`);
  switch (call.callee) {
    case 'slope': return slope(cells, y, x!, ctx.defaults);
    case 'rate': return rate(cells, y);
    case 'predicted_rate': return recordedRate(cells, y, PREDICTED);
    case 'llz_rate': return recordedRate(cells, y, LLZ);
    case 'final': case 'initial': case 'best': {
      const values = perCell(cells, y, call.callee);
      return typeof values === 'string' ? undecided(values) : { kind: 'cells', values, what: `${call.callee}(${y})` };
    }
    case 'at': case 'mean': {
      const values = perCell(cells, y, 'final');
      if (typeof values === 'string') return undecided(values);
      const xs = [...values.values()];
      return { kind: 'stat', value: mean(xs), fitted: false, interval: null, intervalNote: `mean of ${xs.length} cells`, what: `${call.callee}(${y})` };
    }
    case 'isoline_slope': return isoline(cells, y, x!, call.names[2]!, ctx.defaults);
    case 'decreasing': return monotone(cells, y, x!, ctx.defaults, false);
    case 'increasing': return monotone(cells, y, x!, ctx.defaults, true);
    default: return undecided(`\`${call.callee}\` is not implemented by the evaluator`);
  }
}
