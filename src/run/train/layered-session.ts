// The tensors of one training run of a layered network (conv, pooling, residual, dense; see
// src/run/model/layered.ts): inputs, targets, frozen-copy outputs, parameters and optimizer
// state, one training step and full-split evaluation in chunks. The same Session contract as the
// fully connected session: callers get numbers and typed arrays only, read back outside tf.tidy.
import * as tf from '@tensorflow/tfjs-core';
import type { RunCell } from '../../plan/cell.js';
import type { Dataset, Split } from '../data/index.js';
import { layeredBackward, layeredForward, layeredPatterns, paramTensors, type LayerTensors } from '../model/layered.js';
import { modelOutput, outputGrad } from './output.js';
import { layerShapes, type LayerParams } from '../model/params.js';
import type { SplitName } from '../measure/types.js';
import { compileNetwork, type Network } from '../../theory/net/network.js';
import { EVAL_CHUNK } from '../../theory/net/cost.js';
import { lossAndGrad } from './loss.js';
import { augmentBatch, augmentFill } from '../data/augment.js';
import { makeOptimizer, type Optimizer } from './optimizers.js';
import type { Session } from './session.js';


interface SplitTensors { x: tf.Tensor2D; y: tf.Tensor2D; h0: tf.Tensor2D | null }


export function layeredNetwork(cell: RunCell): Network {
  const m = cell.model;
  if (!m.layers || !m.inputShape) throw new Error(`model ${m.name} has no layers`);
  return compileNetwork(m.layers, m.inputShape);
}

/** Parameter tensors from plain layers (their W, b in order are the flat vector paramTensors splits). */
function toTensors(net: Network, layers: LayerParams[]): LayerTensors {
  return paramTensors(net, Float32Array.from(layers.flatMap((l) => [...l.w, ...(l.b ?? [])])));
}

export class LayeredSession implements Session {
  private readonly net: Network;
  private readonly alpha: number;
  private readonly initialT: LayerTensors;
  private readonly splits: Record<SplitName, SplitTensors>;
  private readonly opt: Optimizer;
  private current: LayerTensors;
  private pending: LayerTensors | null = null;
  private readonly evalCache = new Map<string, Float32Array>();
  /** The training images on the CPU, kept when batches are augmented (each step crops and flips them afresh). */
  private readonly trainX: Float32Array | null;

  constructor(private readonly cell: RunCell, data: Dataset, initial: LayerParams[]) {
    this.net = layeredNetwork(cell);
    this.alpha = cell.model.outputScale;
    this.initialT = toTensors(this.net, initial);
    this.current = this.initialT.map((t) => t.clone());
    this.splits = { train: this.upload(data.train, data), test: this.upload(data.test, data) };
    this.trainX = cell.data.augment ? data.train.x : null;
    this.opt = makeOptimizer(cell.train.optimizer);
  }

  private upload(s: Split, data: Dataset): SplitTensors {
    const x = tf.tensor2d(s.x, [s.n, data.dim]);
    const h0 = this.cell.model.init.frozenCopy && s.n > 0 ? this.forwardChunks(x, this.initialT) : null;
    return { x, y: tf.tensor2d(s.y, [s.n, data.outputDim]), h0 };
  }

  /** h(X) over a whole split, EVAL_CHUNK rows at a time (a kept tensor). */
  private forwardChunks(x: tf.Tensor2D, p: LayerTensors): tf.Tensor2D {
    const n = x.shape[0];
    const parts: tf.Tensor2D[] = [];
    for (let i = 0; i < n; i += EVAL_CHUNK) {
      parts.push(tf.tidy(() => layeredForward(this.net, p, tf.slice(x, [i, 0], [Math.min(EVAL_CHUNK, n - i), -1])).output));
    }
    const all = parts.length === 1 ? parts[0]! : tf.concat(parts);
    if (parts.length > 1) tf.dispose(parts);
    return all;
  }

  step(t: number, batch: Int32Array | null, last: boolean): number {
    const [value, ...next] = tf.tidy((): tf.Tensor[] => {
      const s = this.splits.train;
      const ix = batch ? tf.tensor1d(batch, 'int32') : null;
      const pick = (v: tf.Tensor2D): tf.Tensor2D => (ix ? tf.gather(v, ix) : v);
      const { x, h0 } = this.batchInputs(t, batch, pick);
      const pass = layeredForward(this.net, this.current, x);
      const { value, grad } = lossAndGrad(this.cell.train.loss, modelOutput(pass.output, h0, this.alpha), pick(s.y));
      if (last) return [value];
      const dh = outputGrad(grad, this.alpha);
      return [value, ...this.opt.step(this.current, layeredBackward(this.net, this.current, pass, dh), t + 1)];
    });
    this.pending = last ? null : next;
    const v = value!.dataSync()[0]!;
    value!.dispose();
    return v;
  }

