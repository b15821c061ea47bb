// The tensors of one training run: scaled inputs, targets, frozen-copy outputs, parameters and
// optimizer state; one training step and full-split evaluation. Everything tensor-valued stays
// here and is disposed by dispose(); callers get numbers and typed arrays only.

import { ReadbackCache, type Evaluation } from './readback-cache.js';
import * as tf from '@tensorflow/tfjs-core';
import type { RunCell } from '../../plan/cell.js';
import type { Dataset, Split } from '../data/index.js';
import { backward, forward, fromTensors, netShape, toTensors, type NetShape, type TParams } from '../model/network.js';
import type { LayerParams } from '../model/params.js';
import type { SplitName } from '../measure/types.js';
import { lossAndGrad } from './loss.js';
import { makeOptimizer, type Optimizer } from './optimizers.js';
import { LayeredSession } from './layered-session.js';
import { modelOutput, outputGrad } from './output.js';
import { HostSession, hostSupports, hostUnsupported } from './host-session.js';
import { badStepEnv, hostStepUnavailable } from '../../messages/run.js';
import { nativeBlas } from '../native/kernels.js';

/** What runs a training step: tfjs kernels, or plain JavaScript with native products (host-session.ts). */
export type StepExecutor = 'host' | 'tfjs';

/** LAZYLAB_STEP=host|tfjs, else undefined (the host executor wherever it runs). */
function stepRequest(env: NodeJS.ProcessEnv = process.env): StepExecutor | undefined {
  const v = env['LAZYLAB_STEP'];
  if (!v) return undefined;
  if (v !== 'host' && v !== 'tfjs') throw new Error(badStepEnv(v));
  return v;
}

interface SplitTensors {
  /** c_1 · X. */
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  /** h(X; w0) for the frozen copy, else null. */
  h0: tf.Tensor2D | null;
}

export interface Session {
  /** Absent: tfjs. */
  readonly executor?: StepExecutor;
  /** Loss on the batch at the current parameters; prepares the update unless `last`. */
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
  /** Activation patterns (ReLU states, max-pool choices) of the first n training points; layered networks. */
  patterns?(n: number, at: 'now' | 'initial'): Int32Array[];
  /** Output with ReLU states and max-pool choices frozen at initialization; layered networks. */
  frozenOutputs?(split: SplitName): Float32Array;
  dispose(): void;
}


class TrainingSession implements Session {
  readonly executor = 'tfjs' as const;
  readonly shape: NetShape;
  private readonly alpha: number;
  /** w0 as tensors, kept only with a frozen copy; otherwise uploaded again when asked for (once per cell). */
  private readonly initialT: TParams | null;
  private readonly splits: Record<SplitName, SplitTensors>;
  private readonly opt: Optimizer;
  private current: TParams;
  private pending: TParams | null = null;
  /** Evaluations of the current step (and of w0), read back as typed arrays. */
  private readonly readback = new ReadbackCache((split, withZs) => this.evaluate(split, this.current, withZs), (split) => this.evaluateInitial(split));

  constructor(private readonly cell: RunCell, data: Dataset, private readonly initial: LayerParams[]) {
    this.shape = netShape(cell.model);
    this.alpha = cell.model.outputScale;
    this.initialT = cell.model.init.frozenCopy ? toTensors(initial) : null;
    this.splits = { train: this.upload(data.train, data), test: this.upload(data.test, data) };
    this.current = this.initialT ? this.initialT.map((t) => t.clone()) : toTensors(initial);
    this.opt = makeOptimizer(cell.train.optimizer);
  }

  private upload(s: Split, data: Dataset): SplitTensors {
    const x = tf.tidy(() => tf.mul(tf.tensor2d(s.x, [s.n, data.dim]), this.shape.multipliers[0]!) as tf.Tensor2D);
    const h0 = this.initialT ? tf.tidy(() => forward(this.shape, this.initialT!, x, true).h) : null;
    return { x, y: tf.tensor2d(s.y, [s.n, data.outputDim]), h0 };
  }

