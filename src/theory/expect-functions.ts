// The claim functions of an expectation (src/check/catalogue.ts CLAIM_FUNCTIONS) evaluated on run
// results, each as a statistic of the seeds (expect-stats.ts) so that every value has an interval
// over seeds: slope (power-law fit over the swept x), rate (exponential fit of y against step),
// predicted_rate/llz_rate (recorded at init), final/initial/best/at/mean (per seed, the mean over
// that seed's selected cells of one value per cell), isoline_slope, and decreasing/increasing
// (every step between adjacent x values judged by the interval of its difference).
// A value that cannot be computed is `undecided` with the reason.

import type { Verdict } from './verdict.js';
import { applyFilters, bySeed, cellValue, pick, selectionProblem, type CellData, type CellPick, type Filter } from './expect-data.js';
import { fitExponent, type SeedSeries } from './fit.js';
import { isolineSlope, meanGrid, type Grid } from './isoline.js';
import { combine, describeInterval, intervalOf, MIN_SEEDS, pointOf, seedMean, type Stat } from './expect-stats.js';

export type ClaimValue =
  | { kind: 'number'; value: number }
  | Stat
  /** `measured`: the statistic a table shows for the claim (decreasing/increasing: the change over the x range). */
  | { kind: 'truth'; verdict: Verdict; detail: string; cells: CellData[]; measured?: Stat }
  | { kind: 'undecided'; reason: string };

export interface FunctionContext {
  cells: CellData[];
  /** `model`/`data` of cells when the spec has one such block (cells do not record it then). */
  defaults: Record<string, string>;
  /** Pins of a per-model (per-data) evaluation: applied to every call that does not name its own. */
  scope: Record<string, string>;
}

export interface CallInput { callee: string; names: string[]; filters: Filter[] }

const undecided = (reason: string): ClaimValue => ({ kind: 'undecided', reason });

/** Cells a call works on, or why there are none fit for a verdict. */
function select(ctx: FunctionContext, filters: Filter[]): CellData[] | string {
  const pins = Object.entries(ctx.scope).filter(([k]) => !filters.some((f) => f.name === k))
    .map(([name, value]): Filter => ({ name, kind: 'equals', value }));
  const cells = applyFilters(ctx.cells, [...pins, ...filters], ctx.defaults);
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

/** Per seed, the mean over that seed's cells of one value per cell. */
function perSeedMean(cells: CellData[], values: Map<string, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const group of bySeed(cells)) {
    const xs = group.map((c) => values.get(c.hash)).filter((v): v is number => v !== undefined);
    if (xs.length) out.set(group[0]!.seed, xs.reduce((t, v) => t + v, 0) / xs.length);
  }
  return out;
}

function meanStat(cells: CellData[], values: Map<string, number>, what: string, note?: string): Stat {
  const perSeed = perSeedMean(cells, values);
  return { kind: 'stat', what, seeds: [...perSeed.keys()], estimate: seedMean(perSeed), fitted: false, cells, ...(note ? { note } : {}) };
}

/** A fitted exponent of per-seed series: the pooled fit refitted on each drawn multiset of seeds. */
function fitStat(cells: CellData[], bySeedSeries: Map<number, SeedSeries>, kind: 'power' | 'rate', what: string): Stat {
  const points = [...bySeedSeries.values()].reduce((t, s) => t + s.x.length, 0);
  return {
    kind: 'stat', what: `${what} (${points} points)`, seeds: [...bySeedSeries.keys()], fitted: true, cells,
    estimate: (draw) => fitExponent(draw.map((k) => bySeedSeries.get(k)).filter((s): s is SeedSeries => s !== undefined), kind),
  };
}

/** y against step along the runs of each seed (cells of one seed pooled). */
function stepSeries(cells: CellData[], y: string): Map<number, SeedSeries> {
  const out = new Map<number, SeedSeries>();
  for (const group of bySeed(cells)) {
    const pts = group.flatMap((c) => (c.series.get(y) ?? []).filter((p) => p.value !== null));
    out.set(group[0]!.seed, { x: pts.map((p) => p.step), y: pts.map((p) => p.value!) });
  }
  return out;
}

/** Log-log slope of final y against x (or of y against step along each run when x = step). */
function slope(cells: CellData[], y: string, x: string, defaults: Record<string, string>): ClaimValue {
  let series = new Map<number, SeedSeries>();
  if (x === 'step') series = stepSeries(cells, y);
  else {
    const finals = perCell(cells, y, 'final');
    if (typeof finals === 'string') return undecided(finals);
    for (const group of bySeed(cells)) {
      const xs = group.map((c) => cellValue(c, x, defaults));
      if (xs.some((v) => typeof v !== 'number')) return undecided(`\`${x}\` is not a numeric swept value in every cell`);
      series.set(group[0]!.seed, { x: xs as number[], y: group.map((c) => finals.get(c.hash)!) });
    }
  }
  const distinct = new Set([...series.values()].flatMap((s) => s.x.filter((v) => v > 0))).size;
  if (distinct < 3) return undecided(`a slope needs at least 3 positive values of \`${x}\`, found ${distinct}`);
  return fitStat(cells, series, 'power', `log-log slope of ${y} against ${x}`);
}