  /**
   * The step's inputs and frozen-copy outputs: the batch as stored, or augmented afresh for this
   * step (then the frozen copy sees the same augmented images, as f(w) − f(w0) requires).
   */
  private batchInputs(t: number, batch: Int32Array | null, pick: (v: tf.Tensor2D) => tf.Tensor2D): { x: tf.Tensor2D; h0: tf.Tensor2D | null } {
    const s = this.splits.train;
    const aug = this.cell.data.augment;
    const shape = this.cell.model.inputShape;
    if (!aug || !this.trainX || shape?.kind !== 'image') return { x: pick(s.x), h0: s.h0 ? pick(s.h0) : null };
    const rows = augmentBatch(this.trainX, batch, shape, aug, augmentFill(this.cell.data), this.cell.seed, t);
    const x = tf.tensor2d(rows, [rows.length / (shape.h * shape.w * shape.c), s.x.shape[1]]);
    return { x, h0: s.h0 ? tf.tidy(() => layeredForward(this.net, this.initialT, x).output) : null }; // only the output stays
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
    this.evalCache.clear();
  }

  outputs(split: SplitName): Float32Array {
    const hit = this.evalCache.get(split);
    if (hit) return hit;
    const s = this.splits[split];
    const h = this.forwardChunks(s.x, this.current);
    const f = tf.tidy(() => modelOutput(h, s.h0, this.alpha));
    const values = f.dataSync() as Float32Array; // read back outside tf.tidy: no per-element walk
    tf.dispose([h, f]);
    this.evalCache.set(split, values);
    return values;
  }

  preactivations(): Float32Array[] {
    throw new Error('a layered network records activation patterns (activation_stability), not pre-activations');
  }

  /**
   * Model output on a split with every ReLU state and max-pool choice frozen at initialization
   * (Chizat et al.'s frozen-pattern network), chunked like outputs().
   */
  frozenOutputs(split: SplitName): Float32Array {
    const key = `frozen:${split}`;
    const hit = this.evalCache.get(key);
    if (hit) return hit;
    const s = this.splits[split];
    const n = s.x.shape[0];
    const parts: tf.Tensor2D[] = [];
    for (let i = 0; i < n; i += EVAL_CHUNK) {
      parts.push(tf.tidy(() => {
        const x = tf.slice(s.x, [i, 0], [Math.min(EVAL_CHUNK, n - i), -1]);
        return layeredForward(this.net, this.current, x, layeredForward(this.net, this.initialT, x)).output;
      }));
    }
    const h = parts.length === 1 ? parts[0]! : tf.concat(parts);
    const f = tf.tidy(() => modelOutput(h, s.h0, this.alpha));
    const values = f.dataSync() as Float32Array;
    tf.dispose([h, f, ...(parts.length > 1 ? parts : [])]);
    this.evalCache.set(key, values);
    return values;
  }

  /** Activation patterns of the first n training points, now or at initialization (per pattern layer). */
  patterns(n: number, at: 'now' | 'initial'): Int32Array[] {
    const x = this.splits.train.x;
    const rows = Math.min(n, x.shape[0]);
    const p = at === 'now' ? this.current : this.initialT;
    const parts: Int32Array[][] = [];
    for (let i = 0; i < rows; i += EVAL_CHUNK) {
      const ts = tf.tidy(() => layeredPatterns(this.net, layeredForward(this.net, p, tf.slice(x, [i, 0], [Math.min(EVAL_CHUNK, rows - i), -1]))));
      parts.push(ts.map((t) => t.dataSync() as Int32Array)); // read back outside tf.tidy
      tf.dispose(ts);
    }
    return (parts[0] ?? []).map((_, l) => concatInt(parts.map((c) => c[l]!)));
  }

  params(): LayerParams[] {
    const shapes = layerShapes(this.cell.model);
    const bias = this.cell.model.bias;
    return shapes.map(({ fanIn, fanOut }, l) => ({
      fanIn, fanOut,
      w: this.current[bias ? 2 * l : l]!.dataSync() as Float32Array,
      b: bias ? (this.current[2 * l + 1]!.dataSync() as Float32Array) : null,
    }));
  }

  dispose(): void {
    tf.dispose([...this.current, ...this.initialT, ...(this.pending ?? [])]);
    for (const s of Object.values(this.splits)) tf.dispose([s.x, s.y, ...(s.h0 ? [s.h0] : [])]);
    this.opt.dispose();
  }
}

function concatInt(chunks: Int32Array[]): Int32Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Int32Array(chunks.reduce((s, c) => s + c.length, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}
