// Explicit stepping of the linearized network f_lin(w) = f(w0) + J0 (w − w0) on tfjs tensors, for
// optimizers and losses without a closed form (sgd, momentum, Adam; bce, cross-entropy).
// It replays the engine's own update exactly: the same batches (seeded batcher), the same loss
// gradient on F_α = L(α·h)/α² (∂F/∂h = ∂L/∂f / α), the same optimizer code, but with the
// Jacobian frozen at w0: f_lin through a Jacobian–vector product, gradients through the
// vector–Jacobian product (backward) at w0. The iterate is kept as Δ = w − w0.

import * as tf from '@tensorflow/tfjs-core';
import type { RunCell } from '../../plan/cell.js';
import type { Dataset } from '../data/index.js';
import { activationGrad } from '../model/activations.js';
import { backward, forward, netShape, toTensors, type ForwardCache, type NetShape, type TParams } from '../model/network.js';
import type { LayerParams } from '../model/params.js';
import { makeBatcher } from '../train/batches.js';
import { lossAndGrad } from '../train/loss.js';
import { batchSize, makeOptimizer } from '../train/optimizers.js';
import { logSteps } from '../train/schedule.js';
import type { SplitName } from './types.js';

/**
 * J_h(w0)·v: forward-mode tangent of h for parameter tangents v (same layout as the parameters):
 * dz_l = dã_{l−1} W_l + ã_{l−1} dW_l + c_l db_l,  dã_l = c_{l+1} σ'(z_l) ⊙ dz_l,  dã_0 = 0.
 * Call inside tf.tidy.
 */
export function jvp(shape: NetShape, p0: TParams, cache: ForwardCache, v: TParams): tf.Tensor2D {
  const per = shape.bias ? 2 : 1;
  const L = shape.dims.length - 1;
  let dIn: tf.Tensor2D | null = null;
  for (let l = 0; l < L; l++) {
    let dz = tf.matMul(cache.inputs[l]!, v[l * per] as tf.Tensor2D) as tf.Tensor2D;
    if (dIn) dz = tf.add(dz, tf.matMul(dIn, p0[l * per] as tf.Tensor2D)) as tf.Tensor2D;
    if (shape.bias) dz = tf.add(dz, tf.mul(v[l * per + 1]!, shape.multipliers[l]!)) as tf.Tensor2D;
    if (l === L - 1) return dz;
    const g = activationGrad(shape.activation, cache.zs[l]!, cache.acts[l]!);
    dIn = tf.mul(tf.mul(dz, g), shape.multipliers[l + 1]!) as tf.Tensor2D;
  }
  throw new Error('unreachable: a network has an output layer');
}

/** Linearized outputs f_lin on both splits at every logged step. */
export interface SteppedTrajectory {
  steps: number[];
  train: Float32Array[];
  test: Float32Array[];
}

interface Inputs { x: tf.Tensor2D; y: tf.Tensor2D; f0: tf.Tensor2D }

function splitInputs(data: Dataset, split: SplitName, f0: Float32Array, c1: number): Inputs {
  const s = data[split];
  return {
    x: tf.mul(tf.tensor2d(s.x, [s.n, data.dim]), c1) as tf.Tensor2D,
    y: tf.tensor2d(s.y, [s.n, data.outputDim]),
    f0: tf.tensor2d(f0, [s.n, data.outputDim]),
  };
}

/** f_lin = f0 + α·J_h(w0)Δ on the given inputs. Call inside tf.tidy. */
function linearOutput(shape: NetShape, p0: TParams, inp: Inputs, delta: TParams, alpha: number): tf.Tensor2D {
  return tf.add(inp.f0, tf.mul(jvp(shape, p0, forward(shape, p0, inp.x), delta), alpha)) as tf.Tensor2D;
}

/**
 * Train the linearized model of `cell` for all its steps with the engine's optimizer and batches,
 * recording f_lin on train and test at the cell's log steps. f0Train/f0Test are f(w0) (n × k).
 */
export function stepLinearized(cell: RunCell, data: Dataset, initial: LayerParams[], f0Train: Float32Array, f0Test: Float32Array): SteppedTrajectory {
  const shape = netShape(cell.model);
  const alpha = cell.model.outputScale;
  const T = cell.train.steps;
  const logged = new Set(logSteps(cell.train.log, T));
  const out: SteppedTrajectory = { steps: [], train: [], test: [] };
  const p0 = toTensors(initial);
  const train = splitInputs(data, 'train', f0Train, shape.multipliers[0]!);
  const test = splitInputs(data, 'test', f0Test, shape.multipliers[0]!);
  let delta: TParams = p0.map((t) => tf.zerosLike(t));
  const opt = makeOptimizer(cell.train.optimizer);
  const batches = makeBatcher(data.train.n, batchSize(cell.train.optimizer), cell.seed);
  try {
    for (let t = 0; t <= T; t++) {
      if (logged.has(t)) record(out, t, shape, p0, train, test, delta, alpha);
      if (t === T) break;
      const idx = batches.next();
      const next = tf.tidy(() => {
        const b = idx ? gatherInputs(train, idx) : train;
        const cache = forward(shape, p0, b.x);
        const f = tf.add(b.f0, tf.mul(jvp(shape, p0, cache, delta), alpha)) as tf.Tensor2D;
        const { grad } = lossAndGrad(cell.train.loss, f, b.y);
        const grads = backward(shape, p0, cache, tf.div(grad, alpha) as tf.Tensor2D, null);
        return opt.step(delta, grads, t + 1);
      });
      tf.dispose(delta);
      delta = next;
    }
  } finally {
    tf.dispose([...p0, ...delta, ...Object.values(train), ...Object.values(test)]);
    opt.dispose();
  }
  return out;
}

function gatherInputs(inp: Inputs, idx: Int32Array): Inputs {
  const ix = tf.tensor1d(idx, 'int32');
  return { x: tf.gather(inp.x, ix), y: tf.gather(inp.y, ix), f0: tf.gather(inp.f0, ix) } as Inputs;
}

function record(out: SteppedTrajectory, t: number, shape: NetShape, p0: TParams, train: Inputs, test: Inputs, delta: TParams, alpha: number): void {
  const [a, b] = tf.tidy(() => [linearOutput(shape, p0, train, delta, alpha), linearOutput(shape, p0, test, delta, alpha)]);
  out.steps.push(t);
  out.train.push(a!.dataSync() as Float32Array);
  out.test.push(b!.dataSync() as Float32Array);
  tf.dispose([a!, b!]);
}
