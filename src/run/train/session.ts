// The tensors of one training run: scaled inputs, targets, frozen-copy outputs, parameters and
// optimizer state; one training step and full-split evaluation. Everything tensor-valued stays
// here and is disposed by dispose(); callers get numbers and typed arrays only.

import * as tf from '@tensorflow/tfjs-core';
import type { RunCell } from '../../plan/cell.js';
import type { Dataset, Split } from '../data/index.js';
import { backward, forward, fromTensors, netShape, toTensors, type NetShape, type TParams } from '../model/network.js';
import type { LayerParams } from '../model/params.js';
import type { SplitName } from '../measure/types.js';
import { lossAndGrad } from './loss.js';
import { makeOptimizer, type Optimizer } from './optimizers.js';

interface SplitTensors {
  /** c_1 · X and its transpose. */
  x: tf.Tensor2D;
  xT: tf.Tensor2D;
  y: tf.Tensor2D;
  /** h(X; w0) for the frozen copy, else null. */
  h0: tf.Tensor2D | null;
}

export interface Session {
  shape: NetShape;
  /** Loss on the batch at the current parameters; advances them unless `last`. */
  step(t: number, batch: Int32Array | null, last: boolean): number;
  /** Drop the pending update (a stop or divergence at this step). */
  discardPending(): void;
  /** Accept the pending update: the parameters become w_{t+1}. */
  advance(): void;
  /** Model output f on a full split, n × k. */
  outputs(split: SplitName): Float32Array;
  /** Hidden pre-activations on a full split, with the current or the initial parameters. */
  preactivations(split: SplitName, at: 'now' | 'initial'): Float32Array[];
  params(): LayerParams[];
  dispose(): void;
}

function splitTensors(s: Split, dim: number, k: number, c1: number): Omit<SplitTensors, 'h0'> {
  return tf.tidy(() => {
    const x = tf.mul(tf.tensor2d(s.x, [s.n, dim]), c1) as tf.Tensor2D;
    return { x, xT: tf.transpose(x), y: tf.tensor2d(s.y, [s.n, k]) };
  });
}

/** The model output f = α·(h − h0) from the raw network output h. */
function modelOutput(h: tf.Tensor2D, h0: tf.Tensor2D | null, alpha: number): tf.Tensor2D {
  const d = h0 ? tf.sub(h, h0) : h;
  return (alpha === 1 ? d : tf.mul(d, alpha)) as tf.Tensor2D;
}

export function openSession(cell: RunCell, data: Dataset, initial: LayerParams[]): Session {
  const shape = netShape(cell.model);
  const alpha = cell.model.outputScale;
  const k = data.outputDim;
  const initialT = toTensors(initial);
  const mk = (s: Split): SplitTensors => {
    const t = splitTensors(s, data.dim, k, shape.multipliers[0]!);
    const h0 = cell.model.init.frozenCopy ? tf.tidy(() => forward(shape, initialT, t.x, true).h) : null;
    return { ...t, h0 };
  };
  const splits: Record<SplitName, SplitTensors> = { train: mk(data.train), test: mk(data.test) };
  let params: TParams = initialT.map((t) => t.clone());
  let pending: TParams | null = null;
  const opt: Optimizer = makeOptimizer(cell.train.optimizer);
  const evalCache = new Map<string, Float32Array[]>();

  const batchOf = (idx: Int32Array | null): SplitTensors & { full: boolean } => {
    const s = splits.train;
    if (!idx) return { ...s, full: true };
    const ix = tf.tensor1d(idx, 'int32');
    const x = tf.gather(s.x, ix) as tf.Tensor2D;
    return { x, xT: tf.transpose(x), y: tf.gather(s.y, ix) as tf.Tensor2D, h0: s.h0 ? tf.gather(s.h0, ix) as tf.Tensor2D : null, full: false };
  };

  const step = (t: number, batch: Int32Array | null, last: boolean): number => {
    const out = tf.tidy((): tf.Tensor[] => {
      const b = batchOf(batch);
      const cache = forward(shape, params, b.x, true);
      const { value, grad } = lossAndGrad(cell.train.loss, modelOutput(cache.h, b.h0, alpha), b.y);
      if (last) return [value];
      const dh = (alpha === 1 ? grad : tf.mul(grad, 1 / alpha)) as tf.Tensor2D;
      const grads = backward(shape, params, cache, dh);
      return [value, ...opt.step(params, grads, t + 1)];
    });
    const [value, ...next] = out;
    pending = last ? null : next;
    const v = value!.dataSync()[0]!;
    value!.dispose();
    return v;
  };

  const evaluate = (split: SplitName, p: TParams): { f: Float32Array; zs: Float32Array[] } => tf.tidy(() => {
    const s = splits[split];
    const cache = forward(shape, p, s.x, true);
    const f = modelOutput(cache.h, s.h0, alpha).dataSync() as Float32Array;
    return { f, zs: cache.zs.map((z) => z.dataSync() as Float32Array) };
  });

  const memo = (key: string, compute: () => Float32Array[]): Float32Array[] => {
    const hit = evalCache.get(key);
    if (hit) return hit;
    const v = compute();
    evalCache.set(key, v);
    return v;
  };

  return {
    shape,
    step,
    discardPending() {
      if (pending) tf.dispose(pending);
      pending = null;
    },
    outputs: (split) => memo(`f:${split}`, () => {
      const e = evaluate(split, params);
      evalCache.set(`z:${split}:now`, e.zs);
      return [e.f];
    })[0]!,
    preactivations: (split, at) => memo(`z:${split}:${at}`, () => evaluate(split, at === 'now' ? params : initialT).zs),
    params: () => fromTensors(shape, params),
    advance() {
      if (!pending) return;
      tf.dispose(params);
      params = pending;
      pending = null;
      for (const key of [...evalCache.keys()]) if (!key.endsWith(':initial')) evalCache.delete(key);
    },
    dispose() {
      tf.dispose([...params, ...initialT, ...(pending ?? [])]);
      for (const s of Object.values(splits)) tf.dispose([s.x, s.xT, s.y, ...(s.h0 ? [s.h0] : [])]);
      opt.dispose();
    },
  };
}
