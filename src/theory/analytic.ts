// Analytic infinite-width NNGP and NTK of a deep fully connected net (science.md §4).
// Network: L hidden layers then a linear scalar readout, i.e. neural-tangents'
// stax.serial(*[Dense, act] * L, Dense); the returned kernels are those of the scalar output,
// which is level L+1 of the recursion Σ¹ → Σ² → … → Σ^{L+1} (depth 0 is the linear model Σ¹).
import { dot, type Rows } from './linalg.js';

export type AnalyticActivation = 'relu' | 'erf';

/**
 * How σ_w, σ_b enter the network (both give the same forward law, different NTKs):
 * - 'standard-normal' (default; Jacot et al. 2018, neural-tangents parameterization="ntk"):
 *   z = (σ_w/√fan_in)·a·W + σ_b·b with W, b ~ N(0, 1) trained. This is science.md §4's recursion.
 * - 'variance-in-weights': z = (1/√fan_in)·(a·W + b) with W ~ N(0, σ_w²), b ~ N(0, σ_b²) trained
 *   (the run-cell convention z = m·(aW + b) with m = 1/√fan_in). Gradients w.r.t. W lack σ_w², and
 *   the bias terms are O(1/fan_in): they survive only in the first layer (fan_in = d).
 */
export type ParamConvention = 'standard-normal' | 'variance-in-weights';

export interface AnalyticSpec {
  activation: AnalyticActivation;
  /** Number of hidden layers L ≥ 0. */
  depth: number;
  sigmaW: number;
  sigmaB: number;
  convention?: ParamConvention;
  /** Only for 'variance-in-weights': whether biases exist (default: sigmaB > 0). */
  bias?: boolean;
}

export interface KernelPair {
  nngp: number[][];
  ntk: number[][];
}

/** Forward variances and gradient factors of one layer (see the recursion in analyticPair). */
interface LayerScales { wVar: number; bVar: number; wGrad: number; bGrad: number }

function layerScales(spec: AnalyticSpec, first: boolean, inputDim: number): LayerScales {
  const sw2 = spec.sigmaW ** 2;
  const sb2 = spec.sigmaB ** 2;
  if ((spec.convention ?? 'standard-normal') === 'standard-normal') {
    return { wVar: sw2, bVar: sb2, wGrad: sw2, bGrad: sb2 };
  }
  const bias = spec.bias ?? spec.sigmaB > 0;
  // Hidden fan-in → ∞ kills the (1/fan_in)-scaled bias; the input layer keeps 1/d.
  const bScale = first && bias ? 1 / inputDim : 0;
  return { wVar: sw2, bVar: sb2 * bScale, wGrad: 1, bGrad: bScale };
}

/** E[σ(u)σ(v)] and E[σ'(u)σ'(v)] for (u, v) ~ N(0, [[kxx, kxy], [kxy, kyy]]). */
export function dualActivation(
  act: AnalyticActivation, kxx: number, kyy: number, kxy: number,
): { e: number; eDot: number } {
  if (act === 'relu') {
    const s = Math.sqrt(kxx * kyy);
    // A degenerate (zero-variance) unit is identically 0 with relu'(0) = 0.
    if (!(s > 0)) return { e: 0, eDot: 0 };
    const cos = Math.min(1, Math.max(-1, kxy / s));
    const theta = Math.acos(cos);
    const e = (s * (Math.sin(theta) + (Math.PI - theta) * cos)) / (2 * Math.PI);
    return { e, eDot: (Math.PI - theta) / (2 * Math.PI) };
  }
  const prod = (1 + 2 * kxx) * (1 + 2 * kyy);
  // atan2 form of (2/π) arcsin(2kxy/√prod): stays finite when rounding pushes the ratio past 1.
  const root = Math.sqrt(Math.max(prod - 4 * kxy * kxy, 0));
  const e = (2 / Math.PI) * Math.atan2(2 * kxy, root);
  const eDot = root > 0 ? 4 / (Math.PI * root) : Infinity;
  return { e, eDot };
}

/** The recursion for one pair of inputs; returns level-(L+1) Σ and Θ. */
function analyticPair(spec: AnalyticSpec, x: ArrayLike<number>, y: ArrayLike<number>): [number, number] {
  const d = x.length;
  const s1 = layerScales(spec, true, d);
  const xx = dot(x, x) / d, yy = dot(y, y) / d, xy = dot(x, y) / d;
  // Σ¹ = σ_w² x·x'/d + σ_b², Θ¹ = (gradient factors) x·x'/d + …  (= Σ¹ for standard-normal).
  let kxx = s1.wVar * xx + s1.bVar;
  let kyy = s1.wVar * yy + s1.bVar;
  let kxy = s1.wVar * xy + s1.bVar;
  let theta = s1.wGrad * xy + s1.bGrad;
  const s = layerScales(spec, false, d);
  for (let l = 1; l <= spec.depth; l++) {
    const cross = dualActivation(spec.activation, kxx, kyy, kxy);
    const ex = dualActivation(spec.activation, kxx, kxx, kxx).e;
    const ey = dualActivation(spec.activation, kyy, kyy, kyy).e;
    // Θ^{l+1} = Θ^l · σ_w² E[σ'σ'] + (σ_w² E[σσ] + σ_b²)  (standard-normal: = Θ^l Σ̇ + Σ^{l+1}).
    theta = theta * s.wVar * cross.eDot + s.wGrad * cross.e + s.bGrad;
    kxy = s.wVar * cross.e + s.bVar;
    kxx = s.wVar * ex + s.bVar;
    kyy = s.wVar * ey + s.bVar;
  }
  return [kxy, theta];
}

function checkSpec(spec: AnalyticSpec): void {
  if (!Number.isInteger(spec.depth) || spec.depth < 0) throw new Error(`depth must be an integer ≥ 0, got ${spec.depth}`);
  if (!(spec.sigmaW >= 0) || !(spec.sigmaB >= 0)) throw new Error('sigmaW and sigmaB must be ≥ 0');
}

/**
 * NNGP Σ^{L+1}(x1_i, x2_j) and NTK Θ^{L+1}(x1_i, x2_j) of the scalar output (no output scale α;
 * multiply the NTK by α² for α·f). x2 defaults to x1.
 */
export function analyticKernels(x1: Rows, x2: Rows | undefined, spec: AnalyticSpec): KernelPair {
  checkSpec(spec);
  const b = x2 ?? x1;
  const d = x1[0]?.length ?? 0;
  for (const row of [...x1, ...b]) {
    if (row.length !== d) throw new Error(`all inputs must have dimension ${d}, got ${row.length}`);
  }
  const nngp: number[][] = [];
  const ntk: number[][] = [];
  for (const xi of x1) {
    const pairs = b.map((xj) => analyticPair(spec, xi, xj));
    nngp.push(pairs.map((p) => p[0]));
    ntk.push(pairs.map((p) => p[1]));
  }
  return { nngp, ntk };
}

/** One kernel of the pair, by name. */
export function analyticKernel(kind: 'nngp' | 'ntk', x1: Rows, x2: Rows | undefined, spec: AnalyticSpec): number[][] {
  return analyticKernels(x1, x2, spec)[kind];
}
