// What one empirical NTK of a layered network costs (src/run/model/layered-jacobian.ts), estimated
// from the network's shapes before anything runs, so the checker can refuse a probe set that
// would take minutes or exhaust memory at every measured step, and say which probe size fits.
//
//   time:   n·F (forward) + K·(2·n·F (backward) + n·F (per-sample filter rows, at most) + 2·n²·P (Gram))
//   memory: the forward's activations (n·A), one unit's per-sample rows and im2col patches
//           (≤ 2·n·P + n·A·k² bounded by 3·n·(P + A)), float32; the n × n blocks per layer, float64.
// with n probe points, K output units, P parameters, F forward FLOPs and A activations per sample.
import * as M from '../../messages/index.js';
import type { RunCell } from '../../plan/cell.js';
import { networkCost } from './cost.js';
import { weightLayers, type LayerSpec, type Shape } from './spec.js';

/**
 * Throughput of layeredNtkBlocks on the 2-core development machine (tfjs wasm): 1.6–4e8 FLOP/s
 * of the formula above on the chizat_cnn networks, probe 32–64, depending on the load
 * (bench/ntk-layered.mjs); 2e8 keeps the estimate on the slow side.
 */
export const FLOPS_PER_SECOND = 2e8;
/** Longer kernels are refused: each is paid at every measured step of every cell. */
export const NTK_SECONDS_LIMIT = 60;
export const NTK_BYTES_LIMIT = 2 ** 30;

export interface KernelCost { seconds: number; bytes: number; params: number }

export function layeredNtkCost(layers: readonly LayerSpec[], input: Shape, points: number, units: number): KernelCost {
  const net = networkCost(layers, input);
  // The per-sample filter rows cost at most one more forward pass (a conv's are its forward FLOPs).
  const flops = points * net.flops + units * (3 * points * net.flops + 2 * points * points * net.params);
  const blocks = weightLayers(layers, input).length;
  const bytes = 4 * (points * net.activations + 3 * points * (net.params + net.activations)) + 8 * points * points * blocks * 2;
  return { seconds: flops / FLOPS_PER_SECOND, bytes, params: net.params };
}

function fits(c: KernelCost): boolean {
  return c.seconds <= NTK_SECONDS_LIMIT && c.bytes <= NTK_BYTES_LIMIT;
}

/** The probe size of a kernel measurement as planned (the catalogue's default 64). */
export function probeOption(cell: RunCell, measurement: string): number {
  const v = cell.measure.find((m) => m.name === measurement)?.options['probe'];
  return typeof v === 'number' ? v : 64;
}

/** Output units a kernel sums over: all of them (the trace, or one kernel per unit). */
export function kernelUnits(cell: RunCell): number {
  return cell.model.outputDim;
}

/**
 * Why a layered network's NTK on `points` points is refused (time or memory over the limits, with
 * the largest probe that fits), or null. Fully connected networks use the factorized kernel.
 */
export function layeredNtkMisfit(cell: RunCell, points: number, what = 'probe'): string | null {
  const m = cell.model;
  if (!m.layers || !m.inputShape) return null;
  const units = kernelUnits(cell);
  const cost = layeredNtkCost(m.layers, m.inputShape, points, units);
  if (fits(cost)) return null;
  let lo = 0, hi = points;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(layeredNtkCost(m.layers, m.inputShape, mid, units))) lo = mid; else hi = mid;
  }
  return M.layeredNtkTooCostly({
    points, what, units, params: cost.params, seconds: cost.seconds, bytes: cost.bytes,
    secondsLimit: NTK_SECONDS_LIMIT, bytesLimit: NTK_BYTES_LIMIT, fitting: lo,
  });
}
