// κ for layered networks against a float64 brute force on tiny nets of every layer kind: the
// full Hessian of <u, h> by central differences (step 1e-6) of the exact float64 gradient
// (src/theory/net vjpSample), its spectral norm by eigendecomposition; λ_max(J Jᵀ) of the full
// nK-row float64 Jacobian; κ from those. Tolerance 1e-3 relative for ‖Dh‖², ‖D²h‖ and κ: the
// bound in laziness-layered.ts (float32 central differences, step 1e-3·‖w0‖, on the
// frozen-pattern network) is ~1e-3; measured errors are ~1e-5. Without frozen patterns the step
// crosses ReLU kinks and the VGG-style case errs by far more. Then κ through trainCell, and its guard.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ModelConfig, RunCell } from '../../../src/plan/cell.js';
import { initBackend } from '../../../src/run/backend.js';
import { layerShapes, type LayerParams } from '../../../src/run/model/params.js';
import { jacobianNormSq, KAPPA_STEP, layeredFrozenModel, layeredKappa } from '../../../src/run/measure/laziness-layered.js';
import { planMeasurements, trainCell } from '../../../src/run/train/trainCell.js';
import { hessianNormAlong } from '../../../src/theory/laziness.js';
import { gram, norm2, symmetricEigen } from '../../../src/theory/linalg.js';
import { initParams, jacobian } from '../../../src/theory/net/kernel.js';
import { compileNetwork, forwardSample, outputSize, vjpSample } from '../../../src/theory/net/network.js';
import { shapeSize } from '../../../src/theory/net/spec.js';
import { createRng } from '../../../src/theory/rng.js';
import { CASES } from '../model/layered-cases.js';
import { cnnCell } from './layered-cells.js';

beforeAll(async () => { await initBackend('wasm'); });

/** The engine's per-layer parameters from a flat theory vector (W then b per weight layer). */
function toLayers(model: ModelConfig, w: Float64Array): LayerParams[] {
  let o = 0;
  const bias = (l: number): boolean => {
    const specs: { bias: boolean }[] = [];
    const walk = (ls: NonNullable<ModelConfig['layers']>): void => ls.forEach((s) => {
      if (s.kind === 'dense' || s.kind === 'conv2d') specs.push(s);
      if (s.kind === 'residual') { walk(s.body); walk(s.shortcut); }
    });
    walk(model.layers!);
    return specs[l]!.bias;
  };
  return layerShapes(model).map(({ fanIn, fanOut }, l) => {
    const W = Float32Array.from(w.subarray(o, (o += fanIn * fanOut)));
    return { fanIn, fanOut, w: W, b: bias(l) ? Float32Array.from(w.subarray(o, (o += fanOut))) : null };
  });
}

describe('κ of layered networks = float64 brute force', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const rng = createRng(8);
      const net = compileNetwork(c.layers, c.input);
      const w = Float64Array.from(initParams(net, { weightStd: (fi) => 1.4 / Math.sqrt(fi), biasStd: 0.3 }, rng), (v) => Math.fround(v));
      const n = 4, size = shapeSize(c.input), K = outputSize(net), alpha = 2;
      const xs = Array.from({ length: n }, () => Float64Array.from({ length: size }, () => Math.fround(rng.normal())));
      const y = Float32Array.from({ length: n * K }, () => rng.normal());
      const model = { name: 't', layers: c.layers, inputShape: c.input, outputDim: K, outputScale: alpha, init: { frozenCopy: false } } as unknown as ModelConfig;
      // float64 reference
      const h = xs.flatMap((x) => Array.from(forwardSample(net, w, x).output));
      const r = h.map((v, i) => alpha * v - y[i]!);
      const u = r.map((v) => v / norm2(r));
      const grad = (wv: Float64Array): Float64Array => {
        const g = new Float64Array(wv.length);
        xs.forEach((x, i) => vjpSample(net, wv, forwardSample(net, wv, x), u.slice(i * K, (i + 1) * K)).params.forEach((v, j) => { g[j]! += v; }));
        return g;
      };
      const H = Array.from({ length: w.length }, (_, j) => {
        const e = 1e-6, p = w.slice(), m = w.slice();
        p[j]! += e; m[j]! -= e;
        const gp = grad(p), gm = grad(m);
        return gp.map((v, i) => (v - gm[i]!) / (2 * e));
      });
      const hessNorm = Math.max(...symmetricEigen(H).values.map(Math.abs));
      const J = Array.from({ length: K }, (_, k) => jacobian(net, w, xs, k)).flatMap((rows, k) => rows.map((row, i) => ({ row, at: i * K + k }))).sort((a, b) => a.at - b.at).map((e) => e.row);
      const lambdaMax = Math.max(...symmetricEigen(gram(J)).values);
      const kappaRef = (norm2(r) / alpha) * hessNorm / lambdaMax;
      // tfjs, float32
      const layers = toLayers(model, w);
      const pts = { x: Float32Array.from(xs.flatMap((x) => Array.from(x))), n };
      const m = layeredFrozenModel(model, layers, pts);
      try {
        expect(Math.abs(jacobianNormSq(m, w, 300, 3, 1e-8) / lambdaMax - 1)).toBeLessThan(1e-3);
        const eps = (KAPPA_STEP * norm2(w)) / Math.max(1, norm2(w) / Math.sqrt(w.length));
        const hn = hessianNormAlong(m, w, u, { epsilon: eps, maxIterations: 300, tolerance: 1e-8, seed: 3 }).norm;
        expect(Math.abs(hn / hessNorm - 1)).toBeLessThan(1e-3);
      } finally {
        m.dispose();
      }
      const before = tf.memory().numTensors;
      const kappa = layeredKappa({ model, seed: 3 } as RunCell, layers, { ...pts, y }, 300, 1e-8);
      expect(tf.memory().numTensors).toBe(before);
      expect(Math.abs(kappa / kappaRef - 1)).toBeLessThan(1e-3);
    });
  }
});

describe('kappa through trainCell', () => {
  test('recorded once at step 0, finite and positive; κ falls like 1/α with a frozen copy (h(w0) = 0 so κ = ‖y‖‖D²h‖/(α‖Dh‖²))', async () => {
    const at = async (alpha: number): Promise<number> => {
      const r = await trainCell(cnnCell(3, { alpha, measure: [{ name: 'kappa', options: { iterations: 30 } }] }), await initBackend('wasm'));
      expect(r.notes).toEqual([]);
      const k = r.records.filter((x) => x.measurement === 'kappa');
      expect(k.map((x) => x.step)).toEqual([0]);
      return k[0]!.value!;
    };
    const k1 = await at(1), k10 = await at(10);
    expect(k1).toBeGreaterThan(0);
    expect(Math.abs((k1 / k10) / 10 - 1)).toBeLessThan(1e-6);
  });

  test('over the budget it is skipped with the reason', () => {
    const cell = cnnCell(3, { nTrain: 10000, measure: [{ name: 'kappa', options: { iterations: 200 } }] });
    expect(planMeasurements(cell).notes[0]).toMatch(/^skipped measurement kappa: κ would need [\d.e+]+ multiply–adds \(budget 4e\+10\)/);
  });
});
