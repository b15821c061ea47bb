// The engine applies an lr schedule at every step: a few steps of sgd (two steps an epoch),
// momentum and Adam with a decaying lr give the parameters of a float64 reference that does the
// updates by hand with the decayed lr and the theory layer's gradients (src/theory/vjp.ts), on
// the fully connected and the layered path (the same network written as layers); the
// linearized network (linearized-tf.ts, linearized-layered.ts) takes the same per-step lr, against a float64 linear model
// f0 + J0·Δ stepped by hand. Tolerance: 1e-4 relative to the parameters' norm (float32 engine);
// each case also checks that the constant-lr reference is far outside it, so the test can fail.

import { describe, expect, test } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { makeDataset, type Dataset } from '../../../src/run/data/index.js';
import { initParams, type LayerParams } from '../../../src/run/model/params.js';
import { openSession } from '../../../src/run/train/session.js';
import { makeBatcher } from '../../../src/run/train/batches.js';
import { stepLinearized } from '../../../src/run/measure/linearized-tf.js';
import { stepLinearizedLayered } from '../../../src/run/measure/linearized-layered.js';
import type { LayerSpec } from '../../../src/theory/net/spec.js';
import { forward, flattenParams, withParams, type Mlp } from '../../../src/theory/mlp.js';
import { mlpVjp } from '../../../src/theory/vjp.js';
import type { OptimizerConfig, RunCell } from '../../../src/plan/cell.js';
import { makeCell } from '../helpers.js';

const TOL = 1e-4;

/** The cell's network (teacher–student, d = 5, n = 32, one hidden layer of 16, NTK, α = 1) as a float64 Mlp. */
function referenceMlp(cell: RunCell, initial: LayerParams[]): Mlp {
  return {
    activation: cell.model.activation, outputScale: cell.model.outputScale,
    layers: initial.map((l, i) => ({
      W: Array.from({ length: l.fanIn }, (_, p) => Array.from(l.w.subarray(p * l.fanOut, (p + 1) * l.fanOut))),
      b: null, multiplier: cell.model.multipliers[i]!,
    })),
  };
}

const rows = (data: Dataset, idx: number[]): number[][] => idx.map((i) => Array.from(data.train.x.subarray(i * data.dim, (i + 1) * data.dim)));

/** ∇ of the batch's (1/2b) Σ (f − y)² at w (α = 1, so F_α is the loss itself). */
function gradient(mlp: Mlp, w: Float64Array, data: Dataset, idx: number[]): Float64Array {
  const x = rows(data, idx);
  const f = forward(withParams(mlp, w), x).output;
  return mlpVjp(withParams(mlp, w), x, idx.map((i, r) => (f[r]![0]! - data.train.y[i]!) / idx.length));
}

/** The textbook update rules (PyTorch's), float64, with update t's lr given by `lrs[t]`. */
function stepByHand(opt: OptimizerConfig, lrs: number[], w0: Float64Array, grad: (w: Float64Array, t: number) => Float64Array): Float64Array {
  const w = Float64Array.from(w0);
  const m = new Float64Array(w.length), v = new Float64Array(w.length);
  lrs.forEach((lr, t) => {
    const g = grad(w, t);
    for (let i = 0; i < w.length; i++) {
      if (opt.kind === 'momentum') {
        m[i] = t === 0 ? g[i]! : opt.beta * m[i]! + g[i]!;
        w[i]! -= lr * m[i]!;
      } else if (opt.kind === 'adam') {
        m[i] = opt.beta1 * m[i]! + (1 - opt.beta1) * g[i]!;
        v[i] = opt.beta2 * v[i]! + (1 - opt.beta2) * g[i]! ** 2;
        const mHat = m[i]! / (1 - opt.beta1 ** (t + 1)), vHat = v[i]! / (1 - opt.beta2 ** (t + 1));
        w[i]! -= (lr * mHat) / (Math.sqrt(vHat) + opt.eps);
      } else {
        w[i]! -= lr * g[i]!;
      }
    }
  });
  return w;
}

/** The batches the engine draws for this cell, as index lists (all n for full batch). */
function batchesOf(cell: RunCell, steps: number): number[][] {
  const b = makeBatcher(cell.data.nTrain, cell.train.optimizer.kind === 'gd' ? null : cell.train.optimizer.batch, cell.seed);
  return Array.from({ length: steps }, () => {
    const idx = b.next();
    return idx ? Array.from(idx) : Array.from({ length: cell.data.nTrain }, (_, i) => i);
  });
}

function relDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, n = 0;
  for (let i = 0; i < a.length; i++) { d += (a[i]! - b[i]!) ** 2; n += b[i]! ** 2; }
  return Math.sqrt(d / n);
}

async function engineParams(cell: RunCell, data: Dataset, initial: LayerParams[], steps: number): Promise<Float64Array> {
  const s = openSession(cell, data, initial);
  const batches = batchesOf(cell, steps);
  try {
    for (let t = 0; t < steps; t++) {
      s.step(t, cell.train.optimizer.kind === 'gd' ? null : Int32Array.from(batches[t]!), false);
      s.advance();
    }
    return Float64Array.from(s.params().flatMap((l) => Array.from(l.w)));
  } finally { s.dispose(); }
}

