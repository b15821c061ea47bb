// Memory model of one training step of a layered network, as src/run/model/layered.ts runs it:
// every node's output is kept for the backward pass, and each node's backward pass runs in its
// own scope, so the transient peak is the saved outputs plus the largest single node's backward
// working set (not the sum over nodes). Validated against the engine's measured peak in
// test/plan/memory.test.ts; used to refuse cells the wasm backend's 4 GiB heap cannot hold.
import { inferShapes, layerParamCount, shapeSize, type LayerSpec, type Shape } from '../theory/net/spec.js';
import type { Span } from '../diagnostics.js';
import type { RunCell } from './cell.js';
import { EvalError } from './eval.js';
import { formatBytes } from './cost.js';
import { EVAL_CHUNK } from '../theory/net/cost.js';
import * as M from '../messages/index.js';

/** tfjs-backend-wasm 4.22's largest heap (its getHeapMax: 4 GiB − 64 KiB, wasm32's limit). */
export const WASM_HEAP_BYTES = 4294901760;

/**
 * The wasm heap never shrinks and the backend's convolutions pack their filters in it beside the
 * tensors; measured heap ÷ this estimate was 1.2–1.6 on VGG-11 and ResNet-18 (k = 1/4 … 1,
 * batch 128), so a cell is refused when this many times its estimate exceeds the heap.
 */
export const WASM_HEAP_OVERHEAD = 1.6;

interface Footprint { saved: number; work: number; params: number }

/**
 * How convolutions' gradients run: `wasm` as convolutions of transposed (and padded) tensors,
 * `native` by im2col + sgemm one sample at a time (src/run/native/conv.ts), without copies.
 */
export type ConvPath = 'wasm' | 'native';

/** Per-sample floats: outputs kept for backward, and the largest backward working set of one node. */
function footprint(layers: readonly LayerSpec[], input: Shape, path: ConvPath): Footprint {
  const shapes = inferShapes(layers, input);
  if ('message' in shapes) throw new Error(shapes.message);
  const total: Footprint = { saved: 0, work: 0, params: 0 };
  layers.forEach((l, i) => {
    const inShape = i === 0 ? input : shapes[i - 1]!;
    const x = shapeSize(inShape), y = shapeSize(shapes[i]!);
    total.saved += y;
    total.params += layerParamCount(l, inShape);
    total.work = Math.max(total.work, nodeWork(l, inShape, x, y, total, path));
  });
  return total;
}

/** Floats live at once in one node's backward pass besides the saved outputs (per sample). */
function nodeWork(l: LayerSpec, inShape: Shape, x: number, y: number, total: Footprint, path: ConvPath): number {
  switch (l.kind) {
    case 'conv2d': {
      if (path === 'native') return 2 * y + x; // dy, dz = m·dy, then the input gradient
      // dy, dz = m·dy, δᵀ, the padded input and its transpose, then the input gradient.
      const padded = inShape.kind === 'image' ? (inShape.h + 2 * l.padding) * (inShape.w + 2 * l.padding) * inShape.c : x;
      return 3 * y + (l.padding > 0 ? 2 : 1) * padded + x;
    }
    case 'dense': return 2 * y + x;
    case 'activation': return y + 2 * x; // dy, the derivative at x, dx
    case 'residual': {
      const body = footprint(l.body, inShape, path), short = footprint(l.shortcut, inShape, path);
      total.saved += body.saved + short.saved;
      total.params += body.params + short.params;
      // dy stays while both branches run; the body's dx waits while the shortcut's runs; then their sum.
      return y + Math.max(body.work, x + short.work, 3 * x);
    }
    default: return y + x; // pools, flatten, global average pool: dy and dx
  }
}

export interface StepMemory {
  /** Bytes of the step's tensors beyond the parameters it starts from (activations, gradients). */
  transientBytes: number;
  /** The whole step: parameters, initial copy, optimizer state and the transient tensors. */
  peakBytes: number;
}

/**
 * One step at `batch` rows: float32 inputs and saved outputs, the largest node's working set,
 * and the gradients (1 copy of the parameters) plus the updated parameters and optimizer state
 * the step returns (`stateCopies` more); `frozenCopy` adds the initial parameters.
 */
export function layeredStepMemory(layers: readonly LayerSpec[], input: Shape, batch: number, stateCopies: number, frozenCopy: boolean, path: ConvPath = 'wasm'): StepMemory {
  const f = footprint(layers, input, path);
  const transient = 4 * (batch * (shapeSize(input) + f.saved + f.work) + f.params * (1 + stateCopies));
  return { transientBytes: transient, peakBytes: transient + 4 * f.params * (frozenCopy ? 2 : 1) };
}

