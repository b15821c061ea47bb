// The slope of the iso-lines of a surface z(u, v) sampled on a grid, in log–log coordinates
// (Bahaduri & Goudelin: equal laziness along α τ^q = const, i.e. iso-lines of slope −q in
// (log τ, log α)). The iso-line direction is the structure tensor's least eigenvector: the
// direction along which z changes least, averaged over the whole grid (robust to plateaus,
// where gradients vanish and simply carry no weight).

import { createRng } from './rng.js';

export interface Grid {
  /** Sorted coordinates of the first axis (already in log space). */
  u: number[];
  /** Sorted coordinates of the second axis (already in log space). */
  v: number[];
  /** z[i][j] at (u[i], v[j]). */
  z: number[][];
}

/** dv/du along the iso-lines of z, or null when z is flat on the whole grid. */
export function isolineSlope(grid: Grid): number | null {
  let juu = 0, juv = 0, jvv = 0;
  for (let i = 0; i + 1 < grid.u.length; i++) {
    for (let j = 0; j + 1 < grid.v.length; j++) {
      const du = grid.u[i + 1]! - grid.u[i]!;
      const dv = grid.v[j + 1]! - grid.v[j]!;
      const z = grid.z;
      const gu = (z[i + 1]![j]! - z[i]![j]! + z[i + 1]![j + 1]! - z[i]![j + 1]!) / (2 * du);
      const gv = (z[i]![j + 1]! - z[i]![j]! + z[i + 1]![j + 1]! - z[i + 1]![j]!) / (2 * dv);
      juu += gu * gu;
      juv += gu * gv;
      jvv += gv * gv;
    }
  }
  if (juu + jvv === 0 || !Number.isFinite(juu + jvv)) return null;
  // Least eigenvector (a, b) of [[juu, juv], [juv, jvv]]; the iso-line runs along it.
  const lambda = (juu + jvv) / 2 - Math.sqrt(((juu - jvv) / 2) ** 2 + juv ** 2);
  const [a, b] = Math.abs(juv) > 1e-300 ? [juv, lambda - juu] : juu <= jvv ? [1, 0] : [0, 1];
  return a === 0 ? (b > 0 ? Infinity : -Infinity) : b / a;
}

export interface IsolineFit {
  estimate: number | null;
  interval: [number, number] | null;
  reason?: string;
  seeds: number;
}

/** Mean grid of several seeds' grids (same axes). */
export function meanGrid(grids: Grid[]): Grid {
  const first = grids[0]!;
  const z = first.z.map((row, i) => row.map((_, j) => grids.reduce((s, g) => s + g.z[i]![j]!, 0) / grids.length));
  return { u: first.u, v: first.v, z };
}

/** Iso-line slope of the seed-mean grid, with a percentile bootstrap over seeds. */
export function fitIsolineSlope(perSeed: Grid[], opts: { resamples?: number; seed?: number } = {}): IsolineFit {
  const estimate = isolineSlope(meanGrid(perSeed));
  if (perSeed.length < 2) return { estimate, interval: null, reason: 'one seed: no interval', seeds: perSeed.length };
  const rng = createRng(opts.seed ?? 12345);
  const draws: number[] = [];
  for (let r = 0; r < (opts.resamples ?? 1000); r++) {
    const sample = perSeed.map(() => perSeed[Math.floor(rng.uniform() * perSeed.length)]!);
    const s = isolineSlope(meanGrid(sample));
    if (s !== null && Number.isFinite(s)) draws.push(s);
  }
  if (draws.length < 10) return { estimate, interval: null, reason: 'the bootstrap found no iso-line direction', seeds: perSeed.length };
  draws.sort((x, y) => x - y);
  const at = (q: number) => draws[Math.min(draws.length - 1, Math.max(0, Math.round(q * (draws.length - 1))))]!;
  return { estimate, interval: [at(0.025), at(0.975)], seeds: perSeed.length };
}
