// The host executor's gradient (forwardHost → hostLoss → backwardHost) against a float64 central
// finite difference of the training objective F = L(α·(h − h0))/α², computed by an independent
// float64 forward pass written from the convention z_l = c_l·(a_{l−1} W_l + b_l) (RESULTS.md),
// for every activation × loss, with bias, two hidden layers, symmetrized init and a frozen copy.
// Also: a symmetrized network's output is exactly 0 at initialization. Skips without a BLAS.

import { describe, expect, test } from 'vitest';
import type { Activation, Loss } from '../../../src/plan/cell.js';
import { activateScalar } from '../../../src/run/model/activations.js';
import { initParams } from '../../../src/run/model/params.js';
import { findBlas, type Blas } from '../../../src/run/native/blas.js';
import { lossValue } from '../../../src/run/train/loss.js';
import { hostLoss } from '../../../src/run/train/host-loss.js';
import { backwardHost, forwardHost, makeWorkspace, paramCount, paramViews, workspaceLengths, type HostNet } from '../../../src/run/train/host-net.js';
import { Arena } from '../../../src/run/train/host-simd.js';
import { makeCell } from '../helpers.js';

const found = await findBlas();
const blas: Blas | null = typeof found === 'string' ? null : found;
const skipReason = typeof found === 'string' ? ` (skipped: ${found})` : '';
if (skipReason) console.warn(`native path tests skipped: ${found}`);

/** Deterministic values in [lo, hi). */
function uniform(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * ((s = (s * 16807) % 2147483647) / 2147483647));
}

interface Problem { net: HostNet; loss: Loss; alpha: number; n: number; x: Float64Array; y: Float64Array; h0: Float32Array | null; w: Float32Array }

/** F(w) in float64, from the raw input: layer by layer, no folding of multipliers. */
function objective(p: Problem, w: Float64Array): number {
  const { dims, mult, act, bias } = p.net;
  let a = Array.from({ length: p.n }, (_, i) => Array.from(p.x.subarray(i * dims[0]!, (i + 1) * dims[0]!)));
  let o = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    const fanIn = dims[l]!, fanOut = dims[l + 1]!, W = o, B = o + fanIn * fanOut;
    o = B + (bias ? fanOut : 0);
    a = a.map((row) => Array.from({ length: fanOut }, (_, j) => {
      let s = bias ? w[B + j]! : 0;
      for (let q = 0; q < fanIn; q++) s += row[q]! * w[W + q * fanOut + j]!;
      const z = mult[l]! * s;
      return l + 2 < dims.length ? activateScalar(act, z) : z;
    }));
  }
  const k = dims[dims.length - 1]!;
  const f = a.flat().map((h, i) => p.alpha * (h - (p.h0 ? p.h0[i]! : 0)));
  return lossValue(p.loss, f, p.y, k) / (p.alpha * p.alpha);
}

/** ∂F/∂w from the host executor, for the float32 parameters p.w; with `simd`, buffers in an arena (ReLU: the SIMD kernels). */
function hostGradient(p: Problem, simd = false): Float32Array {
  const k = p.net.dims[p.net.dims.length - 1]!;
  const arena = simd ? new Arena(Arena.size([p.w.length, p.w.length, p.n * k, ...workspaceLengths(p.net, p.n)])) : null;
  const alloc = (n: number): Float32Array => (arena ? arena.alloc(n) : new Float32Array(n));
  const params = paramViews(p.net, alloc(p.w.length)), g = paramViews(p.net, alloc(p.w.length));
  params.flat.set(p.w);
  const ws = makeWorkspace(p.net, p.n, arena ?? undefined);
  expect(ws.simd !== null).toBe(simd && p.net.act === 'relu');
  const x0 = Float32Array.from(p.x, (v) => p.net.mult[0]! * v);
  forwardHost(p.net, blas!, params, x0, p.n, ws);
  const dh = alloc(p.n * k);
  hostLoss(p.loss, ws.h, p.h0, Float32Array.from(p.y), p.n, k, p.alpha, dh);
  backwardHost(p.net, blas!, params, x0, p.n, ws, dh, g);
  return g.flat;
}

function problem(act: Activation, loss: Loss, over: { symmetrized?: boolean; alpha?: number; frozen?: boolean; k?: number } = {}): Problem {
  const k = over.k ?? (loss === 'cross_entropy' ? 3 : 1), n = 6;
  const hidden = over.symmetrized ? [6] : [5, 4];
  const net: HostNet = { dims: [3, ...hidden, k], act, mult: over.symmetrized ? [0.7, 1 / 6] : [0.6, 0.5, 0.4], bias: !over.symmetrized, symmetrized: Boolean(over.symmetrized) };
  const cell = makeCell({
    model: {
      inputDim: 3, hidden, outputDim: k, activation: act, bias: net.bias, biasStd: 0.5, multipliers: net.mult,
      init: { layers: net.dims.slice(1).map(() => ({ kind: 'normal' as const, std: 1 })), symmetrized: net.symmetrized, frozenCopy: false },
    },
  });
  const w = new Float32Array(paramCount(net));
  let o = 0;
  for (const l of initParams(cell.model, 3)) { w.set(l.w, o); o += l.w.length; if (l.b) { w.set(l.b, o); o += l.b.length; } }
  const x = uniform(n * 3, 11);
  const y = loss === 'mse' ? uniform(n * k, 5) : loss === 'bce' ? uniform(n, 5).map((v) => (v > 0 ? 1 : 0))
    : Float64Array.from({ length: n * k }, (_, i) => (i % k === Math.floor(i / k) % k ? 1 : 0));
  const h0 = over.frozen ? Float32Array.from(uniform(n * k, 23, -0.5, 0.5)) : null;
  return { net, loss, alpha: over.alpha ?? 1, n, x, y, h0, w };
}

