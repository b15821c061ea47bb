// A network as plain data: a sequence of layers over NHWC images or flat feature vectors.
// This is the one description from which the float64 reference (forward, VJP, Jacobian,
// empirical NTK, activation patterns) is derived; shapes are inferred here, with errors that
// name the layer and both shapes so the checker can report them at the layer's span.
import type { Activation } from '../activations.js';

/** `image`: one sample is h·w·c numbers in row-major (h, w, c) order; `flat`: n numbers. */
export type Shape = { kind: 'image'; h: number; w: number; c: number } | { kind: 'flat'; n: number };

export type LayerSpec =
  /**
   * z = m·(a W + b), W: fan_in × units. `pairs` (symmetrized init, output layer only): the input
   * features are P × c channels whose channel j and j + c/2 are paired; the two halves of a W are
   * summed apart, so a symmetrized network's output is exactly 0 at initialization. `halves`
   * (symmetrized init, the last weight layer before the output when it is dense): its two halves
   * of units are computed by two products, so equal columns give bitwise equal units on any
   * matrix path (a BLAS may round two columns of one product differently). Absent otherwise.
   */
  | { kind: 'dense'; units: number; bias: boolean; multiplier: number; pairs?: number; halves?: boolean }
  /** z = m·(conv(a, W) + b), W: k × k × c_in × filters; zero padding on every side. */
  | { kind: 'conv2d'; filters: number; kernel: number; stride: number; padding: number; bias: boolean; multiplier: number }
  | { kind: 'activation'; fn: Activation }
  | { kind: 'maxpool'; size: number; stride: number }
  | { kind: 'avgpool'; size: number; stride: number }
  | { kind: 'global_avgpool' }
  | { kind: 'flatten' }
  /** y = body(x) + shortcut(x); an empty shortcut is the identity (ResNet basic block). */
  | { kind: 'residual'; body: LayerSpec[]; shortcut: LayerSpec[] };

/** Where a shape error happened: indices into nested residual bodies/shortcuts. */
export interface ShapeError { path: string; message: string }

export function shapeText(s: Shape): string {
  return s.kind === 'image' ? `${s.h}×${s.w}×${s.c}` : `${s.n}`;
}

export function shapeSize(s: Shape): number {
  return s.kind === 'image' ? s.h * s.w * s.c : s.n;
}

function sameShape(a: Shape, b: Shape): boolean {
  return shapeText(a) === shapeText(b) && a.kind === b.kind;
}

/** Output side of a sliding window (conv or pool), or ≤ 0 when nothing is left. */
export function windowOut(size: number, window: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - window) / stride) + 1;
}

function positive(n: number): boolean {
  return Number.isInteger(n) && n >= 1;
}

