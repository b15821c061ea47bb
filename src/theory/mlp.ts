// A fully connected network as plain float64 arrays, with forward and backward passes, so the
// theory layer can compute empirical kernels and derivatives without tensors.
//
// Convention (follows ModelConfig in src/plan/cell.ts): hidden layers l = 1..L, output layer L+1,
//   z_l = m_l · (a_{l−1} W_l + β_l b_l),   a_0 = x,   a_l = σ(z_l),   f = α · z_{L+1},
// with W_l of shape fan_in × fan_out, m_l the layer multiplier (standard: 1, NTK: 1/√fan_in),
// α = outputScale and β_l the bias factor (default 1, i.e. z = m·(aW + b) as in cell.ts;
// neural-tangents' z = (σ_w/√n)·aW + σ_b·b is m = σ_w/√n, β = σ_b/m).
import type { Activation } from './activations.js';
import { activate, activateDerivative } from './activations.js';
import type { Rng } from './rng.js';
import { dot, type Rows } from './linalg.js';

export interface DenseLayer {
  /** fan_in × fan_out. */
  W: Rows;
  /** fan_out biases, or null when the layer has no bias. */
  b: ArrayLike<number> | null;
  multiplier: number;
  /** β: z = m·(aW + βb); default 1. */
  biasFactor?: number;
}

export interface Mlp {
  /** Hidden layers then the output layer. */
  layers: DenseLayer[];
  activation: Activation;
  /** α: the network output is α·z_{L+1}. */
  outputScale: number;
}

export interface ForwardPass {
  /** A[0] = inputs, A[l] = σ(z_l) for hidden l; A[l] is the input of layer l+1 (n × fan_in). */
  A: number[][][];
  /** Z[l−1] = z_l, preactivations of layer l (n × fan_out), output layer last. */
  Z: number[][][];
  /** f = α z_{L+1} (n × outputDim). */
  output: number[][];
}

function layerForward(layer: DenseLayer, a: Rows): number[][] {
  const fanIn = layer.W.length;
  const fanOut = fanIn === 0 ? 0 : layer.W[0]!.length;
  const beta = layer.biasFactor ?? 1;
  return a.map((row) => {
    if (row.length !== fanIn) throw new Error(`layer expects ${fanIn} inputs, got ${row.length}`);
    const z = new Array<number>(fanOut).fill(0);
    for (let p = 0; p < fanIn; p++) {
      const s = row[p]!;
      if (s === 0) continue;
      const wp = layer.W[p]!;
      for (let j = 0; j < fanOut; j++) z[j]! += s * wp[j]!;
    }
    for (let j = 0; j < fanOut; j++) z[j] = layer.multiplier * (z[j]! + (layer.b ? beta * layer.b[j]! : 0));
    return z;
  });
}

export function forward(mlp: Mlp, x: Rows): ForwardPass {
  const A: number[][][] = [x.map((r) => Array.from(r))];
  const Z: number[][][] = [];
  mlp.layers.forEach((layer, i) => {
    const z = layerForward(layer, A[i]!);
    Z.push(z);
    if (i < mlp.layers.length - 1) A.push(z.map((r) => r.map((v) => activate(mlp.activation, v))));
  });
  const output = Z[Z.length - 1]!.map((r) => r.map((v) => mlp.outputScale * v));
  return { A, Z, output };
}

/**
 * Δ_l = ∂f_k/∂z_l for every layer (Δ[l−1] is n × fan_out of layer l), for output unit k:
 * Δ_{L+1} = α e_k, Δ_l = (m_{l+1} Δ_{l+1} W_{l+1}ᵀ) ⊙ σ'(z_l).
 */
