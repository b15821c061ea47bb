// The tf factorized empirical NTK against the float64 brute-force Jacobian contraction of
// src/theory (J Jᵀ, itself checked against finite differences there), for every activation,
// parameterization and bias setting; and the tf brute-force contraction against the factorization.
// Tolerance: relative Frobenius error ≤ 2e-5 (float32 sums of ≤ 100 terms of size O(1));
// gelu uses the erf form on both sides. Every check runs on the cpu backend and, when a BLAS
// loads, on the native matrix path (where ntk-native.ts computes the kernels without tensors).

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Activation, ModelConfig } from '../../../src/plan/cell.js';
import { initBackend, type MatmulRequest } from '../../../src/run/backend.js';
import type { BackendName } from '../../../src/run/results.js';
import { findBlas } from '../../../src/run/native/blas.js';
import { initParams } from '../../../src/run/model/params.js';
import { rowsOf, toTheoryMlp } from '../../../src/run/measure/common.js';
import { ntkBruteForce, ntkFactorized, ntkFactorizedLayers } from '../../../src/run/measure/ntk-tf.js';
import { empiricalNtkLayers } from '../../../src/theory/empirical.js';
import { kernelSpectrum } from '../../../src/theory/linearize.js';
import { jacobianNtk } from '../../../src/theory/empirical.js';
import { frobenius, frobeniusDiff } from '../../../src/theory/linalg.js';
import { makeCell } from '../helpers.js';


const relErr = (a: ArrayLike<number>[], b: ArrayLike<number>[]): number => frobeniusDiff(a, b) / frobenius(b);

function model(act: Activation, param: 'standard' | 'ntk' | 'mean_field', bias: boolean, outputDim = 1, alpha = 1.7): ModelConfig {
  const d = 4, hidden = [6, 5];
  const fans = [d, ...hidden];
  const multipliers = param === 'standard' ? [1, 1, 1] : param === 'ntk' ? fans.map((f) => 1 / Math.sqrt(f)) : [1, 1, 1 / 5];
  const std = param === 'standard' ? 0.6 : 1;
  return makeCell({ model: {
    inputDim: d, hidden, outputDim, activation: act, bias, biasStd: 0.4, parameterization: param, multipliers,
    outputScale: alpha, init: { layers: [0, 1, 2].map(() => ({ kind: 'normal' as const, std })), symmetrized: false, frozenCopy: false },
  } }).model;
}

function points(n: number, d: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n * d }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

const ACTS: Activation[] = ['relu', 'tanh', 'erf', 'sigmoid', 'gelu', 'identity'];

const blas = await findBlas();
if (typeof blas === 'string') console.warn(`native path NTK checks skipped: ${blas}`);
const PATHS: [BackendName, MatmulRequest | null][] = [['cpu', null], ...(typeof blas === 'string' ? [] : [['wasm', 'native'] as [BackendName, MatmulRequest]])];

