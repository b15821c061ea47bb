// The fully connected network of src/run/model/network.ts on plain Float32Arrays: matrix products
// through the native sgemm, elementwise work in tight loops, every buffer preallocated by the
// caller. Same convention: z_l = ã_{l−1} W_l + c_l b_l with ã = c_l·σ(z); h = z_L; a symmetrized
// last layer sums its two halves apart so that h(x; w0) = 0 exactly. ReLU networks whose buffers
// live in an arena run their loops as float32 SIMD kernels (host-simd.ts); elsewhere elementwise
// arithmetic is float64 (JS numbers) rounded once on store. Either way it differs from tfjs's
// float32 kernels by about one rounding per operation: the same algorithm, not the same bits.

import type { Activation } from '../../plan/cell.js';
import type { Blas } from '../native/blas.js';
import { activateScalar, erfScalar } from '../model/activations.js';
import type { Arena, SimdKernels } from './host-simd.js';

/** Static description: widths d, h_1, …, h_L, k and the resolved multipliers c_1 … c_{L+1}. */
export interface HostNet {
  dims: number[];
  act: Activation;
  mult: number[];
  bias: boolean;
  symmetrized: boolean;
}

/** Parameters as views into one flat array: W_l (fanIn × fanOut) and b_l (or null). */
export interface HostParams {
  flat: Float32Array;
  w: Float32Array[];
  b: (Float32Array | null)[];
}

/** Per-pass buffers for up to `rows` rows: hidden z_l (the backward pass turns them into δ_l in place), layer inputs ã_l, h. */
export interface Workspace {
  rows: number;
  /** z_l of hidden layer l, rows × h_l; after backward, ∂F/∂z_l. */
  z: Float32Array[];
  /** ã_l = c_{l+1}·σ(z_l), the input of layer l + 1, rows × h_l. */
  a: Float32Array[];
  /** Network output h, rows × k. */
  h: Float32Array;
  /** rows × max(h_l): δ W^T before the activation derivative (deep or multi-output nets only). */
  scratch: Float32Array;
  /** One half-sum of a symmetrized output with k > 1, rows × k. */
  half: Float32Array;
  /** fanIn accumulators of a one-output layer's weight gradient, in float64. */
  acc: Float64Array;
  /** SIMD kernels for ReLU networks when the buffers live in an arena (used for parameters in the same arena). */
  simd: SimdKernels | null;
}

export const paramCount = (net: HostNet): number =>
  net.dims.slice(1).reduce((s, out, l) => s + net.dims[l]! * out + (net.bias ? out : 0), 0);

/** Views W_1, b_1, W_2, … into `flat` (the order of fromTensors/toTensors). */
export function paramViews(net: HostNet, flat: Float32Array): HostParams {
  const w: Float32Array[] = [], b: (Float32Array | null)[] = [];
  let o = 0;
  for (let l = 0; l + 1 < net.dims.length; l++) {
    const size = net.dims[l]! * net.dims[l + 1]!;
    w.push(flat.subarray(o, (o += size)));
    b.push(net.bias ? flat.subarray(o, (o += net.dims[l + 1]!)) : null);
  }
  return { flat, w, b };
}

/** Lengths of a workspace's float32 buffers: z_l and ã_l per hidden layer, h, scratch, half. */
export function workspaceLengths(net: HostNet, rows: number): number[] {
  const hidden = net.dims.slice(1, -1);
  const k = net.dims[net.dims.length - 1]!;
  const deep = hidden.length > 1 || k > 1;
  return [...hidden.map((m) => rows * m), ...hidden.map((m) => rows * m), rows * k, deep ? rows * Math.max(0, ...hidden) : 0, net.symmetrized && k > 1 ? rows * k : 0];
}

