// Plain-number network parameters and their initialization (science.md §2).
// Layer l maps fanIn → fanOut with W_l stored fanIn × fanOut row-major; layers are the hidden
// layers then the output layer. Drawn in float64 from the cell's seed, stored as float32.

import type { InitDist, ModelConfig } from '../../plan/cell.js';
import { makeRng, type Rng } from '../rng.js';
import { fanIn, weightLayers } from '../../theory/net/spec.js';

export interface LayerParams {
  fanIn: number;
  fanOut: number;
  /** fanIn × fanOut, row-major. */
  w: Float32Array;
  /** fanOut biases, or null when the model has no bias. */
  b: Float32Array | null;
}

/** Layer sizes d, h_1, …, h_L, k. */
export function layerDims(model: ModelConfig): number[] {
  return [model.inputDim, ...model.hidden, model.outputDim];
}

/**
 * Fan-in and fan-out of every weight layer as its parameters are stored: a fully connected
 * layer's W is fanIn × fanOut; a layered network's conv W is k·k·c_in × c_out (tfjs's filter
 * layout flattened), in the flat order of src/theory/net (residual: body, then shortcut).
 */
export function layerShapes(model: ModelConfig): { fanIn: number; fanOut: number }[] {
  if (model.layers && model.inputShape) {
    return weightLayers(model.layers, model.inputShape).map((l) => ({
      fanIn: fanIn(l.spec, l.input),
      fanOut: l.spec.kind === 'conv2d' ? l.spec.filters : l.spec.units,
    }));
  }
  const dims = layerDims(model);
  return dims.slice(1).map((fanOut, l) => ({ fanIn: dims[l]!, fanOut }));
}

/** One weight draw from a distribution, for a layer of the given fans. */
function drawWeight(dist: InitDist, rng: Rng, fanIn: number, fanOut: number): number {
  switch (dist.kind) {
    case 'normal': return dist.std * rng.normal();
    case 'uniform': return dist.low + (dist.high - dist.low) * rng.uniform();
    case 'glorot': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return -limit + 2 * limit * rng.uniform();
    }
    case 'he': return Math.sqrt(2 / fanIn) * rng.normal();
  }
}

/** Draw every layer independently (stream per layer, so adding a layer keeps earlier draws). */
function drawLayers(model: ModelConfig, seed: number): LayerParams[] {
  return layerShapes(model).map(({ fanIn, fanOut }, l) => {
    const dist = model.init.layers[l] ?? model.init.layers[model.init.layers.length - 1];
    if (!dist) throw new Error(`model ${model.name}: no init distribution for layer ${l + 1}`);
    const rng = makeRng(seed, `init.layer${l + 1}`);
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = drawWeight(dist, rng, fanIn, fanOut);
    let b: Float32Array | null = null;
    if (model.bias) {
      const brng = makeRng(seed, `init.bias${l + 1}`);
      b = new Float32Array(fanOut);
      if (model.biasStd > 0) for (let i = 0; i < fanOut; i++) b[i] = model.biasStd * brng.normal();
    }
    return { fanIn, fanOut, w, b };
  });
}

/**
 * Chizat's symmetrization: unit (or conv filter) j + m/2 of the last layer before the output
 * copies the incoming weights and bias of unit j, and its output weights are the negated ones of
 * unit j at every pixel (the output's inputs are P pixels × m channels, P = 1 for a dense layer);
 * the output bias is zero. Then h(x; w0) = 0 exactly (the forward passes sum the halves apart).
 */
function symmetrize(layers: LayerParams[], name: string): void {
  if (layers.length < 2) throw new Error(`model ${name}: symmetrized init needs a hidden layer`);
  const hid = layers[layers.length - 2]!;
  const out = layers[layers.length - 1]!;
  const m = hid.fanOut;
  if (m % 2 !== 0 || out.fanIn % m !== 0) throw new Error(`model ${name}: symmetrized init needs an even last width, got ${m}`);
  const half = m / 2;
  for (let i = 0; i < hid.fanIn; i++) {
    for (let j = 0; j < half; j++) hid.w[i * m + half + j] = hid.w[i * m + j]!;
  }
  if (hid.b) for (let j = 0; j < half; j++) hid.b[half + j] = hid.b[j]!;
  const k = out.fanOut;
  for (let p = 0; p < out.fanIn / m; p++) {
    for (let j = 0; j < half; j++) {
      for (let c = 0; c < k; c++) out.w[(p * m + half + j) * k + c] = -out.w[(p * m + j) * k + c]!;
    }
  }
  if (out.b) out.b.fill(0);
}

/** The initial parameters of a cell's model. */
export function initParams(model: ModelConfig, seed: number): LayerParams[] {
  const layers = drawLayers(model, seed);
  if (model.init.symmetrized) symmetrize(layers, model.name);
  return layers;
}

/** A deep copy (parameters are never shared between stages). */
export function cloneParams(layers: LayerParams[]): LayerParams[] {
  return layers.map((l) => ({ ...l, w: l.w.slice(), b: l.b ? l.b.slice() : null }));
}
