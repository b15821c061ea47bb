// Theory overlays of a chart, as data to draw: the fitted power law (src/theory/fit.ts, with
// its bootstrap interval over seeds) and the predicted slope through the data's centroid in
// log–log space, one pair per color/facet group; and the level sets of an expression of the
// axes over a heatmap (iso-lines such as α τ² = const).

import type * as A from '../lang/ast.js';
import { evaluate, makeScope } from '../plan/eval.js';
import { fitPowerLaw, type SeedSeries } from '../theory/fit.js';
import type { Key, Point, SeedPoint } from './aggregate.js';
import { fmtNum } from './escape.js';
import { MSG } from './messages.js';

export interface LinePoint { line: string; kind: string; x: number; y: number; color: Key | null; facet: Key | null }

export interface Overlay { points: LinePoint[]; notes: string[] }

/**
 * The linearized network's trajectory of the chart's loss (`linearized_train_loss` recorded by
 * the linearization_gap measurement), seed means drawn as a second line per series; also the
 * infinite-width network's (`infinite_train_loss`, label "infinite width").
 */
export function linearizedOverlay(points: readonly Point[], label = 'linearized', kind = 'linearized model'): Overlay {
  const out: Overlay = { points: [], notes: [] };
  for (const p of points) {
    if (typeof p.x !== 'number') continue;
    out.points.push({ line: `${label} ${p.series}`, kind, x: p.x, y: p.y, color: p.color, facet: p.facet });
  }
  return out;
}

const FIT_POINTS = 24;

function spanOf(xs: number[]): [number, number] {
  return [Math.min(...xs), Math.max(...xs)];
}

/** `n` points log-spaced (or evenly spaced) over [a, b]. */
export function spaced(a: number, b: number, n: number, log: boolean): number[] {
  return Array.from({ length: n }, (_, i) => {
    const t = i / (n - 1);
    return log ? Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a))) : a + t * (b - a);
  });
}

function seedSeries(points: SeedPoint[]): SeedSeries[] {
  const bySeed = new Map<number, SeedSeries>();
  for (const p of points) {
    if (typeof p.x !== 'number') continue;
    const s = bySeed.get(p.seed) ?? { x: [], y: [] };
    s.x.push(p.x);
    s.y.push(p.y);
    bySeed.set(p.seed, s);
  }
  return [...bySeed.keys()].sort((a, b) => a - b).map((k) => bySeed.get(k)!);
}

interface GroupFit { label: string; slope: string; interval: string | null }

/** Fitted power law (and the predicted slope, when given) for each color/facet group; one caption for all groups. */
export function powerLawOverlay(points: SeedPoint[], predicted: number | null): Overlay {
  const groups = new Map<string, SeedPoint[]>();
  for (const p of points) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  const out: Overlay = { points: [], notes: [] };
  const single = groups.size === 1;
  const fits: GroupFit[] = [];
  for (const [group, ps] of groups) {
    let fit;
    try {
      fit = fitPowerLaw(seedSeries(ps), { resamples: 1000, seed: 0 });
    } catch (e) {
      out.notes.push(MSG.fitFailed((e as Error).message));
      continue;
    }
    const pos = ps.filter((p) => typeof p.x === 'number' && p.x > 0 && p.y > 0);
    const [a, b] = spanOf(pos.map((p) => p.x as number));
    const interval = fit.interval ? `${fmtNum(fit.interval.low, 3)}, ${fmtNum(fit.interval.high, 3)}` : null;
    const fitName = single ? MSG.fitLabel(fmtNum(fit.estimate, 3), interval) : 'fitted power law';
    const { color, facet } = ps[0]!;
    for (const x of spaced(a, b, FIT_POINTS, true)) {
      out.points.push({ line: `fit ${group}`, kind: fitName, x, y: Math.exp(fit.intercept) * x ** fit.estimate, color, facet });
    }
    fits.push({ label: [color, facet].filter((v) => v !== null).join(', '), slope: fmtNum(fit.estimate, 3), interval: interval?.replace(', ', ' to ') ?? null });
    if (predicted === null) continue;
    // The predicted slope drawn through the centroid of the data in log–log space.
    const lx = pos.map((p) => Math.log(p.x as number)), ly = pos.map((p) => Math.log(p.y));
    const c = ly.reduce((s, v) => s + v, 0) / ly.length - predicted * (lx.reduce((s, v) => s + v, 0) / lx.length);
    const predName = single ? MSG.predictedLabel(fmtNum(predicted)) : 'predicted slope';
    for (const x of spaced(a, b, FIT_POINTS, true)) {
      out.points.push({ line: `theory ${group}`, kind: predName, x, y: Math.exp(c) * x ** predicted, color, facet });
    }
  }
  const pred = predicted === null ? null : fmtNum(predicted);
  if (fits.length === 1 && single) out.notes.unshift(MSG.fitCaption(fits[0]!.slope, fits[0]!.interval, pred));
  else if (fits.length) out.notes.unshift(MSG.fitCaptionGroups(fits, pred));
  return out;
}