/** A workspace for `rows` rows, in `arena` when given (then a ReLU network uses its SIMD kernels). */
export function makeWorkspace(net: HostNet, rows: number, arena?: Arena): Workspace {
  const L = net.dims.length - 2;
  const bufs = workspaceLengths(net, rows).map((n) => (arena ? arena.alloc(n) : new Float32Array(n)));
  return {
    rows,
    z: bufs.slice(0, L),
    a: bufs.slice(L, 2 * L),
    h: bufs[2 * L]!,
    scratch: bufs[2 * L + 1]!,
    half: bufs[2 * L + 2]!,
    acc: new Float64Array(Math.max(...net.dims.slice(0, -1))),
    simd: arena && net.act === 'relu' ? arena.kernels : null,
  };
}

/** The SIMD kernels when they can run on these parameters (same memory as the workspace). */
const kernelsFor = (ws: Workspace, p: HostParams): SimdKernels | null =>
  ws.simd && p.flat.buffer === ws.h.buffer ? ws.simd : null;

/** σ'(z) for one number (tfjs's step(z) for relu: 0 at z = 0). */
export function activationDeriv(act: Activation, z: number): number {
  switch (act) {
    case 'relu': return z > 0 ? 1 : 0;
    case 'tanh': { const t = Math.tanh(z); return 1 - t * t; }
    case 'sigmoid': { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }
    case 'erf': return Math.exp(-z * z) * (2 / Math.sqrt(Math.PI));
    case 'gelu': return 0.5 * (1 + erfScalar(z * Math.SQRT1_2)) + z * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    case 'identity': return 1;
  }
}

/**
 * Forward pass of n ≤ ws.rows rows from the scaled input x̃ = c_1 X (n × d): fills ws.z, ws.a
 * and ws.h. A one-output last layer is summed inside the last activation loop (no pass of its own).
 */
export function forwardHost(net: HostNet, blas: Blas, p: HostParams, x0: Float32Array, n: number, ws: Workspace): void {
  const L = net.dims.length - 1;
  let x = x0;
  for (let l = 0; l < L - 1; l++) {
    const fanIn = net.dims[l]!, m = net.dims[l + 1]!;
    const z = ws.z[l]!, a = ws.a[l]!;
    if (net.symmetrized && l === L - 2) {
      // The two halves' units are copies at w0, but one product may round two columns
      // differently (tile edges); two products of the same shape round them alike.
      const half = m / 2;
      blas.sgemm(false, false, n, half, fanIn, x, fanIn, p.w[l]!, m, 0, z, m);
      blas.sgemm(false, false, n, half, fanIn, x, fanIn, p.w[l]!.subarray(half), m, 0, z.subarray(half), m);
    } else {
      blas.sgemm(false, false, n, m, fanIn, x, fanIn, p.w[l]!, m, 0, z, m);
    }
    const fuseOut = l === L - 2 && net.dims[L] === 1;
    activateRows(net, l, p, z, a, n, m, fuseOut ? ws.h : null, kernelsFor(ws, p));
    x = a;
  }
  if (L === 1 || net.dims[L]! > 1) outputLayer(net, blas, p, x, n, ws);
}

/** z += c_l b; ã = c_{l+1}·σ(z); and, when `h` is given, h = ã·w_out + c_out·b_out (one output, halves apart). */
function activateRows(net: HostNet, l: number, p: HostParams, z: Float32Array, a: Float32Array, n: number, m: number, h: Float32Array | null, k: SimdKernels | null): void {
  const c = net.mult[l]!, cNext = net.mult[l + 1]!, b = p.b[l];
  const wOut = h ? p.w[l + 1]! : null;
  const bOut = h && p.b[l + 1] ? cNext * p.b[l + 1]![0]! : 0;
  const half = net.symmetrized && h ? m / 2 : m;
  if (b) for (let i = 0; i < n * m; i++) z[i] = z[i]! + c * b[i % m]!;
  // Two sums for a symmetrized output: at w0 they are exact negatives (the same operations in
  // the same order on negated weights), so h(x; w0) = 0 exactly.
  if (k) {
    if (!wOut) return k.relu(z.byteOffset, a.byteOffset, n * m, cNext);
    k.reluDotRows(z.byteOffset, a.byteOffset, wOut.byteOffset, h!.byteOffset, n, m, half, cNext);
    if (bOut) for (let i = 0; i < n; i++) h![i] = h![i]! + bOut;
    return;
  }
  for (let i = 0; i < n; i++) {
    const s1 = activateSpan(net.act, z, a, i * m, 0, half, cNext, wOut);
    const s2 = activateSpan(net.act, z, a, i * m, half, m, cNext, wOut);
    if (h) h[i] = s1 + s2 + bOut;
  }
}

