// The float64 layer library against independent implementations: convolution by its textbook
// definition over a zero-padded NCHW array, a dense-only network against src/theory/mlp.ts (and
// its empirical NTK against the per-layer factorized kernel of src/theory/empirical.ts), a 1×1
// convolution on a 1×1 image against a dense layer; plus shape inference and activation patterns.
import { describe, expect, it } from 'vitest';
import { empiricalNtk as mlpNtk } from '../../../src/theory/empirical.js';
import { flattenParams, forward as mlpForward, randomMlp } from '../../../src/theory/mlp.js';
import { activationPattern, compileNetwork, forwardSample } from '../../../src/theory/net/network.js';
import { empiricalNtk, initParams } from '../../../src/theory/net/kernel.js';
import { inferShapes, type LayerSpec, type Shape } from '../../../src/theory/net/spec.js';
import { createRng } from '../../../src/theory/rng.js';

/** Textbook convolution: pad an NCHW copy with zeros, then y[f][oy][ox] = Σ x[c][oy·s+ky][ox·s+kx]·W. */
function naiveConv(x: Float64Array, h: number, w: number, c: number, W: Float64Array, b: Float64Array, k: number, s: number, p: number, f: number, m: number): number[][][] {
  const ph = h + 2 * p, pw = w + 2 * p;
  const padded = Array.from({ length: c }, () => Array.from({ length: ph }, () => new Array<number>(pw).fill(0)));
  for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let ci = 0; ci < c; ci++) padded[ci]![y + p]![xx + p] = x[(y * w + xx) * c + ci]!;
  const oh = Math.floor((ph - k) / s) + 1, ow = Math.floor((pw - k) / s) + 1;
  return Array.from({ length: f }, (_, fi) => Array.from({ length: oh }, (_, oy) => Array.from({ length: ow }, (_, ox) => {
    let sum = b[fi]!;
    for (let ci = 0; ci < c; ci++) for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
      sum += padded[ci]![oy * s + ky]![ox * s + kx]! * W[((ky * k + kx) * c + ci) * f + fi]!;
    }
    return m * sum;
  })));
}

describe('float64 layers against independent implementations', () => {
  it('conv2d equals the textbook definition (stride 2, padding 2, 3 channels)', () => {
    const rng = createRng(11);
    const spec: LayerSpec = { kind: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 2, bias: true, multiplier: 0.6 };
    const net = compileNetwork([spec], { kind: 'image', h: 7, w: 6, c: 3 });
    const w = initParams(net, { weightStd: () => 1, biasStd: 1 }, rng);
    const x = Float64Array.from({ length: 7 * 6 * 3 }, () => rng.normal());
    const got = forwardSample(net, w, x).output;
    const nw = 3 * 3 * 3 * 4;
    const want = naiveConv(x, 7, 6, 3, w.subarray(0, nw), w.subarray(nw), 3, 2, 2, 4, 0.6);
    const oh = want[0]!.length, ow = want[0]![0]!.length;
    expect(got.length).toBe(oh * ow * 4);
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) for (let f = 0; f < 4; f++) {
      expect(Math.abs(got[(oy * ow + ox) * 4 + f]! - want[f]![oy]![ox]!)).toBeLessThan(1e-12);
    }
  });

  it('a dense-only network equals src/theory/mlp.ts, output and empirical NTK (1e-12 relative)', () => {
    const rng = createRng(5);
    const mlp = randomMlp({ inputDim: 4, hidden: [6, 5], outputDim: 1, activation: 'erf', sigmaW: 1.3, sigmaB: 0.4, bias: true, convention: 'variance-in-weights', outputScale: 2.5 }, rng);
    const layers: LayerSpec[] = [];
    mlp.layers.forEach((l, i) => {
      layers.push({ kind: 'dense', units: l.W[0]!.length, bias: true, multiplier: l.multiplier });
      if (i < mlp.layers.length - 1) layers.push({ kind: 'activation', fn: 'erf' });
    });
    const net = compileNetwork(layers, { kind: 'flat', n: 4 }, 2.5);
    const w = flattenParams(mlp); // same order: per layer, W row-major then b
    const X = [[0.3, -1, 0.8, 0.1], [1.1, 0.4, -0.6, -0.2], [-0.5, 0.9, 0.2, 1.4]];
    const ref = mlpForward(mlp, X).output;
    X.forEach((x, i) => expect(forwardSample(net, w, x).output[0]).toBeCloseTo(ref[i]![0]!, 12));
    const got = empiricalNtk(net, w, X), want = mlpNtk(mlp, X);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      expect(Math.abs(got[i]![j]! - want[i]![j]!)).toBeLessThan(1e-12 * Math.abs(want[i]![i]!));
    }
  });

  it('a 1×1 conv on a 1×1 image is a dense layer with the same weights', () => {
    const rng = createRng(8);
    const c = compileNetwork([{ kind: 'conv2d', filters: 3, kernel: 1, stride: 1, padding: 0, bias: true, multiplier: 0.7 }, { kind: 'flatten' }], { kind: 'image', h: 1, w: 1, c: 5 });
    const d = compileNetwork([{ kind: 'dense', units: 3, bias: true, multiplier: 0.7 }], { kind: 'flat', n: 5 });
    const w = initParams(c, { weightStd: () => 1, biasStd: 1 }, rng);
    const x = [0.2, -0.4, 1.5, 0.9, -1.1];
    expect(Array.from(forwardSample(c, w, x).output)).toEqual(Array.from(forwardSample(d, w, x).output));
  });
});

