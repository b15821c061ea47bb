// Float64 kernels of one sample for each layer kind, forward and backward (vector–Jacobian
// product), written as plain loops so they are easy to check: these are the reference the
// engine's tensors are tested against, not the fast path. Images are row-major (h, w, c).
import type { Shape } from './spec.js';

export interface Conv { kernel: number; stride: number; padding: number; filters: number; multiplier: number }

type Image = { h: number; w: number; c: number };

export function asImage(s: Shape): Image {
  if (s.kind !== 'image') throw new Error('expected an image shape');
  return s;
}

/** z = m·(x W + b) for W: fanIn × units (row-major). */
export function denseForward(x: Float64Array, W: Float64Array, b: Float64Array | null, units: number, m: number): Float64Array {
  const z = new Float64Array(units);
  for (let p = 0; p < x.length; p++) {
    const s = x[p]!;
    if (s === 0) continue;
    const o = p * units;
    for (let j = 0; j < units; j++) z[j]! += s * W[o + j]!;
  }
  for (let j = 0; j < units; j++) z[j] = m * (z[j]! + (b ? b[j]! : 0));
  return z;
}

/**
 * denseForward with the input's channels paired (x is P × c, channel j with j + c/2): the first
 * halves' and second halves' products are summed apart and then added, so a symmetrized W
 * (second half = −first half on equal inputs) gives exactly 0. Same value in exact arithmetic.
 */
export function pairedDenseForward(x: Float64Array, W: Float64Array, b: Float64Array | null, units: number, m: number, c: number): Float64Array {
  const half = c / 2;
  const za = new Float64Array(units), zb = new Float64Array(units);
  for (let p = 0; p < x.length; p++) {
    const s = x[p]!;
    if (s === 0) continue;
    const z = p % c < half ? za : zb;
    const o = p * units;
    for (let j = 0; j < units; j++) z[j]! += s * W[o + j]!;
  }
  return za.map((v, j) => m * ((v + zb[j]!) + (b ? b[j]! : 0)));
}

/** dx, and accumulates dW, db, for z = m·(x W + b). */
export function denseBackward(
  x: Float64Array, W: Float64Array, dz: Float64Array, units: number, m: number,
  dW: Float64Array | null, db: Float64Array | null,
): Float64Array {
  const dx = new Float64Array(x.length);
  for (let p = 0; p < x.length; p++) {
    const o = p * units;
    let s = 0;
    for (let j = 0; j < units; j++) s += dz[j]! * W[o + j]!;
    dx[p] = m * s;
    if (dW) {
      const xp = m * x[p]!;
      if (xp !== 0) for (let j = 0; j < units; j++) dW[o + j]! += xp * dz[j]!;
    }
  }
  if (db) for (let j = 0; j < units; j++) db[j]! += m * dz[j]!;
  return dx;
}

/** Calls visit(inputIndex, weightIndexBase, outputIndexBase) for every in-bounds tap of a conv. */
function convTaps(inp: Image, out: Image, k: Conv, visit: (xi: number, wi: number, oi: number) => void): void {
  const { c } = inp;
  for (let oy = 0; oy < out.h; oy++) {
    for (let ox = 0; ox < out.w; ox++) {
      const oi = (oy * out.w + ox) * k.filters;
      for (let ky = 0; ky < k.kernel; ky++) {
        const iy = oy * k.stride - k.padding + ky;
        if (iy < 0 || iy >= inp.h) continue;
        for (let kx = 0; kx < k.kernel; kx++) {
          const ix = ox * k.stride - k.padding + kx;
          if (ix < 0 || ix >= inp.w) continue;
          for (let ci = 0; ci < c; ci++) visit((iy * inp.w + ix) * c + ci, ((ky * k.kernel + kx) * c + ci) * k.filters, oi);
        }
      }
    }
  }
}