/** ã[o+j] = c·σ(z[o+j]) for j in [from, to); returns Σ ã[o+j]·w[j] when w is given. */
function activateSpan(act: Activation, z: Float32Array, a: Float32Array, o: number, from: number, to: number, c: number, w: Float32Array | null): number {
  let s = 0;
  if (act === 'relu') {
    // Branch-free (c·v·[v > 0]): signs are random, and a mispredicted branch per element
    // tripled the loop's time. Differs from max(v, 0) only for v = −∞ (then NaN, as is the loss).
    if (w) {
      for (let j = from; j < to; j++) {
        const v = z[o + j]!;
        a[o + j] = c * v * +(v > 0);
        s += a[o + j]! * w[j]!; // the stored float32 ã, read back: the product is exact
      }
    } else {
      for (let j = from; j < to; j++) { const v = z[o + j]!; a[o + j] = c * v * +(v > 0); }
    }
    return s;
  }
  for (let j = from; j < to; j++) {
    a[o + j] = c * activateScalar(act, z[o + j]!);
    if (w) s += a[o + j]! * w[j]!;
  }
  return s;
}

/** h = ã W + c b for a layer with several outputs (or no hidden layer): one product, or one per half. */
function outputLayer(net: HostNet, blas: Blas, p: HostParams, x: Float32Array, n: number, ws: Workspace): void {
  const L = net.dims.length - 1;
  const m = net.dims[L - 1]!, k = net.dims[L]!, w = p.w[L - 1]!, b = p.b[L - 1], c = net.mult[L - 1]!;
  const h = ws.h;
  if (net.symmetrized && L > 1) {
    const half = m / 2;
    blas.sgemm(false, false, n, k, half, x, m, w, k, 0, h, k);
    blas.sgemm(false, false, n, k, half, x.subarray(half), m, w.subarray(half * k), k, 0, ws.half, k);
    for (let i = 0; i < n * k; i++) h[i] = h[i]! + ws.half[i]!;
  } else {
    blas.sgemm(false, false, n, k, m, x, m, w, k, 0, h, k);
  }
  if (b) for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) h[i * k + j] = h[i * k + j]! + c * b[j]!;
}

/**
 * Gradients of F into g given dh = ∂F/∂h (n × k), after forwardHost on the same rows. Hidden
 * z_l are overwritten by δ_l = ∂F/∂z_l. A layer with one output takes its weight gradient and
 * the next δ in one pass (δ W^T is an outer product); other layers use two products.
 */
