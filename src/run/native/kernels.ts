// Native matrix products on the wasm backend: BatchMatMul and _FusedMatMul are re-registered so
// that they read their operands straight from the wasm heap and let the native sgemm write the
// output tensor there (no copies). Transposes are sgemm flags. The convolutions (conv.ts) ride
// along: Conv2D, its input gradient, and a Conv2DBackpropFilter the wasm backend lacks. What the native kernel does not
// cover (non-float32, broadcasting other than 1-vs-many, fused activations other than linear and
// relu, prelu weights) goes to the original wasm kernel.

import * as tf from '@tensorflow/tfjs-core';
import type { Blas } from './blas.js';
import { nativeConv2D, nativeConv2DBackpropFilter, nativeConv2DBackpropInput, type ConvArgs } from './conv.js';

const KERNELS = ['BatchMatMul', '_FusedMatMul', 'Conv2D', 'Conv2DBackpropInput'] as const;
/** Registered only while the native path is on (the wasm backend has none of its own). */
const FILTER_GRAD = 'Conv2DBackpropFilter';
type KernelName = (typeof KERNELS)[number];

/** The part of tfjs-backend-wasm's BackendWasm this file uses. */
interface WasmBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  wasm: { HEAPU8: Uint8Array };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

interface KernelArgs {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}

/** The wasm backend's own kernels, kept to fall back on and to restore. */
const originals = new Map<KernelName, tf.KernelConfig>();

/** The BLAS this thread's products run through, null while wasm's own kernels are installed. */
let active: Blas | null = null;

/**
 * The BLAS this thread's matrix products run through now, or null (wasm's kernels, or another
 * backend). Callers arrange work for it: transposes as product flags (free in sgemm, slow on
 * XNNPACK), or products it can do better called directly.
 */
export function nativeBlas(): Blas | null {
  // The kernels stay registered for wasm when another backend is started after them.
  return active && tf.getBackend() === 'wasm' ? active : null;
}

/** True when matMul runs through the native BLAS: transpose flags cost nothing there. */
export function nativeProductsActive(): boolean {
  return nativeBlas() !== null;
}

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** A Float32Array over a tensor's bytes in the wasm heap (read after every allocation: the heap may grow). */
function heapView(backend: WasmBackend, t: tf.TensorInfo): Float32Array {
  const { memoryOffset } = backend.dataIdMap.get(t.dataId);
  return new Float32Array(backend.wasm.HEAPU8.buffer, memoryOffset, size(t.shape));
}

interface Dims { m: number; n: number; k: number; batchA: number; batchB: number; outShape: number[] }

/** Shapes of a (batched) product, or null when the native kernel does not cover it. */
function productDims(a: tf.TensorInfo, b: tf.TensorInfo, tA: boolean, tB: boolean): Dims | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const ra = a.shape.length, rb = b.shape.length;
  const m = tA ? a.shape[ra - 1]! : a.shape[ra - 2]!, k = tA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kb = tB ? b.shape[rb - 1]! : b.shape[rb - 2]!, n = tB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batchA = size(a.shape.slice(0, -2)), batchB = size(b.shape.slice(0, -2));
  if (k !== kb || (batchA !== batchB && batchA !== 1 && batchB !== 1)) return null;
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (size(outer) !== Math.max(batchA, batchB)) return null;
  return { m, n, k, batchA, batchB, outShape: [...outer, m, n] };
}

/** C[i] = op(A[i])·op(B[i]) for every batch entry, written into a new wasm tensor. */
function nativeProduct(blas: Blas, backend: WasmBackend, a: tf.TensorInfo, b: tf.TensorInfo, tA: boolean, tB: boolean, d: Dims): tf.TensorInfo {
  const out = backend.makeOutput(d.outShape, 'float32');
  const { m, n, k } = d;
  if (m * n === 0) return out;
  const C = heapView(backend, out);
  if (k === 0) {
    C.fill(0);
    return out;
  }
  const A = heapView(backend, a), B = heapView(backend, b);
  const lda = tA ? m : k, ldb = tB ? k : n;
  for (let i = 0, batch = Math.max(d.batchA, d.batchB); i < batch; i++) {
    const ai = d.batchA === 1 ? 0 : i, bi = d.batchB === 1 ? 0 : i;
    blas.sgemm(tA, tB, m, n, k, A.subarray(ai * m * k, (ai + 1) * m * k), lda, B.subarray(bi * k * n, (bi + 1) * k * n), ldb, 0, C.subarray(i * m * n, (i + 1) * m * n), n);
  }
  return out;
}