/**
 * Theory lines of several colours that coincide (within `tol`, relative, at every shared x)
 * drawn once, in neutral ink: the infinite-width loss of five widths that agree is one line.
 */
export function mergeCoincident(lines: readonly LinePoint[], tol = 0.02): LinePoint[] {
  const byLine = new Map<string, LinePoint[]>();
  for (const p of lines) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
  const byKind = new Map<string, string[]>();
  for (const [id, ps] of byLine) {
    const k = JSON.stringify([ps[0]!.kind, ps[0]!.facet]);
    byKind.set(k, [...(byKind.get(k) ?? []), id]);
  }
  const out: LinePoint[] = [];
  for (const ids of byKind.values()) {
    const first = byLine.get(ids[0]!)!;
    const at = new Map(first.map((p) => [p.x, p.y]));
    const same = ids.length > 1 && ids.every((id) => byLine.get(id)!.every((p) => !at.has(p.x) || Math.abs(p.y - at.get(p.x)!) <= tol * Math.abs(at.get(p.x)!)));
    if (same) out.push(...first.map((p) => ({ ...p, line: `${p.kind} ${String(p.facet)}`, color: null })));
    else for (const id of ids) out.push(...byLine.get(id)!);
  }
  return out;
}

/** Solve f(x, y) = level for y in [lo, hi] by bisection in log y (f monotone in y), or null. */
function solveY(f: (x: number, y: number) => number, x: number, level: number, lo: number, hi: number, log: boolean): number | null {
  const t = (v: number) => (log ? Math.log(v) : v), u = (v: number) => (log ? Math.exp(v) : v);
  let a = t(lo), b = t(hi);
  const g = (s: number) => f(x, u(s)) - level;
  let ga = g(a);
  if (!Number.isFinite(ga) || ga * g(b) > 0) return null;
  for (let i = 0; i < 60; i++) {
    const m = (a + b) / 2, gm = g(m);
    if (ga * gm <= 0) b = m;
    else { a = m; ga = gm; }
  }
  return u((a + b) / 2);
}

/** Level sets of `expr` (a function of the x and y variables) over the heatmap's extent. */
export function isolineOverlay(expr: A.Expr, text: string, xName: string, yName: string,
  xr: [number, number], yr: [number, number], log: { x: boolean; y: boolean }, bindings: Map<string, A.Expr> = new Map()): Overlay {
  const f = (x: number, y: number): number => {
    try {
      return Number(evaluate(expr, makeScope(bindings, { [xName]: x, [yName]: y })));
    } catch {
      return NaN;
    }
  };
  const corners = [f(xr[0], yr[0]), f(xr[0], yr[1]), f(xr[1], yr[0]), f(xr[1], yr[1])].filter((v) => Number.isFinite(v) && v > 0);
  if (corners.length < 2) return { points: [], notes: [] };
  const [lo, hi] = spanOf(corners);
  const levels = spaced(lo, hi, 7, true).slice(1, -1);
  const points: LinePoint[] = [];
  for (const level of levels) {
    const label = MSG.isolineLabel(text, fmtNum(level, 2));
    for (const x of spaced(xr[0], xr[1], 48, log.x)) {
      const y = solveY(f, x, level, yr[0], yr[1], log.y);
      if (y !== null) points.push({ line: label, kind: 'isoline', x, y, color: null, facet: null });
    }
  }
  return { points, notes: [MSG.isolineCaption(text)] };
}