describe.each(PATHS)('on %s/%s', (backendName, matmul) => {
  beforeAll(async () => { await initBackend(backendName, matmul); });

  describe('factorized NTK = float64 Jacobian contraction', () => {
    for (const act of ACTS) for (const param of ['standard', 'ntk', 'mean_field'] as const) for (const bias of [false, true]) {
      test(`${act}/${param}/bias=${bias}`, () => {
        const m = model(act, param, bias);
        const params = initParams(m, 3);
        const n = 7;
        const x = points(n, m.inputDim, 11);
        const fact = ntkFactorized(m, params, { x, n });
        const brute = jacobianNtk(toTheoryMlp(m, params), rowsOf(x, n, m.inputDim));
        expect(relErr(fact, brute)).toBeLessThan(2e-5);
      });
    }
  });

  test('multi-output: the trace kernel is the sum of the per-output float64 kernels; cross kernels Θ(x*, X)', () => {
    const m = model('tanh', 'ntk', true, 3, 0.8);
    const params = initParams(m, 5);
    const a = { x: points(5, 4, 3), n: 5 }, b = { x: points(4, 4, 9), n: 4 };
    const mlp = toTheoryMlp(m, params);
    const xa = rowsOf(a.x, 5, 4), xb = rowsOf(b.x, 4, 4);
    const perUnit = [0, 1, 2].map((k) => jacobianNtk(mlp, xa, xb, k));
    const trace = perUnit[0]!.map((r, i) => r.map((_, j) => perUnit[0]![i]![j]! + perUnit[1]![i]![j]! + perUnit[2]![i]![j]!));
    expect(relErr(ntkFactorized(m, params, a, b), trace)).toBeLessThan(2e-5);
    const unit1 = perUnit[1]!;
    expect(relErr(ntkFactorized(m, params, a, b, { kind: 'unit', k: 1 }), unit1)).toBeLessThan(2e-5);
  });

  test('symmetrized init: the kernel of the paired network matches the float64 contraction', () => {
    const base = model('relu', 'ntk', false);
    const m = { ...base, hidden: [6, 6], multipliers: [0.5, 1 / Math.sqrt(6), 1 / Math.sqrt(6)], init: { ...base.init, symmetrized: true } };
    const params = initParams(m, 2);
    const x = points(6, 4, 5);
    const brute = jacobianNtk(toTheoryMlp(m, params), rowsOf(x, 6, 4));
    expect(relErr(ntkFactorized(m, params, { x, n: 6 }), brute)).toBeLessThan(2e-5);
  });

  test('tf brute-force Jacobian contraction (blocks of 3 points) = factorization, no tensor leak', () => {
    const m = model('erf', 'ntk', true);
    const params = initParams(m, 4);
    const x = points(8, 4, 2);
    const before = tf.memory().numTensors;
    const brute = ntkBruteForce(m, params, { x, n: 8 }, 0, 3);
    const fact = ntkFactorized(m, params, { x, n: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(relErr(brute, fact)).toBeLessThan(2e-5);
  });

  test('per-layer kernels: each matches the float64 layer term, they sum to the NTK, Σ λ_min ≤ λ_min', () => {
    for (const bias of [false, true]) {
      const m = model('relu', 'ntk', bias);
      const params = initParams(m, 4);
      const n = 9;
      const x = points(n, m.inputDim, 5);
      const layers = ntkFactorizedLayers(m, params, { x, n });
      const exact = empiricalNtkLayers(toTheoryMlp(m, params), rowsOf(x, n, m.inputDim));
      expect(layers.length).toBe(exact.length);
      layers.forEach((l, i) => expect(relErr(l, exact[i]!)).toBeLessThan(2e-5));
      const full = ntkFactorized(m, params, { x, n });
      const sum = layers[0]!.map((row, i) => row.map((_, j) => layers.reduce((s, l) => s + l[i]![j]!, 0)));
      expect(relErr(sum, full)).toBeLessThan(1e-6);
      const bound = layers.reduce((s, l) => s + kernelSpectrum(l).lambdaMin, 0);
      expect(bound).toBeLessThanOrEqual(kernelSpectrum(full).lambdaMin * (1 + 1e-6));
    }
  });
});

describe.skipIf(typeof blas === 'string')('native path', () => {
  test('the same kernel bit for bit on every call; Θ(a, a) by sgemm = Θ(a) by ssyrk; symmetric exactly', async () => {
    await initBackend('wasm', 'native');
    const m = { ...model('relu', 'ntk', true, 2), hidden: [40, 30] };
    m.multipliers = [0.5, 1 / Math.sqrt(40), 1 / Math.sqrt(30)];
    const params = initParams(m, 6);
    const n = 33, x = points(n, 4, 8);
    const k1 = ntkFactorized(m, params, { x, n }), k2 = ntkFactorized(m, params, { x, n });
    expect(k2.map((r) => Array.from(r))).toEqual(k1.map((r) => Array.from(r)));
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(k1[i]![j]).toBe(k1[j]![i]);
    // Tolerance: sgemm and ssyrk sum the same ≤ 40 float32 products in another order.
    expect(relErr(ntkFactorized(m, params, { x, n }, { x, n }), k1)).toBeLessThan(1e-6);
    await initBackend('cpu');
  });
});
