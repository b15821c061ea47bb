// Native convolutions on the wasm backend: Conv2D, Conv2DBackpropInput and (which the wasm
// backend lacks) Conv2DBackpropFilter as im2col + the native sgemm, reading operands from and
// writing results into the wasm heap, as many samples per product as a 32 MiB column buffer
// (rows oh·ow per sample × k·k·c_in, in JS memory, not the wasm heap) holds. NHWC float32 with dilation 1; anything
// else goes to the original wasm kernel. Each sample's product runs in a fixed order on one
// thread, so results are bitwise reproducible.
import * as tf from '@tensorflow/tfjs-core';
import type { Blas } from './blas.js';

/** The part of tfjs-backend-wasm's BackendWasm this file uses. */
export interface WasmBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  wasm: { HEAPU8: Uint8Array };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

export interface ConvArgs {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}

type Info = tf.backend_util.Conv2DInfo;

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** A Float32Array over a tensor's bytes in the wasm heap (taken after every allocation: the heap may grow). */
export function heapView(backend: WasmBackend, t: tf.TensorInfo): Float32Array {
  const { memoryOffset } = backend.dataIdMap.get(t.dataId);
  return new Float32Array(backend.wasm.HEAPU8.buffer, memoryOffset, size(t.shape));
}

/** The convolution's geometry, or null when the native kernels do not cover it. */
function convInfo(xShape: number[], filterShape: number[], attrs: Record<string, unknown>): Info | null {
  const format = (attrs['dataFormat'] ?? 'NHWC') as string;
  if (format !== 'NHWC' && format !== 'channelsLast') return null;
  const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs['strides'] as number, (attrs['dilations'] ?? 1) as number, attrs['pad'] as 'valid', attrs['dimRoundingMode'] as 'floor' | undefined);
  return info.dilationHeight === 1 && info.dilationWidth === 1 ? info : null;
}

/** Floats of one column buffer: samples are taken together up to this (32 MiB), so one sgemm covers many. */
const COL_FLOATS = 8 * 2 ** 20;

/** Samples per product: as many as fit the column buffer, at least one. */
function chunkOf(c: Info): number {
  return Math.max(1, Math.min(c.batchSize, Math.floor(COL_FLOATS / Math.max(1, c.outHeight * c.outWidth * c.filterHeight * c.filterWidth * c.inChannels))));
}

/**
 * im2col rows of samples b0 … b0+count−1, one row per output pixel:
 * col[((b − b0)·oh + oy)·ow + ox, (ky·k + kx)·c + ci] = x̂[b, oy·s + ky − pad, ox·s + kx − pad, ci] (0 outside).
 */
function im2col(x: Float32Array, b0: number, count: number, c: Info, col: Float32Array): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw } = c;
  const row = kh * kw * C;
  for (let b = 0; b < count; b++) {
    const base = (b0 + b) * H * W * C;
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
      const r = ((b * oh + oy) * ow + ox) * row;
      const ix0 = ox * c.strideWidth - c.padInfo.left;
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy * c.strideHeight + ky - c.padInfo.top, o = r + ky * kw * C;
        if (iy < 0 || iy >= H) { col.fill(0, o, o + kw * C); continue; }
        const src = base + (iy * W + ix0) * C;
        // A filter row inside the image is one contiguous run of x (NHWC): one copy.
        if (ix0 >= 0 && ix0 + kw <= W) { col.set(x.subarray(src, src + kw * C), o); continue; }
        for (let kx = 0; kx < kw; kx++) {
          const ix = ix0 + kx, oo = o + kx * C;
          if (ix < 0 || ix >= W) col.fill(0, oo, oo + C);
          else col.set(x.subarray(src + kx * C, src + (kx + 1) * C), oo);
        }
      }
    }
  }
}

/** The adjoint of im2col: adds col's entries into samples b0 … b0+count−1 of dx (already zeroed). */
function col2im(col: Float32Array, b0: number, count: number, c: Info, dx: Float32Array): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw } = c;
  const row = kh * kw * C;
  for (let b = 0; b < count; b++) {
    const base = (b0 + b) * H * W * C;
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
      const r = ((b * oh + oy) * ow + ox) * row;
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy * c.strideHeight + ky - c.padInfo.top;
        if (iy < 0 || iy >= H) continue;
        for (let kx = 0; kx < kw; kx++) {
          const ix = ox * c.strideWidth + kx - c.padInfo.left;
          if (ix < 0 || ix >= W) continue;
          const o = r + (ky * kw + kx) * C, d = base + (iy * W + ix) * C;
          for (let ci = 0; ci < C; ci++) dx[d + ci]! += col[o + ci]!;
        }
      }
    }
  }
}