/** Exponential decay rate of y against step, runs of one seed pooled. */
function rate(cells: CellData[], y: string): ClaimValue {
  const series = stepSeries(cells, y);
  const distinct = new Set([...series.values()].flatMap((s) => s.x)).size;
  if (distinct < 3) return undecided(`a rate needs \`${y}\` at 3 or more logged steps, found ${distinct}`);
  return fitStat(cells, series, 'rate', `decay rate of ${y} per step`);
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
  return meanStat(cells, values, rate.what, `${rate.kind}, mean of ${values.size} cells`);
}

/** Every step between adjacent x values judged by the interval of its difference of seed means. */
function monotone(cells: CellData[], y: string, x: string, defaults: Record<string, string>, up: boolean): ClaimValue {
  const finals = perCell(cells, y, 'final');
  if (typeof finals === 'string') return undecided(finals);
  const groups = new Map<number, CellData[]>();
  for (const c of cells) {
    const v = cellValue(c, x, defaults);
    if (typeof v !== 'number') return undecided(`\`${x}\` is not a numeric swept value in every cell`);
    groups.set(v, [...(groups.get(v) ?? []), c]);
  }
  const xs = [...groups.keys()].sort((a, b) => a - b);
  if (xs.length < 2) return undecided(`\`${x}\` takes ${xs.length} value; monotonicity needs 2 or more`);
  const stats = xs.map((v) => meanStat(groups.get(v)!, finals, `${y} at ${x} = ${v}`));
  const steps = xs.slice(1).map((_, i) => intervalOf(combine(stats[i + 1]!, stats[i]!, (a, b) => (up ? a - b : b - a), 'step')));
  // A step is decided by the 95% bootstrap interval of its difference; below MIN_SEEDS seeds only
  // a step that goes the wrong way in every seed is decided (it fails); none passes.
  const right = steps.filter((iv) => iv && iv.kind === 'bootstrap' && iv.low > 0).length;
  const wrong = steps.filter((iv) => iv && iv.high < 0).length;
  const shown = xs.map((v, i) => `${v.toPrecision(3)}: ${pointOf(stats[i]!).toPrecision(3)}`).join(', ');
  const verdict: Verdict = wrong ? 'fail' : right === steps.length ? 'pass' : 'inconclusive';
  const test = steps[0]?.kind === 'range' ? `${describeInterval(steps[0]).replace(/ \[.*$/, '')} (fewer than ${MIN_SEEDS}): no step can pass; a step fails when every seed goes the other way` : "95% seed-bootstrap interval of each step's difference";
  const how = `${right} of ${steps.length} steps go the claimed way, ${wrong} the other way, ${steps.length - right - wrong} undecided (${test})`;
  // What a reader compares with "decreasing": the change of the seed means from the smallest x to the largest, with its interval.
  const [lo, hi] = [xs[0]!, xs[xs.length - 1]!].map((v) => String(Number(v.toPrecision(4))));
  const change = combine(stats[stats.length - 1]!, stats[0]!, (a, b) => a - b, `${y} at ${x} = ${hi} − at ${x} = ${lo}`);
  const note = `change from ${x} = ${lo} to ${hi}; ${right} of ${steps.length} steps ${up ? 'up' : 'down'}`;
  return { kind: 'truth', verdict, cells, detail: `seed means of ${y} by ${x}: ${shown}; ${how}`, measured: { ...change, note } };
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

/** Slope d log x2 / d log x1 of the iso-lines of log y (structure tensor) of the drawn seeds' mean grid. */
function isoline(cells: CellData[], y: string, x1: string, x2: string, defaults: Record<string, string>): ClaimValue {
  const finals = perCell(cells, y, 'final');
  if (typeof finals === 'string') return undecided(finals);
  const grids = new Map<number, Grid>();
  for (const group of bySeed(cells)) {
    const g = seedGrid(group, finals, x1, x2, defaults);
    if (typeof g === 'string') return undecided(g);
    grids.set(group[0]!.seed, g);
  }
  const estimate = (draw: readonly number[]): number => {
    const gs = draw.map((k) => grids.get(k)).filter((g): g is Grid => g !== undefined);
    return gs.length ? isolineSlope(meanGrid(gs)) ?? NaN : NaN;
  };
  const stat: Stat = { kind: 'stat', what: `iso-line slope of log ${y} in (log ${x1}, log ${x2})`, seeds: [...grids.keys()], estimate, fitted: true, cells };
  if (!Number.isFinite(pointOf(stat))) return undecided(`log ${y} has no iso-line direction on the grid (flat or vertical)`);
  return stat;
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
    case 'final': case 'initial': case 'best': case 'at': case 'mean': {
      const which: CellPick = call.callee === 'initial' || call.callee === 'best' ? call.callee : 'final';
      const values = perCell(cells, y, which);
      return typeof values === 'string' ? undecided(values) : meanStat(cells, values, `${call.callee}(${y}) (mean over ${cells.length} cells)`);
    }
    case 'isoline_slope': return isoline(cells, y, x!, call.names[2]!, ctx.defaults);
    case 'decreasing': return monotone(cells, y, x!, ctx.defaults, false);
    case 'increasing': return monotone(cells, y, x!, ctx.defaults, true);
    default: return undecided(`\`${call.callee}\` is not implemented by the evaluator`);
  }
}