  /** The training split, or a minibatch of it. Call inside tf.tidy. */
  private batchOf(idx: Int32Array | null): SplitTensors {
    const s = this.splits.train;
    if (!idx) return s;
    const ix = tf.tensor1d(idx, 'int32');
    const pick = (t: tf.Tensor2D): tf.Tensor2D => tf.gather(t, ix) as tf.Tensor2D;
    return { x: pick(s.x), y: pick(s.y), h0: s.h0 ? pick(s.h0) : null };
  }

  step(t: number, batch: Int32Array | null, last: boolean): number {
    const [value, ...next] = tf.tidy((): tf.Tensor[] => {
      const b = this.batchOf(batch);
      const cache = forward(this.shape, this.current, b.x, true);
      const { value, grad } = lossAndGrad(this.cell.train.loss, modelOutput(cache.h, b.h0, this.alpha), b.y);
      if (last) return [value];
      const dh = outputGrad(grad, this.alpha);
      return [value, ...this.opt.step(this.current, backward(this.shape, this.current, cache, dh), t + 1)];
    });
    this.pending = last ? null : next;
    const v = value!.dataSync()[0]!;
    value!.dispose();
    return v;
  }

  discardPending(): void {
    if (this.pending) tf.dispose(this.pending);
    this.pending = null;
  }

  advance(): void {
    if (!this.pending) return;
    tf.dispose(this.current);
    this.current = this.pending;
    this.pending = null;
    this.readback.stepped();
  }

  /**
   * Forward pass on a full split: f, and the pre-activations too when `withZs`. The tensors leave
   * tf.tidy and are read back after it: tidy walks every element of a returned typed array
   * (about 1.4 µs per value), which cost most of a wide cell's time.
   */
  private evaluate(split: SplitName, p: TParams, withZs: boolean): Evaluation {
    const [f, ...zs] = tf.tidy((): tf.Tensor[] => {
      const s = this.splits[split];
      const cache = forward(this.shape, p, s.x, true);
      return [modelOutput(cache.h, s.h0, this.alpha), ...(withZs ? cache.zs : [])];
    });
    try {
      return { f: f!.dataSync() as Float32Array, zs: zs.map((z) => z.dataSync() as Float32Array) };
    } finally {
      tf.dispose([f!, ...zs]);
    }
  }

  outputs(split: SplitName): Float32Array {
    return this.readback.outputs(split);
  }

  preactivations(split: SplitName, at: 'now' | 'initial'): Float32Array[] {
    return this.readback.preactivations(split, at);
  }

  /** Pre-activations at w0; without a frozen copy w0 is uploaded for this and freed after. */
  private evaluateInitial(split: SplitName): Float32Array[] {
    const p = this.initialT ?? toTensors(this.initial);
    try {
      return this.evaluate(split, p, true).zs;
    } finally {
      if (p !== this.initialT) tf.dispose(p);
    }
  }

  params(): LayerParams[] {
    return fromTensors(this.shape, this.current);
  }

  dispose(): void {
    tf.dispose([...this.current, ...(this.initialT ?? []), ...(this.pending ?? [])]);
    for (const s of Object.values(this.splits)) tf.dispose([s.x, s.y, ...(s.h0 ? [s.h0] : [])]);
    this.opt.dispose();
  }
}

/**
 * The session of a cell: on the native matrix path, the host executor for what it covers
 * (hostSupports), else tfjs. `executor` (else LAZYLAB_STEP) `tfjs` asks for tfjs whatever the
 * path, the reference the host executor is checked against; `host` fails where it cannot run.
 */
export function openSession(cell: RunCell, data: Dataset, initial: LayerParams[], executor = stepRequest()): Session {
  if (cell.model.layers) return new LayeredSession(cell, data, initial);
  const blas = executor === 'tfjs' ? null : nativeBlas();
  if (blas && hostSupports(cell)) return new HostSession(cell, data, initial, blas);
  if (executor === 'host') throw new Error(hostStepUnavailable(blas ? hostUnsupported(cell) : null));
  return new TrainingSession(cell, data, initial);
}
