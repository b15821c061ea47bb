// Inits and parameterizations on layered networks, planned from spec text and checked against
// the float64 reference of src/theory/net: symmetrized init gives an output of exactly 0 (conv,
// pooled, global-average-pooled and dense endings, with biases), in float64 and in tfjs; the NTK
// parameterization keeps the output variance at initialization independent of the width
// (conv fan_in = c·k²); mean_field divides the output layer by its fan_in; custom multipliers and
// bias on/off reach every conv, dense and residual layer.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/run/backend.js';
import { layeredForward, paramTensors } from '../../../src/run/model/layered.js';
import { initParams } from '../../../src/run/model/params.js';
import { compileNetwork, forwardSample } from '../../../src/theory/net/network.js';
import { weightLayers, type LayerSpec } from '../../../src/theory/net/spec.js';
import type { ModelConfig } from '../../../src/plan/cell.js';
import { createRng } from '../../../src/theory/rng.js';
import { planText } from '../../plan/helpers.js';

function model(settings: string, sweep = 'sweep k = [1]'): ModelConfig[] {
  return planText(`experiment e { title = "t" }
${sweep}
data digits {
  source = mnist([3, 8])
  n_train = 8
}
model net {
${settings}
}
train {
  optimizer = sgd(lr: 0.1, batch: 4)
  steps = 1
}
`).cells.map((c) => c.model);
}

/** The flat float64 parameter vector of a cell's initial parameters (the layout src/theory/net uses). */
function flat(m: ModelConfig, seed: number): Float64Array {
  return Float64Array.from(initParams(m, seed).flatMap((l) => [...l.w, ...(l.b ?? [])]));
}

const images = (n: number, seed: number): Float64Array[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: 784 }, () => rng.uniform()));
};

describe('symmetrized init on layered networks', () => {
  const endings = [
    'layers = [conv(4, 3, padding: 1), relu, max_pool(2), conv(6, 3, padding: 1), relu, max_pool(2), flatten]',
    'layers = [conv(4, 3, stride: 2), relu, residual(4), relu, conv(6, 3), relu, global_avg_pool]',
    'layers = [conv(4, 3, stride: 2), relu, flatten, dense(10), tanh]',
  ];
  for (const layers of endings) {
    it(`output exactly 0 at init, float64 and tfjs: ${layers}`, async () => {
      const m = model(`  ${layers}\n  init = symmetrized(normal(std: 0.5))\n  bias = true\n  bias_std = 0.3\n  head = softmax`)[0]!;
      expect(m.layers!.at(-1)).toMatchObject({ kind: 'dense', pairs: expect.any(Number) });
      const net = compileNetwork(m.layers!, m.inputShape!);
      const w = flat(m, 11);
      const xs = images(4, 2);
      for (const x of xs) expect(Array.from(forwardSample(net, w, x).output)).toEqual([0, 0]);
      // The weights themselves are not zero: the zero comes from the pairs.
      const out = initParams(m, 11).at(-1)!;
      expect(out.w.some((v) => v !== 0)).toBe(true);
      await initBackend('wasm');
      const got = tf.tidy(() => layeredForward(net, paramTensors(net, w), tf.tensor2d(Float32Array.from(xs.flatMap((x) => [...x])), [4, 784])).output.dataSync());
      expect(Array.from(got).every((v) => v === 0)).toBe(true);
    });
  }
});

describe('parameterizations on layered networks', () => {
  it('ntk: output variance at initialization does not depend on the width k (conv fan_in = c·k²)', () => {
    // Var f(x) over draws of N(0, 1) weights, at widths 2 and 16: equal in expectation under NTK
    // multipliers. With 400 draws the sample variance has relative std ≈ √(2/400) ≈ 7 %; ±30 %
    // is four of those, while standard multipliers would differ by the width ratio (8×).
    const ms = model('  layers = [conv(2 * k, 3, padding: 1), relu, max_pool(2), conv(2 * k, 3, padding: 1), relu, global_avg_pool]\n  parameterization = ntk', 'sweep k = [1, 8]');
    const x = images(1, 5)[0]!;
    const variance = (m: ModelConfig): number => {
      const net = compileNetwork(m.layers!, m.inputShape!);
      const f = Array.from({ length: 400 }, (_, s) => forwardSample(net, flat(m, 100 + s), x).output[0]!);
      const mean = f.reduce((a, b) => a + b, 0) / f.length;
      return f.reduce((a, b) => a + (b - mean) ** 2, 0) / (f.length - 1);
    };
    const conv1 = weightLayers(ms[1]!.layers!, ms[1]!.inputShape!)[1]!;
    expect(conv1.spec.multiplier).toBeCloseTo(1 / Math.sqrt(16 * 9), 12);
    const ratio = variance(ms[1]!) / variance(ms[0]!);
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.3);
  });

  it('mean_field: the output layer is multiplied by 1/fan_in, every other layer by 1', () => {
    const m = model('  layers = [conv(6, 3), relu, global_avg_pool, dense(10), relu]\n  parameterization = mean_field')[0]!;
    expect(weightLayers(m.layers!, m.inputShape!).map((l) => l.spec.multiplier)).toEqual([1, 1, 1 / 10]);
  });

  it('custom multipliers and bias reach every conv and dense layer, residual bodies and shortcuts included', () => {
    const m = model('  layers = [conv(2, 3), relu, residual(4, stride: 2), relu, global_avg_pool]\n  parameterization = custom\n  multipliers = [0.5, 0.25, 0.125, 2, 3]\n  bias = true')[0]!;
    const ws = weightLayers(m.layers!, m.inputShape!).map((l) => l.spec as Extract<LayerSpec, { kind: 'conv2d' | 'dense' }>);
    expect(ws.map((l) => [l.kind, l.multiplier, l.bias])).toEqual([
      ['conv2d', 0.5, true], ['conv2d', 0.25, true], ['conv2d', 0.125, true], ['conv2d', 2, true], ['dense', 3, true],
    ]);
    // Against the float64 reference: the output is linear in the output layer's multiplier.
    const net = compileNetwork(m.layers!, m.inputShape!);
    const w = flat(m, 3);
    const x = images(1, 9)[0]!;
    const doubled = compileNetwork([...m.layers!.slice(0, -1), { ...(m.layers!.at(-1) as Extract<LayerSpec, { kind: 'dense' }>), multiplier: 6 }], m.inputShape!);
    expect(forwardSample(doubled, w, x).output[0]).toBeCloseTo(2 * forwardSample(net, w, x).output[0]!, 12);
    const none = model('  layers = [conv(2, 3), relu, residual(4, stride: 2), relu, global_avg_pool]\n  bias = false')[0]!;
    expect(weightLayers(none.layers!, none.inputShape!).every((l) => !l.spec.bias)).toBe(true);
    expect(compileNetwork(none.layers!, none.inputShape!).paramCount).toBe(net.paramCount - (2 + 4 + 4 + 4 + 1));
  });
});