function fallback(name: KernelName, args: KernelArgs): tf.TensorInfo {
  return originals.get(name)!.kernelFunc(args as never) as tf.TensorInfo;
}

function batchMatMul(blas: Blas, args: KernelArgs): tf.TensorInfo {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const tA = Boolean(args.attrs['transposeA']), tB = Boolean(args.attrs['transposeB']);
  const d = productDims(a, b, tA, tB);
  return d ? nativeProduct(blas, args.backend, a, b, tA, tB, d) : fallback('BatchMatMul', args);
}

/** The product, then the bias (rank 1, broadcast over rows) and relu in place, as the wasm kernel does. */
function fusedMatMul(blas: Blas, args: KernelArgs): tf.TensorInfo {
  const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const activation = args.attrs['activation'] ?? 'linear';
  const tA = Boolean(args.attrs['transposeA']), tB = Boolean(args.attrs['transposeB']);
  const d = productDims(a!, b!, tA, tB);
  const biasOk = !bias || (bias.dtype === 'float32' && bias.shape.length === 1 && (bias.shape[0] === 1 || bias.shape[0] === d?.n));
  if (!d || preluActivationWeights || !biasOk || (activation !== 'linear' && activation !== 'relu')) return fallback('_FusedMatMul', args);
  const out = nativeProduct(blas, args.backend, a!, b!, tA, tB, d);
  const C = heapView(args.backend, out);
  const beta = bias ? heapView(args.backend, bias) : null;
  for (let i = 0; i < C.length; i++) {
    let v = beta ? C[i]! + beta[beta.length === 1 ? 0 : i % d.n]! : C[i]!;
    if (activation === 'relu' && v < 0) v = 0;
    C[i] = v;
  }
  return out;
}

function keepOriginals(): void {
  for (const name of KERNELS) {
    if (originals.has(name)) continue;
    const k = tf.getKernel(name, 'wasm');
    if (!k) throw new Error(`the wasm backend has no ${name} kernel to replace`);
    originals.set(name, k);
  }
}

/** Route this thread's wasm matrix products through `blas` (idempotent). */
export function useNativeMatMul(blas: Blas): void {
  keepOriginals();
  const impl: Record<KernelName, (args: KernelArgs) => tf.TensorInfo> = {
    BatchMatMul: (args) => batchMatMul(blas, args),
    _FusedMatMul: (args) => fusedMatMul(blas, args),
    Conv2D: (args) => nativeConv2D(blas, args as ConvArgs, () => fallback('Conv2D', args)),
    Conv2DBackpropInput: (args) => nativeConv2DBackpropInput(blas, args as ConvArgs, () => fallback('Conv2DBackpropInput', args)),
  };
  for (const name of KERNELS) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: impl[name] as never });
  }
  active = blas;
  if (tf.getKernel(FILTER_GRAD, 'wasm')) tf.unregisterKernel(FILTER_GRAD, 'wasm');
  tf.registerKernel({ kernelName: FILTER_GRAD, backendName: 'wasm', kernelFunc: ((args: ConvArgs) => nativeConv2DBackpropFilter(blas, args)) as never });
}

/** Whether the wasm backend's convolution filter gradient runs natively (src/run/model/layered.ts uses it then). */
export function nativeConvActive(): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(FILTER_GRAD, 'wasm') !== undefined;
}

/** Back to the wasm backend's own kernels (a no-op when they were never replaced). */
export function useWasmMatMul(): void {
  active = null;
  for (const name of KERNELS) {
    const k = originals.get(name);
    if (!k) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(k);
  }
  if (originals.size && tf.getKernel(FILTER_GRAD, 'wasm')) tf.unregisterKernel(FILTER_GRAD, 'wasm');
}