const CASES: { name: string; optimizer: OptimizerConfig; lrs: number[] }[] = [
  // n = 32, batch 16: two steps an epoch; lr / (1 + e)
  { name: 'sgd, inverse_time(1), two steps an epoch', optimizer: { kind: 'sgd', lr: 0.5, batch: 16, schedule: { kind: 'inverse_time', epochs: 1, stepsPerEpoch: 2 } }, lrs: [0.5, 0.5, 0.25, 0.25, 0.5 / 3] },
  // full batch: an epoch is a step; lr · 0.5^e
  { name: 'momentum, step_decay(1, factor: 0.5), full batch', optimizer: { kind: 'momentum', lr: 0.5, beta: 0.9, batch: null, schedule: { kind: 'step_decay', every: 1, factor: 0.5, stepsPerEpoch: 1 } }, lrs: [0.5, 0.25, 0.125, 0.0625] },
  // cosine over 2 epochs of 1 step, min 0.01: 0.05, (0.05 + 0.01)/2, 0.01, 0.01
  { name: 'adam, cosine(2, min: 0.01), full batch', optimizer: { kind: 'adam', lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: null, schedule: { kind: 'cosine', epochs: 2, min: 0.01, stepsPerEpoch: 1 } }, lrs: [0.05, 0.03, 0.01, 0.01] },
];

/** The same network written as layers (the layered path: layered-session.ts, linearized-layered.ts). */
const LAYERS: LayerSpec[] = [
  { kind: 'dense', units: 16, bias: false, multiplier: 1 / Math.sqrt(5) }, { kind: 'activation', fn: 'relu' },
  { kind: 'dense', units: 1, bias: false, multiplier: 1 / 4 },
];
const layered = (cell: RunCell): RunCell => ({ ...cell, model: { ...cell.model, hidden: [], layers: LAYERS, inputShape: { kind: 'flat', n: 5 } } });

describe('the engine steps with the scheduled lr', () => {
  test.each(CASES)('$name: parameters equal the hand-computed updates', async ({ optimizer, lrs }) => {
    await initBackend('wasm');
    const cell = makeCell({ train: { optimizer, steps: lrs.length } });
    const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
    const initial = initParams(cell.model, cell.seed);
    const mlp = referenceMlp(cell, initial);
    const batches = batchesOf(cell, lrs.length);
    const grad = (w: Float64Array, t: number) => gradient(mlp, w, data, batches[t]!);
    const got = await engineParams(cell, data, initial, lrs.length);
    const want = stepByHand(optimizer, lrs, flattenParams(mlp), grad);
    expect(relDistance(got, want)).toBeLessThan(TOL);
    expect(relDistance(await engineParams(layered(cell), data, initial, lrs.length), want)).toBeLessThan(TOL);
    const constant = stepByHand(optimizer, lrs.map(() => optimizer.lr), flattenParams(mlp), grad);
    expect(relDistance(got, constant)).toBeGreaterThan(100 * TOL);
  });
});

describe('the linearized network steps with the same lr', () => {
  test('linearized-tf and linearized-layered: f_lin on the training set equals f0 + J0·Δ stepped by hand with the decayed lr', async () => {
    await initBackend('wasm');
    const { optimizer, lrs } = CASES[1]!;
    const cell = makeCell({ train: { optimizer, steps: lrs.length, log: { kind: 'every', every: 1 } } });
    const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
    const initial = initParams(cell.model, cell.seed);
    const mlp = referenceMlp(cell, initial);
    const all = Array.from({ length: data.train.n }, (_, i) => i);
    const x = rows(data, all);
    const f0 = forward(mlp, x).output.map((r) => r[0]!);
    const J = all.map((i) => mlpVjp(mlp, [x[i]!], [1]));
    const fLin = (d: Float64Array) => J.map((row, i) => f0[i]! + row.reduce((s, jv, p) => s + jv * d[p]!, 0));
    // ∇_Δ (1/2n)‖f0 + JΔ − y‖² = Jᵀ(f_lin − y)/n
    const grad = (d: Float64Array) => {
      const r = fLin(d).map((f, i) => (f - data.train.y[i]!) / data.train.n);
      return Float64Array.from(J[0]!, (_, p) => J.reduce((s, row, i) => s + row[p]! * r[i]!, 0));
    };
    const zero = new Float64Array(J[0]!.length);
    const stepped = stepLinearized(cell, data, initial, Float32Array.from(f0), new Float32Array(data.test.n).fill(0));
    const final = stepped.train[stepped.steps.indexOf(lrs.length)]!;
    expect(relDistance(final, fLin(stepByHand(optimizer, lrs, zero, grad)))).toBeLessThan(TOL);
    const layeredRun = stepLinearizedLayered(layered(cell), data, initial, Float32Array.from(f0), new Float32Array(data.test.n).fill(0));
    expect(relDistance(layeredRun.train[layeredRun.steps.indexOf(lrs.length)]!, fLin(stepByHand(optimizer, lrs, zero, grad)))).toBeLessThan(TOL);
    expect(relDistance(final, fLin(stepByHand(optimizer, lrs.map(() => optimizer.lr), zero, grad)))).toBeGreaterThan(100 * TOL);
  });
});
