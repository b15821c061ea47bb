// The empirical NTK of a layered (convolutional, residual) network as plain numbers: the tfjs
// per-sample Jacobian blocks of src/run/model/layered-jacobian.ts, one n × n kernel per weight
// layer, scaled to the model f = α·h (a frozen copy f = α(h − h0) has the same Jacobian).
// Outputs as the fully connected path (ntk-tf.ts) gives them: the trace Σ_k Θ^{(k)} over output
// units, or one unit's kernel.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../plan/cell.js';
import { compileNetwork, type Network } from '../../theory/net/network.js';
import { layeredNtkBlocks } from '../model/layered-jacobian.js';
import { paramTensors } from '../model/layered.js';
import type { LayerParams } from '../model/params.js';
import type { OutputChoice, Points } from './ntk-tf.js';

/** The model's compiled network (h, unscaled). */
export function networkOf(model: ModelConfig): Network {
  if (!model.layers || !model.inputShape) throw new Error(`model ${model.name} has no layers`);
  return compileNetwork(model.layers, model.inputShape);
}

/** The flat parameter vector (W then b per weight layer) of the engine's per-layer parameters. */
export function flatParams(params: LayerParams[]): Float32Array {
  const out = new Float32Array(params.reduce((s, p) => s + p.w.length + (p.b?.length ?? 0), 0));
  let o = 0;
  for (const p of params) {
    out.set(p.w, o);
    o += p.w.length;
    if (p.b) { out.set(p.b, o); o += p.b.length; }
  }
  return out;
}

function unitsOf(model: ModelConfig, out: OutputChoice): number[] {
  return out.kind === 'unit' ? [out.k] : Array.from({ length: model.outputDim }, (_, k) => k);
}

/** Θ_f^{(l)} on the points for every weight layer (flat parameter order), float64 rows. */
export function ntkLayeredLayers(model: ModelConfig, params: LayerParams[], pts: Points, out: OutputChoice = { kind: 'trace' }): Float64Array[][] {
  const net = networkOf(model);
  const dim = pts.x.length / pts.n;
  const blocks = tf.tidy(() => layeredNtkBlocks(net, paramTensors(net, flatParams(params)), tf.tensor2d(pts.x, [pts.n, dim]), unitsOf(model, out)));
  const a2 = model.outputScale ** 2;
  const rows = blocks.map((t) => {
    const v = t.dataSync();
    return Array.from({ length: pts.n }, (_, i) => Float64Array.from(v.subarray(i * pts.n, (i + 1) * pts.n), (x) => x * a2));
  });
  tf.dispose(blocks);
  return rows;
}

/** Θ_f = Σ_l Θ_f^{(l)} on the points. */
export function ntkLayered(model: ModelConfig, params: LayerParams[], pts: Points, out: OutputChoice = { kind: 'trace' }): Float64Array[] {
  const layers = ntkLayeredLayers(model, params, pts, out);
  return Array.from({ length: pts.n }, (_, i) => Float64Array.from({ length: pts.n }, (_, j) => layers.reduce((s, l) => s + l[i]![j]!, 0)));
}