describe('shape inference names the layer and both shapes', () => {
  const img: Shape = { kind: 'image', h: 8, w: 8, c: 3 };
  const err = (layers: LayerSpec[]): string => {
    const r = inferShapes(layers, img);
    if (!('message' in r)) throw new Error('expected a shape error');
    return `${r.path}: ${r.message}`;
  };
  it('infers a VGG-style stack', () => {
    const r = inferShapes([
      { kind: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 1, bias: false, multiplier: 1 },
      { kind: 'maxpool', size: 2, stride: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 10, bias: true, multiplier: 1 },
    ], img);
    expect(r).toEqual([{ kind: 'image', h: 8, w: 8, c: 16 }, { kind: 'image', h: 4, w: 4, c: 16 }, { kind: 'flat', n: 256 }, { kind: 'flat', n: 10 }]);
  });
  it('refuses a dense layer after a conv without flatten', () => {
    expect(err([{ kind: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 1, bias: false, multiplier: 1 }, { kind: 'dense', units: 3, bias: true, multiplier: 1 }]))
      .toBe('layers[1]: a dense layer needs flat input, found an image 8×8×2 (add flatten or global_avgpool before it)');
  });
  it('refuses a pooling that leaves no pixels', () => {
    expect(err([{ kind: 'maxpool', size: 2, stride: 2 }, { kind: 'maxpool', size: 2, stride: 2 }, { kind: 'maxpool', size: 2, stride: 2 }, { kind: 'maxpool', size: 2, stride: 2 }]))
      .toBe('layers[3]: a 2×2 pooling leaves no pixels of a 1×1×3 image');
  });
  it('refuses a residual block whose body and shortcut differ', () => {
    expect(err([{ kind: 'residual', body: [{ kind: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 1, bias: false, multiplier: 1 }], shortcut: [] }]))
      .toContain('layers[0]: the residual body gives 4×4×4 but the shortcut gives 8×8×3');
  });
  it('refuses an image layer on tabular data', () => {
    expect(inferShapes([{ kind: 'maxpool', size: 2, stride: 2 }], { kind: 'flat', n: 10 })).toEqual({ path: 'layers[0]', message: 'maxpool needs an image input, found flat 10 features' });
  });
});

describe('activation pattern', () => {
  it('records ReLU states and max-pool choices, equal to themselves and changed by a weight flip', () => {
    const rng = createRng(3);
    const net = compileNetwork([
      { kind: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 1, bias: false, multiplier: 1 }, { kind: 'activation', fn: 'relu' },
      { kind: 'maxpool', size: 2, stride: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 1, bias: false, multiplier: 1 },
    ], { kind: 'image', h: 4, w: 4, c: 1 });
    const w = initParams(net, { weightStd: () => 1, biasStd: 0 }, rng);
    const x = Float64Array.from({ length: 16 }, () => rng.normal());
    const p0 = activationPattern(net, forwardSample(net, w, x));
    expect(p0.map((a) => a.length)).toEqual([32, 8]);
    const flipped = w.map((v, i) => (i < 18 ? -v : v));
    const p1 = activationPattern(net, forwardSample(net, flipped, x));
    const same = p0[0]!.reduce((s, v, i) => s + (v === p1[0]![i] ? 1 : 0), 0);
    expect(same).toBe(0); // negating the conv weights (no bias) flips the sign of every pre-activation
  });
});