function layerOut(l: LayerSpec, s: Shape, path: string): Shape | ShapeError {
  const err = (message: string): ShapeError => ({ path, message });
  switch (l.kind) {
    case 'dense':
      if (s.kind === 'image') return err(`a dense layer needs flat input, found an image ${shapeText(s)} (add flatten or global_avgpool before it)`);
      if (!positive(l.units)) return err(`dense units must be a positive integer, found ${l.units}`);
      return { kind: 'flat', n: l.units };
    case 'conv2d': {
      if (s.kind === 'flat') return err(`conv2d needs an image input, found flat ${s.n} features`);
      if (!positive(l.filters) || !positive(l.kernel) || !positive(l.stride) || !(Number.isInteger(l.padding) && l.padding >= 0)) {
        return err('conv2d filters, kernel and stride must be positive integers and padding a non-negative integer');
      }
      const h = windowOut(s.h, l.kernel, l.stride, l.padding), w = windowOut(s.w, l.kernel, l.stride, l.padding);
      if (h < 1 || w < 1) return err(`a ${l.kernel}×${l.kernel} convolution with padding ${l.padding} leaves no pixels of a ${shapeText(s)} image`);
      return { kind: 'image', h, w, c: l.filters };
    }
    case 'activation': return s;
    case 'maxpool':
    case 'avgpool': {
      if (s.kind === 'flat') return err(`${l.kind} needs an image input, found flat ${s.n} features`);
      if (!positive(l.size) || !positive(l.stride)) return err(`${l.kind} size and stride must be positive integers`);
      const h = windowOut(s.h, l.size, l.stride, 0), w = windowOut(s.w, l.size, l.stride, 0);
      if (h < 1 || w < 1) return err(`a ${l.size}×${l.size} pooling leaves no pixels of a ${shapeText(s)} image`);
      return { kind: 'image', h, w, c: s.c };
    }
    case 'global_avgpool':
      if (s.kind === 'flat') return err(`global_avgpool needs an image input, found flat ${s.n} features`);
      return { kind: 'flat', n: s.c };
    case 'flatten': return { kind: 'flat', n: shapeSize(s) };
    case 'residual': {
      const body = inferShapes(l.body, s, `${path}.body`);
      if ('message' in body) return body;
      const short = inferShapes(l.shortcut, s, `${path}.shortcut`);
      if ('message' in short) return short;
      const a = body.at(-1) ?? s, b = short.at(-1) ?? s;
      if (!sameShape(a, b)) {
        return err(`the residual body gives ${shapeText(a)} but the shortcut gives ${shapeText(b)} (use a 1×1 conv shortcut with the body's stride and channels)`);
      }
      return a;
    }
  }
}

/** Shape after each layer (same length as layers), or the first error. */
export function inferShapes(layers: readonly LayerSpec[], input: Shape, path = 'layers'): Shape[] | ShapeError {
  const out: Shape[] = [];
  let s = input;
  for (let i = 0; i < layers.length; i++) {
    const next = layerOut(layers[i]!, s, `${path}[${i}]`);
    if ('message' in next) return next;
    out.push(next);
    s = next;
  }
  return out;
}

/** Number of trainable parameters of one weight layer given its input shape (0 for others). */
export function layerParamCount(l: LayerSpec, s: Shape): number {
  if (l.kind === 'dense') return shapeSize(s) * l.units + (l.bias ? l.units : 0);
  if (l.kind === 'conv2d' && s.kind === 'image') return l.kernel * l.kernel * s.c * l.filters + (l.bias ? l.filters : 0);
  return 0;
}

/** Fan-in of a weight layer (a conv's is channels·k·k), used by the NTK multiplier 1/√fan_in. */
export function fanIn(l: LayerSpec, s: Shape): number {
  if (l.kind === 'dense') return shapeSize(s);
  if (l.kind === 'conv2d' && s.kind === 'image') return s.c * l.kernel * l.kernel;
  return 0;
}

/** The weight layers in the flat parameter order (residual: body, then shortcut), with their input shapes. */
export function weightLayers(layers: readonly LayerSpec[], input: Shape): { spec: Extract<LayerSpec, { kind: 'dense' | 'conv2d' }>; input: Shape }[] {
  const out: { spec: Extract<LayerSpec, { kind: 'dense' | 'conv2d' }>; input: Shape }[] = [];
  const shapes = inferShapes(layers, input);
  if ('message' in shapes) throw new Error(shapes.message);
  layers.forEach((l, i) => {
    const s = i === 0 ? input : shapes[i - 1]!;
    if (l.kind === 'dense' || l.kind === 'conv2d') out.push({ spec: l, input: s });
    if (l.kind === 'residual') out.push(...weightLayers(l.body, s), ...weightLayers(l.shortcut, s));
  });
  return out;
}

/** Fan-in and fan-out (a conv's: channels · kernel²) of every weight layer, in order. */
export function layerFans(layers: readonly LayerSpec[], input: Shape): { fanIns: number[]; fanOuts: number[] } {
  const w = weightLayers(layers, input);
  return {
    fanIns: w.map((l) => fanIn(l.spec, l.input)),
    fanOuts: w.map((l) => (l.spec.kind === 'conv2d' ? l.spec.filters * l.spec.kernel * l.spec.kernel : l.spec.units)),
  };
}