/**
 * Tolerance: the host gradient is float32 (sums of ≤ 6 products per entry, ε = 6e-8); the
 * central difference with step 1e-6 in float64 is exact to about 1e-9 (truncation ~ step²·F''',
 * roundoff ~ 1e-16/step). 1e-5 of the largest gradient entry is far above both and far below
 * any real error (a missing multiplier or activation derivative changes entries by O(1)).
 */
function expectGradient(p: Problem, simd = false): void {
  const g = hostGradient(p, simd);
  const w = Float64Array.from(p.w), eps = 1e-6;
  const fd = Array.from(w, (_, i) => {
    const plus = w.slice(), minus = w.slice();
    plus[i] = w[i]! + eps;
    minus[i] = w[i]! - eps;
    return (objective(p, plus) - objective(p, minus)) / (2 * eps);
  });
  const scale = Math.max(...fd.map(Math.abs));
  expect(scale).toBeGreaterThan(1e-3);
  fd.forEach((d, i) => expect(Math.abs(g[i]! - d), `parameter ${i}: host ${g[i]} fd ${d}`).toBeLessThanOrEqual(1e-5 * scale));
}

describe.skipIf(!blas)(`host gradient against a float64 finite difference${skipReason}`, () => {
  for (const act of ['relu', 'tanh', 'erf', 'sigmoid', 'gelu', 'identity'] as Activation[]) {
    for (const loss of ['mse', 'bce', 'cross_entropy'] as Loss[]) {
      test(`${act} × ${loss}, two hidden layers with bias`, () => expectGradient(problem(act, loss)));
    }
  }
  test('ReLU on the SIMD kernels: one output (fused rows), three outputs (mask kernel), symmetrized, frozen copy', () => {
    expectGradient(problem('relu', 'mse'), true);
    expectGradient(problem('relu', 'bce', { frozen: true, alpha: 3 }), true);
    expectGradient(problem('relu', 'cross_entropy'), true);
    expectGradient(problem('relu', 'mse', { symmetrized: true }), true);
    expectGradient(problem('relu', 'cross_entropy', { symmetrized: true }), true);
  });
  test('mse with two outputs', () => expectGradient(problem('tanh', 'mse', { k: 2 })));
  test('symmetrized, one output and three', () => {
    expectGradient(problem('relu', 'mse', { symmetrized: true }));
    expectGradient(problem('tanh', 'cross_entropy', { symmetrized: true }));
  });
  test('frozen copy with α = 0.3 and α = 5', () => {
    expectGradient(problem('sigmoid', 'mse', { frozen: true, alpha: 0.3 }));
    expectGradient(problem('relu', 'bce', { frozen: true, alpha: 5 }));
  });

  test('a symmetrized network outputs exactly 0 at initialization (widths of the benchmarks, n = 1000)', () => {
    for (const [m, k] of [[50, 1], [256, 1], [1024, 1], [10, 3], [64, 2]] as const) {
      const cell = makeCell({ model: { inputDim: 20, hidden: [m], outputDim: k, multipliers: [1, 1 / m], init: { layers: [{ kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }], symmetrized: true, frozenCopy: false } } });
      const net: HostNet = { dims: [20, m, k], act: 'relu', mult: [1, 1 / m], bias: false, symmetrized: true };
      const flat = new Float32Array(paramCount(net));
      let o = 0;
      for (const l of initParams(cell.model, 1)) { flat.set(l.w, o); o += l.w.length; }
      const x = Float32Array.from(uniform(1000 * 20, 9));
      for (const simd of [false, true]) {
        const arena = simd ? new Arena(Arena.size([flat.length, ...workspaceLengths(net, 1000)])) : undefined;
        const p = paramViews(net, arena ? arena.alloc(flat.length) : flat.slice());
        p.flat.set(flat);
        const ws = makeWorkspace(net, 1000, arena);
        forwardHost(net, blas!, p, x, 1000, ws);
        expect(ws.h.every((v) => v === 0), `m = ${m}, k = ${k}, simd ${simd}`).toBe(true);
        expect(ws.a[0]!.some((v) => v !== 0)).toBe(true);
      }
    }
  });
});
