// Chizat's κ(w0) = (1/α)‖α h(w0) − y‖ · ‖D²h(w0)‖ / ‖Dh(w0)‖² for layered networks, on the
// training set, from tfjs passes (float32) wrapped as a float64 DifferentiableModel for
// src/theory/laziness.ts. Any output dimension: h(w0) and y are n × K, u = the unit residual in
// R^{nK}, ‖Dh‖² = λ_max(J Jᵀ) of the full nK-row Jacobian (power iteration on Jᵀ(Jv)), ‖D²h‖ the
// norm of the Hessian of <u, h> (power iteration on Hessian–vector products).
//
// Derivatives of the frozen-pattern network: every pass keeps the ReLU states and max-pool
// choices of w0 (layered-jacobian.ts). At w0 that network has the same value, gradient and
// Hessian as h (w0 lies inside a linear region almost surely), but it has no kinks, so finite
// differences never jump across one. Steps: Jv ≈ (h(w+εv) − h(w−εv))/2ε and
// Hv ≈ (g(w+εv) − g(w−εv))/2ε with ‖εv‖ = KAPPA_STEP·‖w0‖. Error: truncation ε²‖D³‖/6, relative
// ≈ (KAPPA_STEP·L)²/6 ≤ 1e-5 for depth L ≤ 8 (a ReLU net is a polynomial of degree L in w inside
// its region); float32 rounding δ ≈ 1e-6 of ‖g‖ gives relative ≈ δ‖g‖/(ε‖Hv‖) ≈ δ/(KAPPA_STEP·(L−1))
// ≈ 1e-3 (for a homogeneous net ‖g‖/‖H‖ ≈ ‖w‖/(L−1)). Tested within 1e-3 of a float64
// brute-force Hessian on tiny nets of every layer kind (measured: ~1e-5).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig, RunCell } from '../../plan/cell.js';
import { chizatKappa, type DifferentiableModel } from '../../theory/laziness.js';
import { norm2 } from '../../theory/linalg.js';
import type { Network } from '../../theory/net/network.js';
import { createRng } from '../../theory/rng.js';
import { layeredVjp } from '../model/layered-jacobian.js';
import { layeredForward, paramTensors, type LayerTensors } from '../model/layered.js';
import type { LayerParams } from '../model/params.js';
import { layeredForwardMacs } from './landscape-layered.js';
import { flatParams, networkOf } from './ntk-layered.js';
import type { Points } from './ntk-tf.js';

/** Rows per pass: bounds the activations kept at once. */
const CHUNK = 256;
/** Finite-difference step relative to ‖w0‖ (see the file comment). */
export const KAPPA_STEP = 1e-3;
/** Multiply–adds allowed (≈ 40 s of tfjs wasm convolutions on the 2-core machine). */
export const LAYERED_KAPPA_BUDGET = 4e10;

/** Multiply–adds of κ: per power iteration ≈ 8 forward-pass equivalents per example, for each of the two norms. */
export function layeredKappaCost(cell: RunCell, iterations: number): number {
  return 16 * iterations * cell.data.nTrain * layeredForwardMacs(cell);
}

export interface FrozenModel extends DifferentiableModel {
  /** J(w) v by central differences of the frozen-pattern network. */
  jvp(w: Float64Array, v: Float64Array): Float64Array;
  dispose(): void;
}

/** The network, w0's tensors and the points in chunks: what every frozen-pattern pass needs. */
interface Frozen { net: Network; p0: LayerTensors; xs: tf.Tensor2D[]; n: number; k: number }

/** h at w on all points (row-major n × K), patterns frozen at w0. */
function frozenOutputs(f: Frozen, w: ArrayLike<number>): Float64Array {
  const p = paramTensors(f.net, w);
  const out = new Float64Array(f.n * f.k);
  let o = 0;
  for (const x of f.xs) {
    const h = tf.tidy(() => layeredForward(f.net, p, x, layeredForward(f.net, f.p0, x)).output);
    out.set(h.dataSync(), o); // read back outside tf.tidy
    o += h.size;
    h.dispose();
  }
  tf.dispose(p);
  return out;
}