export function backward(mlp: Mlp, pass: ForwardPass, k: number): number[][][] {
  const L1 = mlp.layers.length;
  const n = pass.output.length;
  const outDim = pass.output[0]?.length ?? 0;
  if (k < 0 || k >= outDim) throw new Error(`output unit ${k} out of range 0..${outDim - 1}`);
  const deltas: number[][][] = new Array(L1);
  deltas[L1 - 1] = Array.from({ length: n }, () => {
    const e = new Array<number>(outDim).fill(0);
    e[k] = mlp.outputScale;
    return e;
  });
  for (let l = L1 - 2; l >= 0; l--) {
    const next = mlp.layers[l + 1]!;
    const up = deltas[l + 1]!;
    deltas[l] = pass.Z[l]!.map((zi, i) =>
      zi.map((z, p) => next.multiplier * dot(up[i]!, next.W[p]!) * activateDerivative(mlp.activation, z)));
  }
  return deltas;
}

/** Number of trainable parameters. */
export function parameterCount(mlp: Mlp): number {
  return mlp.layers.reduce((s, l) => s + l.W.length * (l.W[0]?.length ?? 0) + (l.b ? l.b.length : 0), 0);
}

/** Flat parameter vector: per layer, W row-major then b. */
export function flattenParams(mlp: Mlp): Float64Array {
  const out = new Float64Array(parameterCount(mlp));
  let o = 0;
  for (const layer of mlp.layers) {
    for (const row of layer.W) for (let j = 0; j < row.length; j++) out[o++] = row[j]!;
    if (layer.b) for (let j = 0; j < layer.b.length; j++) out[o++] = layer.b[j]!;
  }
  return out;
}

/** A copy of mlp with parameters taken from the flat vector w (same order as flattenParams). */
export function withParams(mlp: Mlp, w: ArrayLike<number>): Mlp {
  let o = 0;
  const take = (len: number): number[] => {
    const r = Array.from({ length: len }, (_, j) => w[o + j]!);
    o += len;
    return r;
  };
  const layers = mlp.layers.map((layer) => ({
    ...layer,
    W: layer.W.map((row) => take(row.length)),
    b: layer.b ? take(layer.b.length) : null,
  }));
  if (o !== w.length) throw new Error(`parameter vector has ${w.length} entries, network has ${o}`);
  return { ...mlp, layers };
}

export interface RandomMlpSpec {
  inputDim: number;
  hidden: number[];
  outputDim: number;
  activation: Activation;
  sigmaW: number;
  sigmaB: number;
  bias: boolean;
  outputScale?: number;
  /** See ParamConvention in analytic.ts; default 'standard-normal' (neural-tangents). */
  convention?: 'standard-normal' | 'variance-in-weights';
}

function normalRow(len: number, std: number, rng: Rng): Float64Array {
  const row = new Float64Array(len);
  for (let j = 0; j < len; j++) row[j] = std * rng.normal();
  return row;
}

/**
 * Draws an NTK-parameterized network. 'standard-normal': W, b ~ N(0,1), m = σ_w/√fan_in,
 * β = σ_b/m. 'variance-in-weights': W ~ N(0, σ_w²), b ~ N(0, σ_b²), m = 1/√fan_in, β = 1.
 */
export function randomMlp(spec: RandomMlpSpec, rng: Rng): Mlp {
  const dims = [spec.inputDim, ...spec.hidden, spec.outputDim];
  const std = spec.convention === 'variance-in-weights';
  if (!std && !(spec.sigmaW > 0)) throw new Error('standard-normal convention needs sigmaW > 0');
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const fanIn = dims[l]!, fanOut = dims[l + 1]!;
    const wStd = std ? spec.sigmaW : 1;
    const bStd = std ? spec.sigmaB : 1;
    const W = Array.from({ length: fanIn }, () => normalRow(fanOut, wStd, rng));
    const multiplier = std ? 1 / Math.sqrt(fanIn) : spec.sigmaW / Math.sqrt(fanIn);
    const hasBias = spec.bias && (std || spec.sigmaB > 0);
    const b = hasBias ? normalRow(fanOut, bStd, rng) : null;
    layers.push({ W, b, multiplier, biasFactor: std ? 1 : spec.sigmaB / multiplier });
  }
  return { layers, activation: spec.activation, outputScale: spec.outputScale ?? 1 };
}
