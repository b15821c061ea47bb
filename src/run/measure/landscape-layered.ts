// Loss-landscape slices of layered networks (landscape.ts draws the grid): Li et al.'s (2018)
// filter normalization, where each filter of a conv layer (and each output unit's incoming
// weights of a dense layer, a 1×1 filter) gets the norm of that filter in the weights, so
// directions respect the scale invariance of ReLU networks filter by filter; bias directions are
// zero as in the fully connected slice. Losses come from batched tfjs forward passes of
// layered.ts, f = α·(h − h0) with a frozen copy, in chunks so large training sets fit.
import * as tf from '@tensorflow/tfjs-core';
import type { RunCell } from '../../plan/cell.js';
import { networkCost } from '../../theory/net/cost.js';
import { layeredForward, paramTensors } from '../model/layered.js';
import type { LayerParams } from '../model/params.js';
import { makeRng } from '../rng.js';
import { lossValue } from '../train/loss.js';
import { flatParams, networkOf } from './ntk-layered.js';
import type { TrainingState } from './types.js';

/** Rows per forward pass: bounds the activations kept at once. */
const CHUNK = 256;

/** A random direction whose every filter (column j of the fanIn × fanOut W) has the norm of that filter of W. */
export function filterNormalizedDirection(params: LayerParams[], seed: number, stream: string): LayerParams[] {
  return params.map((p, l) => {
    const rng = makeRng(seed, `${stream}.layer${l + 1}`);
    const d = Float64Array.from({ length: p.w.length }, () => rng.normal());
    const w = new Float32Array(p.w.length);
    for (let j = 0; j < p.fanOut; j++) {
      let nd = 0, nw = 0;
      for (let i = 0; i < p.fanIn; i++) { nd += d[i * p.fanOut + j]! ** 2; nw += p.w[i * p.fanOut + j]! ** 2; }
      const scale = nd > 0 ? Math.sqrt(nw / nd) : 0;
      for (let i = 0; i < p.fanIn; i++) w[i * p.fanOut + j] = d[i * p.fanOut + j]! * scale;
    }
    return { ...p, w, b: p.b ? new Float32Array(p.b.length) : null };
  });
}

/** Multiply–adds of one forward pass of a layered network per example. */
export function layeredForwardMacs(cell: RunCell): number {
  const m = cell.model;
  return m.layers && m.inputShape ? networkCost(m.layers, m.inputShape).flops / 2 : 0;
}

/** h on the whole training set at the given parameters, row-major n × outputs. */
function outputsAt(state: TrainingState, params: LayerParams[]): Float32Array {
  const { cell, data } = state;
  const net = networkOf(cell.model);
  const s = data.train;
  const out = new Float32Array(s.n * data.outputDim);
  const p = paramTensors(net, flatParams(params));
  for (let i = 0; i < s.n; i += CHUNK) {
    const rows = Math.min(CHUNK, s.n - i);
    const h = tf.tidy(() => layeredForward(net, p, tf.tensor2d(s.x.subarray(i * data.dim, (i + rows) * data.dim), [rows, data.dim])).output);
    out.set(h.dataSync(), i * data.outputDim); // read back outside tf.tidy
    h.dispose();
  }
  tf.dispose(p);
  return out;
}

/** Training loss of f = α·(h − h0) (h0 with a frozen copy) at each parameter set. */
export function layeredLosses(state: TrainingState, sets: LayerParams[][]): number[] {
  const { cell, data } = state;
  const alpha = cell.model.outputScale;
  const h0 = cell.model.init.frozenCopy ? outputsAt(state, state.initial) : null;
  return sets.map((params) => {
    const h = outputsAt(state, params);
    const f = h.map((v, i) => alpha * (h0 ? v - h0[i]! : v));
    return lossValue(cell.train.loss, f, data.train.y, data.outputDim);
  });
}