/**
 * A forward pass of `rows` rows inside one tf.tidy, as evaluation runs it (EVAL_CHUNK rows at a
 * time): the input and every node's output stay until the pass ends; the peak is reached at the
 * end or while a weight layer holds its z (and z + b) beside its output.
 */
export function layeredForwardBytes(layers: readonly LayerSpec[], input: Shape, rows: number): number {
  return 4 * rows * forwardPeak(layers, input, shapeSize(input)).peak;
}

/** Per-sample floats live after the list (`end`) and at most while it runs (`peak`), from `base` live before it. */
function forwardPeak(layers: readonly LayerSpec[], input: Shape, base: number): { end: number; peak: number } {
  const shapes = inferShapes(layers, input);
  if ('message' in shapes) throw new Error(shapes.message);
  let live = base, peak = base;
  layers.forEach((l, i) => {
    const inShape = i === 0 ? input : shapes[i - 1]!;
    const y = l.kind === 'flatten' ? 0 : shapeSize(shapes[i]!); // a reshape shares its input's data
    if (l.kind === 'residual') {
      const body = forwardPeak(l.body, inShape, live), short = forwardPeak(l.shortcut, inShape, body.end);
      peak = Math.max(peak, body.peak, short.peak, short.end + y);
      live = short.end + y;
    } else {
      const temp = l.kind === 'conv2d' || l.kind === 'dense' ? (l.bias ? 2 : 1) * y : 0;
      peak = Math.max(peak, live + temp + y);
      live += y;
    }
  });
  return { end: live, peak };
}

/** Parameter-sized optimizer state kept between steps. */
function stateCopies(kind: string): number {
  return kind === 'adam' ? 2 : kind === 'momentum' ? 1 : 0;
}

/**
 * A cell's peak on the wasm path (the larger; a plan does not know which path will run): its
 * resident tensors (both splits' inputs, targets and frozen-copy outputs; current and initial
 * parameters; optimizer state) plus the larger of a training step (gradients, new parameters
 * and state, the step's activations) and an evaluation chunk's forward pass.
 */
export function cellStepMemory(cell: Pick<RunCell, 'model' | 'train' | 'data'>, batch = cellBatch(cell)): StepMemory {
  const m = cell.model, d = cell.data;
  const copies = stateCopies(cell.train.optimizer.kind);
  const step = layeredStepMemory(m.layers!, m.inputShape!, batch, 1 + copies, true);
  const params = (step.peakBytes - step.transientBytes) / 2 / 4;
  const rows = d.nTrain + d.nTest;
  const resident = 4 * (params * (2 + copies) + rows * (m.inputDim + (m.init.frozenCopy ? 2 : 1) * m.outputDim));
  const evaluation = layeredForwardBytes(m.layers!, m.inputShape!, Math.min(EVAL_CHUNK, Math.max(d.nTrain, d.nTest)));
  return { transientBytes: step.transientBytes, peakBytes: resident + Math.max(step.transientBytes, evaluation) };
}

export function cellBatch(cell: Pick<RunCell, 'train' | 'data'>): number {
  const opt = cell.train.optimizer;
  return 'batch' in opt && opt.batch ? opt.batch : cell.data.nTrain;
}

/**
 * Refuses a layered cell whose step needs more wasm heap than the backend can have, at the
 * model's `layers` setting, with the largest batch that fits; null when it fits.
 */
export function wasmHeapProblem(cell: Pick<RunCell, 'model' | 'train' | 'data'>, span: Span): EvalError | null {
  if (!cell.model.layers || !cell.model.inputShape) return null;
  const batch = cellBatch(cell);
  const need = cellStepMemory(cell, batch).peakBytes;
  if (need * WASM_HEAP_OVERHEAD <= WASM_HEAP_BYTES) return null;
  let fits = batch;
  while (fits > 0 && cellStepMemory(cell, fits).peakBytes * WASM_HEAP_OVERHEAD > WASM_HEAP_BYTES) fits = Math.floor(fits / 2);
  return new EvalError('E0503', M.wasmHeapTooSmall(cell.model.name, batch, formatBytes(need), formatBytes(need * WASM_HEAP_OVERHEAD), formatBytes(WASM_HEAP_BYTES)), span, M.wasmHeapTooSmallHint(fits));
}