/** ∇_w <u, h(w)> summed over the chunks, patterns frozen at w0. */
function frozenVjp(f: Frozen, w: Float64Array, u: ArrayLike<number>): Float64Array {
  const p = paramTensors(f.net, w);
  const g = new Float64Array(w.length);
  let o = 0;
  for (const x of f.xs) {
    const rows = x.shape[0];
    const part = tf.tidy(() => {
      const ref = layeredForward(f.net, f.p0, x);
      const uc = tf.tensor2d(Float32Array.from({ length: rows * f.k }, (_, i) => u[o + i]!), [rows, f.k]);
      return layeredVjp(f.net, p, layeredForward(f.net, p, x, ref), uc, ref);
    });
    part.dataSync().forEach((v, i) => { g[i] = g[i]! + v; });
    part.dispose();
    o += rows * f.k;
  }
  tf.dispose(p);
  return g;
}

/** h (minus h(w0) with a frozen copy) on the points, with every pass's patterns frozen at w0. */
export function layeredFrozenModel(model: ModelConfig, initial: LayerParams[], pts: Points): FrozenModel {
  const net = networkOf(model);
  const dim = pts.x.length / pts.n;
  const xs: tf.Tensor2D[] = [];
  for (let i = 0; i < pts.n; i += CHUNK) {
    const rows = Math.min(CHUNK, pts.n - i);
    xs.push(tf.tensor2d(pts.x.subarray(i * dim, (i + rows) * dim), [rows, dim]));
  }
  const f: Frozen = { net, p0: paramTensors(net, flatParams(initial)), xs, n: pts.n, k: model.outputDim };
  const h0 = model.init.frozenCopy ? frozenOutputs(f, flatParams(initial)) : null;
  const jvp = (w: Float64Array, v: Float64Array): Float64Array => {
    const nv = norm2(v);
    if (nv === 0) return new Float64Array(f.n * f.k);
    const eps = KAPPA_STEP * norm2(w);
    const plus = frozenOutputs(f, w.map((x, i) => x + (eps * v[i]!) / nv));
    const minus = frozenOutputs(f, w.map((x, i) => x - (eps * v[i]!) / nv));
    return plus.map((x, i) => ((x - minus[i]!) / (2 * eps)) * nv);
  };
  return {
    outputs: (w) => Array.from(frozenOutputs(f, w), (v, i) => (h0 ? v - h0[i]! : v)),
    vjp: (w, u) => frozenVjp(f, w, u),
    jvp,
    dispose: () => tf.dispose([...f.p0, ...xs]),
  };
}

/** λ_max(J Jᵀ) = ‖Dh(w0)‖² by power iteration on v ← Jᵀ(J v). */
export function jacobianNormSq(m: FrozenModel, w0: Float64Array, iterations: number, seed: number, tolerance = 1e-4): number {
  const rng = createRng(seed);
  let v: Float64Array = Float64Array.from(w0, () => rng.normal());
  let est = 0;
  for (let it = 0; it < iterations; it++) {
    const nv = norm2(v);
    v = v.map((x) => x / nv);
    const g = m.vjp(w0, m.jvp(w0, v));
    const next = norm2(g);
    const done = next === 0 || Math.abs(next - est) <= tolerance * next;
    est = next;
    if (done) break;
    v = g;
  }
  return est;
}

/** κ(w0) of a layered cell on its training set (`iterations` for each power iteration). */
export function layeredKappa(cell: RunCell, initial: LayerParams[], train: Points & { y: Float32Array }, iterations: number, tolerance = 1e-4): number {
  const m = layeredFrozenModel(cell.model, initial, train);
  try {
    const w0 = Float64Array.from(flatParams(initial));
    const lambdaMax = jacobianNormSq(m, w0, iterations, cell.seed, tolerance);
    // chizatKappa's step is epsilon·max(1, ‖w0‖/√P) along a unit vector; make it KAPPA_STEP·‖w0‖.
    const epsilon = (KAPPA_STEP * norm2(w0)) / Math.max(1, norm2(w0) / Math.sqrt(w0.length));
    return chizatKappa(m, w0, train.y, cell.model.outputScale, { lambdaMax, maxIterations: iterations, tolerance, epsilon, seed: cell.seed }).kappa;
  } finally {
    m.dispose();
  }
}