export function backwardHost(net: HostNet, blas: Blas, p: HostParams, x0: Float32Array, n: number, ws: Workspace, dh: Float32Array, g: HostParams): void {
  let delta = dh;
  for (let l = net.dims.length - 2; l >= 0; l--) {
    const fanIn = net.dims[l]!, fanOut = net.dims[l + 1]!, c = net.mult[l]!;
    const input = l === 0 ? x0 : ws.a[l - 1]!;
    if (fanOut === 1 && l > 0) {
      oneOutputBack(net, l, p, input, n, ws, delta, g, delta.buffer === ws.h.buffer ? kernelsFor(ws, p) && kernelsFor(ws, g) : null);
    } else {
      blas.sgemm(true, false, fanIn, fanOut, n, input, fanIn, delta, fanOut, 0, g.w[l]!, fanOut);
      if (g.b[l]) columnSums(delta, n, fanOut, c, g.b[l]!, ws.acc);
      if (l === 0) return;
      blas.sgemm(false, true, n, fanIn, fanOut, delta, fanOut, p.w[l]!, fanOut, 0, ws.scratch, fanIn);
      const k = kernelsFor(ws, p);
      if (k) k.reluMask(ws.z[l - 1]!.byteOffset, ws.scratch.byteOffset, n * fanIn, c);
      else deltaThrough(net.act, ws.z[l - 1]!, ws.scratch, n * fanIn, c);
    }
    delta = ws.z[l - 1]!;
  }
}

/** g_b = c·Σ_i δ_i (float64 sums). */
function columnSums(delta: Float32Array, n: number, k: number, c: number, gb: Float32Array, acc: Float64Array): void {
  acc.fill(0, 0, k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) acc[j] = acc[j]! + delta[i * k + j]!;
  for (let j = 0; j < k; j++) gb[j] = c * acc[j]!;
}

/** z ← c·s ⊙ σ'(z): the δ of a hidden layer from s = δ_next W^T. */
function deltaThrough(act: Activation, z: Float32Array, s: Float32Array, size: number, c: number): void {
  if (act === 'relu') {
    for (let i = 0; i < size; i++) z[i] = c * s[i]! * +(z[i]! > 0); // branch-free, see activateSpan
  } else {
    for (let i = 0; i < size; i++) z[i] = c * s[i]! * activationDeriv(act, z[i]!);
  }
}

/** Layer l with one output: g_W = ã^T δ, g_b = c·Σδ, and δ_{l−1} = c·δ w^T ⊙ σ'(z_{l−1}), in one pass over the rows. */
function oneOutputBack(net: HostNet, l: number, p: HostParams, input: Float32Array, n: number, ws: Workspace, delta: Float32Array, g: HostParams, k: SimdKernels | null): void {
  const m = net.dims[l]!, c = net.mult[l]!, w = p.w[l]!, z = ws.z[l - 1]!, acc = ws.acc, relu = net.act === 'relu';
  if (k) return oneOutputBackSimd(net, l, p, input, n, ws, delta, g, k);
  acc.fill(0, 0, m);
  let db = 0;
  for (let i = 0; i < n; i++) {
    const d = delta[i]!, dc = c * d, o = i * m;
    db += d;
    if (relu) {
      for (let j = 0; j < m; j++) {
        acc[j] = acc[j]! + input[o + j]! * d;
        z[o + j] = dc * w[j]! * +(z[o + j]! > 0); // branch-free, see activateSpan
      }
    } else {
      for (let j = 0; j < m; j++) {
        acc[j] = acc[j]! + input[o + j]! * d;
        z[o + j] = dc * w[j]! * activationDeriv(net.act, z[o + j]!);
      }
    }
  }
  const gw = g.w[l]!;
  for (let j = 0; j < m; j++) gw[j] = acc[j]!;
  if (g.b[l]) g.b[l]![0] = c * db;
}

/** oneOutputBack with the SIMD row kernel (ReLU; float32 sums of the weight gradient). */
function oneOutputBackSimd(net: HostNet, l: number, p: HostParams, input: Float32Array, n: number, ws: Workspace, delta: Float32Array, g: HostParams, k: SimdKernels): void {
  const m = net.dims[l]!, c = net.mult[l]!, gw = g.w[l]!;
  gw.fill(0);
  k.reluBackRows(ws.z[l - 1]!.byteOffset, input.byteOffset, p.w[l]!.byteOffset, gw.byteOffset, delta.byteOffset, n, m, c);
  if (g.b[l]) {
    let db = 0;
    for (let i = 0; i < n; i++) db += delta[i]!;
    g.b[l]![0] = c * db;
  }
}