/** Y = col(X) · W over every sample, a chunk of samples per product: (samples·oh·ow × k²c) · (k²c × co). */
function convInto(blas: Blas, X: Float32Array, c: Info, Wt: Float32Array, Y: Float32Array): void {
  const m = c.outHeight * c.outWidth, k = c.filterHeight * c.filterWidth * c.inChannels, n = c.outChannels;
  if (Y.length === 0) return;
  const chunk = chunkOf(c), col = new Float32Array(chunk * m * k);
  for (let b = 0; b < c.batchSize; b += chunk) {
    const count = Math.min(chunk, c.batchSize - b);
    im2col(X, b, count, c, col);
    blas.sgemm(false, false, count * m, n, k, col, k, Wt, n, 0, Y.subarray(b * m * n, (b + count) * m * n), n);
  }
}

export function nativeConv2D(blas: Blas, args: ConvArgs, fallback: () => tf.TensorInfo): tf.TensorInfo {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const c = x.dtype === 'float32' && filter.dtype === 'float32' ? convInfo(x.shape, filter.shape, args.attrs) : null;
  if (!c) return fallback();
  const out = args.backend.makeOutput(c.outShape, 'float32');
  convInto(blas, heapView(args.backend, x), c, heapView(args.backend, filter), heapView(args.backend, out));
  return out;
}

/**
 * A stride-1 convolution's input gradient is itself a convolution, of dy padded by k − 1 − pad
 * with the filter turned 180° and its channels swapped: the forward path's copies instead of
 * col2im's scattered additions. Null when the geometry does not give back x's shape.
 */
function flippedConv(c: Info, dyShape: number[], W: Float32Array): { info: Info; filter: Float32Array } | null {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co, padInfo: p } = c;
  if (c.strideHeight !== 1 || c.strideWidth !== 1) return null;
  const pads = [kh - 1 - p.top, kh - 1 - p.bottom, kw - 1 - p.left, kw - 1 - p.right];
  if (pads.some((v) => v < 0)) return null;
  const info = tf.backend_util.computeConv2DInfo(dyShape as [number, number, number, number], [kh, kw, co, ci], 1, 1,
    [[0, 0], [pads[0]!, pads[1]!], [pads[2]!, pads[3]!], [0, 0]] as never);
  if (info.outHeight !== c.inHeight || info.outWidth !== c.inWidth) return null;
  const filter = new Float32Array(W.length);
  for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
    filter[((ky * kw + kx) * co + o) * ci + i] = W[(((kh - 1 - ky) * kw + (kw - 1 - kx)) * ci + i) * co + o]!;
  }
  return { info, filter };
}

/** dx: the flipped convolution at stride 1, else col2im(dy · Wᵀ), the adjoint of the forward product, a chunk of samples at a time. */
export function nativeConv2DBackpropInput(blas: Blas, args: ConvArgs, fallback: () => tf.TensorInfo): tf.TensorInfo {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const xShape = args.attrs['inputShape'] as number[];
  const c = dy.dtype === 'float32' && filter.dtype === 'float32' ? convInfo(xShape, filter.shape, args.attrs) : null;
  if (!c) return fallback();
  const out = args.backend.makeOutput(xShape, 'float32');
  const DX = heapView(args.backend, out), DY = heapView(args.backend, dy), Wt = heapView(args.backend, filter);
  const flipped = flippedConv(c, dy.shape, Wt);
  if (flipped) {
    convInto(blas, DY, flipped.info, flipped.filter, DX);
    return out;
  }
  DX.fill(0);
  const m = c.outHeight * c.outWidth, k = c.filterHeight * c.filterWidth * c.inChannels, n = c.outChannels;
  const chunk = chunkOf(c), col = new Float32Array(chunk * m * k);
  for (let b = 0; b < c.batchSize && m * k > 0; b += chunk) {
    const count = Math.min(chunk, c.batchSize - b);
    blas.sgemm(false, true, count * m, k, n, DY.subarray(b * m * n, (b + count) * m * n), n, Wt, n, 0, col, k);
    col2im(col, b, count, c, DX);
  }
  return out;
}

/** dW = Σ_chunks col(x)ᵀ · dy: (k²c × samples·oh·ow) · (samples·oh·ow × co), accumulated over chunks in order. */
export function nativeConv2DBackpropFilter(blas: Blas, args: ConvArgs): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const filterShape = args.attrs['filterShape'] as number[];
  const c = convInfo(x.shape, filterShape, args.attrs);
  if (!c || x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error('the native Conv2DBackpropFilter covers NHWC float32 with dilation 1 only');
  const out = args.backend.makeOutput(filterShape, 'float32');
  const DW = heapView(args.backend, out), X = heapView(args.backend, x), DY = heapView(args.backend, dy);
  DW.fill(0);
  const m = c.outHeight * c.outWidth, k = c.filterHeight * c.filterWidth * c.inChannels, n = c.outChannels;
  const chunk = chunkOf(c), col = new Float32Array(chunk * m * k);
  for (let b = 0; b < c.batchSize && m > 0; b += chunk) {
    const count = Math.min(chunk, c.batchSize - b);
    im2col(X, b, count, c, col);
    blas.sgemm(true, false, k, n, count * m, col, k, DY.subarray(b * m * n, (b + count) * m * n), n, 1, DW, n);
  }
  return out;
}
