// Progress events: executePlan never prints; the CLI turns these into a display.

import type { BackendInfo, CellSummary, RunResults } from './results.js';

/** Which cell an event is about. */
export interface CellRef {
  hash: string;
  index: number;
  values: Record<string, number | string>;
  seed: number;
  steps: number;
}

export type RunEvent =
  | { type: 'start'; total: number; toTrain: number; cached: number; jobs: number; backend: BackendInfo; /** Hashes of the cells to train. */ training: string[] }
  | { type: 'cache-hit'; cell: CellRef }
  | { type: 'cache-corrupt'; cell: CellRef; reason: string }
  | { type: 'cell-start'; cell: CellRef; worker: number }
  | { type: 'cell-progress'; cell: CellRef; step: number; stepsPerSecond: number }
  | { type: 'cell-done'; cell: CellRef; result: CellSummary }
  | { type: 'note'; message: string }
  | { type: 'done'; results: RunResults };
