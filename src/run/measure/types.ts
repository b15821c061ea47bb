// The measurement interface: a measurement reads the training state as plain numbers at a log
// step and returns named numeric values. Kernel and theory measurements (issue 4) plug in by
// registering more implementations; nothing here exposes a tensor.

import type { MeasureOption, RunCell } from '../../plan/cell.js';
import type { Dataset } from '../data/index.js';
import type { LayerParams } from '../model/params.js';

export type SplitName = 'train' | 'test';

/** The training state at one log step. Lazy getters compute (and memoize) on first use. */
export interface TrainingState {
  readonly cell: RunCell;
  readonly step: number;
  readonly data: Dataset;
  /** Parameters at initialization (w0). */
  readonly initial: LayerParams[];
  /** Parameters now (w_t). */
  params(): LayerParams[];
  /** Model output f = α·h (minus the frozen copy when used) on a split, n × outputDim. */
  outputs(split: SplitName): Float32Array;
  /** Hidden pre-activations z_l (n × width_l each) on a split, now or at initialization. */
  preactivations(split: SplitName, at: 'now' | 'initial'): Float32Array[];
  /**
   * Activation patterns of the first n training points per pattern layer: 1/0 ReLU states, and
   * for layered networks also max-pool choices (the winning input's index).
   */
  patterns(n: number, at: 'now' | 'initial'): Int32Array[];
  /** Output on a split with ReLU states and max-pool choices frozen at initialization (layered networks). */
  frozenOutputs(split: SplitName): Float32Array;
}

/** One measured value; `layer` (1-based) is set for per-layer values. */
export interface MeasureValue {
  measurement: string;
  value: number;
  layer?: number;
  /** Coordinates of a grid point (loss_landscape: {a, b}). */
  coords?: Record<string, number>;
}

export interface Measurement {
  name: string;
  /** Why not, when this measurement cannot run on this cell (checked once before training). */
  unsupported?(cell: RunCell, options: Record<string, MeasureOption>): string | null;
  measure(state: TrainingState, options: Record<string, MeasureOption>): MeasureValue[];
}