export function convForward(x: Float64Array, W: Float64Array, b: Float64Array | null, inp: Image, out: Image, k: Conv): Float64Array {
  const z = new Float64Array(out.h * out.w * k.filters);
  convTaps(inp, out, k, (xi, wi, oi) => {
    const s = x[xi]!;
    if (s !== 0) for (let f = 0; f < k.filters; f++) z[oi + f]! += s * W[wi + f]!;
  });
  for (let i = 0; i < z.length; i++) z[i] = k.multiplier * (z[i]! + (b ? b[i % k.filters]! : 0));
  return z;
}

export function convBackward(
  x: Float64Array, W: Float64Array, dz: Float64Array, inp: Image, out: Image, k: Conv,
  dW: Float64Array | null, db: Float64Array | null,
): Float64Array {
  const dx = new Float64Array(x.length);
  const m = k.multiplier;
  convTaps(inp, out, k, (xi, wi, oi) => {
    let s = 0;
    for (let f = 0; f < k.filters; f++) s += dz[oi + f]! * W[wi + f]!;
    dx[xi]! += m * s;
    if (dW) {
      const xv = m * x[xi]!;
      if (xv !== 0) for (let f = 0; f < k.filters; f++) dW[wi + f]! += xv * dz[oi + f]!;
    }
  });
  if (db) for (let i = 0; i < dz.length; i++) db[i % k.filters]! += m * dz[i]!;
  return dx;
}

/** Max or average pooling (no padding). For max, `choice[o]` records the winning input index. */
export function poolForward(x: Float64Array, inp: Image, out: Image, size: number, stride: number, max: boolean): { y: Float64Array; choice: Int32Array } {
  const y = new Float64Array(out.h * out.w * inp.c);
  const choice = new Int32Array(max ? y.length : 0);
  for (let oy = 0; oy < out.h; oy++) {
    for (let ox = 0; ox < out.w; ox++) {
      for (let ci = 0; ci < inp.c; ci++) {
        const o = (oy * out.w + ox) * inp.c + ci;
        let best = -Infinity, arg = -1, sum = 0;
        for (let ky = 0; ky < size; ky++) {
          for (let kx = 0; kx < size; kx++) {
            const xi = ((oy * stride + ky) * inp.w + ox * stride + kx) * inp.c + ci;
            const v = x[xi]!;
            sum += v;
            if (v > best) { best = v; arg = xi; } // first maximum wins ties, as tfjs does
          }
        }
        if (max) { y[o] = best; choice[o] = arg; } else y[o] = sum / (size * size);
      }
    }
  }
  return { y, choice };
}

export function poolBackward(dy: Float64Array, inputSize: number, inp: Image, out: Image, size: number, stride: number, choice: Int32Array | null): Float64Array {
  const dx = new Float64Array(inputSize);
  if (choice) {
    for (let o = 0; o < dy.length; o++) dx[choice[o]!]! += dy[o]!;
    return dx;
  }
  const share = 1 / (size * size);
  for (let oy = 0; oy < out.h; oy++) {
    for (let ox = 0; ox < out.w; ox++) {
      for (let ci = 0; ci < inp.c; ci++) {
        const g = dy[(oy * out.w + ox) * inp.c + ci]! * share;
        for (let ky = 0; ky < size; ky++) {
          for (let kx = 0; kx < size; kx++) dx[((oy * stride + ky) * inp.w + ox * stride + kx) * inp.c + ci]! += g;
        }
      }
    }
  }
  return dx;
}

/** Mean over pixels per channel. */
export function globalAvgForward(x: Float64Array, inp: Image): Float64Array {
  const y = new Float64Array(inp.c);
  const px = inp.h * inp.w;
  for (let p = 0; p < px; p++) for (let ci = 0; ci < inp.c; ci++) y[ci]! += x[p * inp.c + ci]! / px;
  return y;
}

export function globalAvgBackward(dy: Float64Array, inp: Image): Float64Array {
  const px = inp.h * inp.w;
  const dx = new Float64Array(px * inp.c);
  for (let p = 0; p < px; p++) for (let ci = 0; ci < inp.c; ci++) dx[p * inp.c + ci] = dy[ci]! / px;
  return dx;
}
