// Explicit stepping of the linearized layered (convolutional, residual) network
//   f_lin(w) = f(w0) + α·J_h(w0)(w − w0)
// (with a frozen copy f(w0) = 0, so f_lin = α·(h(w0) + J_h Δ) − α·h(w0), Chizat's centred model),
// trained like the network: the same batches (seeded batcher, and with `augment` the same crops
// and flips, drawn from the cell's seed and the step), the same loss gradient on
// F_α = L(α·h)/α² (∂F/∂h = ∂L/∂f / α), the same optimizer code, with gradients
// J_h(w0)ᵀ·∂F/∂h from layeredBackward at w0. The fully connected twin is linearized-tf.ts; the
// iterate is kept as Δ = w − w0, one tensor per parameter block.
import * as tf from '@tensorflow/tfjs-core';
import type { RunCell } from '../../plan/cell.js';
import type { Dataset } from '../data/index.js';
import { layeredBackward, layeredForward, paramTensors, type LayerTensors } from '../model/layered.js';
import { layeredJvp } from '../model/layered-jvp.js';
import { augmentBatch, augmentFill } from '../data/augment.js';
import type { LayerParams } from '../model/params.js';
import { makeBatcher } from '../train/batches.js';
import { layeredNetwork } from '../train/layered-session.js';
import { lossAndGrad } from '../train/loss.js';
import { batchSize, makeOptimizer } from '../train/optimizers.js';
import { modelOutput, outputGrad } from '../train/output.js';
import { logSteps } from '../train/schedule.js';
import type { Network } from '../../theory/net/network.js';
import type { SteppedTrajectory } from './linearized-tf.js';

/** Rows evaluated at once when recording f_lin on a whole split (bounds the saved activations). */
const EVAL_CHUNK = 256;

interface Inputs { x: tf.Tensor2D; y: tf.Tensor2D; f0: tf.Tensor2D }

interface Model { net: Network; p0: LayerTensors; alpha: number; frozen: boolean }

/**
 * f_lin = f0 + α·J_h(w0)Δ on a batch; f0 null means f(w0) on this batch is not stored (an
 * augmented batch), so it is taken from the forward pass at w0 the tangent needs anyway, as the
 * network's session computes it (α·h(w0), or α·(h(w0) − h(w0)) = 0 with a frozen copy). Call inside tf.tidy.
 */
function linearOutput(m: Model, x: tf.Tensor2D, f0: tf.Tensor2D | null, delta: LayerTensors): { f: tf.Tensor2D; pass: ReturnType<typeof layeredForward> } {
  const pass = layeredForward(m.net, m.p0, x);
  const base = f0 ?? modelOutput(pass.output, m.frozen ? pass.output : null, m.alpha);
  return { f: tf.add(base, tf.mul(layeredJvp(m.net, m.p0, pass, delta), m.alpha)) as tf.Tensor2D, pass };
}

/**
 * The inputs of training step t: the stored rows of the batch with their stored f(w0), or, when
 * the cell augments, the very copy the network's session trains on at step t (augmentBatch with
 * the cell's seed and t), whose f(w0) linearOutput computes. Call inside tf.tidy.
 */
function stepInputs(cell: RunCell, data: Dataset, train: Inputs, idx: Int32Array | null, t: number): { x: tf.Tensor2D; y: tf.Tensor2D; f0: tf.Tensor2D | null } {
  const ix = idx ? tf.tensor1d(idx, 'int32') : null;
  const pick = (v: tf.Tensor2D): tf.Tensor2D => (ix ? tf.gather(v, ix) : v);
  const aug = cell.data.augment, shape = cell.model.inputShape;
  if (!aug || shape?.kind !== 'image') return { x: pick(train.x), y: pick(train.y), f0: pick(train.f0) };
  const rows = augmentBatch(data.train.x, idx, shape, aug, augmentFill(cell.data), cell.seed, t);
  return { x: tf.tensor2d(rows, [rows.length / data.dim, data.dim]), y: pick(train.y), f0: null };
}

/** f_lin on a whole split, EVAL_CHUNK rows at a time, read back as numbers. */
function splitOutput(m: Model, inp: Inputs, delta: LayerTensors): Float32Array {
  const n = inp.x.shape[0];
  const out = new Float32Array(inp.f0.size);
  const k = inp.f0.shape[1];
  for (let i = 0; i < n; i += EVAL_CHUNK) {
    const rows = Math.min(EVAL_CHUNK, n - i);
    const f = tf.tidy(() => linearOutput(m, tf.slice(inp.x, [i, 0], [rows, -1]), tf.slice(inp.f0, [i, 0], [rows, -1]), delta).f);
    out.set(f.dataSync(), i * k); // read back outside tf.tidy
    f.dispose();
  }
  return out;
}

function splitInputs(data: Dataset, split: 'train' | 'test', f0: Float32Array): Inputs {
  const s = data[split];
  return { x: tf.tensor2d(s.x, [s.n, data.dim]), y: tf.tensor2d(s.y, [s.n, data.outputDim]), f0: tf.tensor2d(f0, [s.n, data.outputDim]) };
}

/**
 * Train the linearized layered network of `cell` for all its steps, recording f_lin on train and
 * test at the cell's log steps. f0Train/f0Test are the model's outputs f(w0) (n × outputs).
 */
export function stepLinearizedLayered(cell: RunCell, data: Dataset, initial: LayerParams[], f0Train: Float32Array, f0Test: Float32Array): SteppedTrajectory {
  const net = layeredNetwork(cell);
  const m: Model = { net, p0: paramTensors(net, Float32Array.from(initial.flatMap((l) => [...l.w, ...(l.b ?? [])]))), alpha: cell.model.outputScale, frozen: cell.model.init.frozenCopy };
  const T = cell.train.steps;
  const logged = new Set(logSteps(cell.train.log, T));
  const out: SteppedTrajectory = { steps: [], train: [], test: [] };
  const train = splitInputs(data, 'train', f0Train), test = splitInputs(data, 'test', f0Test);
  let delta: LayerTensors = m.p0.map((t) => tf.zerosLike(t));
  const opt = makeOptimizer(cell.train.optimizer);
  const batches = makeBatcher(data.train.n, batchSize(cell.train.optimizer), cell.seed);
  try {
    for (let t = 0; t <= T; t++) {
      if (logged.has(t)) {
        out.steps.push(t);
        out.train.push(splitOutput(m, train, delta));
        out.test.push(data.test.n > 0 ? splitOutput(m, test, delta) : new Float32Array(0));
      }
      if (t === T) break;
      const idx = batches.next();
      const next = tf.tidy(() => {
        const { x, y, f0 } = stepInputs(cell, data, train, idx, t);
        const { f, pass } = linearOutput(m, x, f0, delta);
        const { grad } = lossAndGrad(cell.train.loss, f, y);
        return opt.step(delta, layeredBackward(net, m.p0, pass, outputGrad(grad, m.alpha)), t + 1);
      });
      tf.dispose(delta);
      delta = next;
    }
  } finally {
    tf.dispose([...m.p0, ...delta, ...Object.values(train), ...Object.values(test)]);
    opt.dispose();
  }
  return out;
}
