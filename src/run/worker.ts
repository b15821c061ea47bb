// Worker thread entry: starts its own tfjs backend, then trains the cells it is sent.
// Loaded from the compiled dist/run/worker.js by the pool.

import { parentPort } from 'node:worker_threads';
import type { RunCell } from '../plan/cell.js';
import { initBackend, type MatmulRequest } from './backend.js';
import type { BackendInfo, BackendName } from './results.js';
import { trainCell } from './train/trainCell.js';

export type ToWorker = { type: 'init'; backend: BackendName; matmul: MatmulRequest | null } | { type: 'cell'; cell: RunCell };
export type FromWorker =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'error'; message: string }
  | { type: 'progress'; hash: string; step: number }
  | { type: 'result'; result: import('./results.js').CellResult };

const port = parentPort;
let backend: BackendInfo | null = null;

async function handle(msg: ToWorker): Promise<void> {
  if (!port) return;
  if (msg.type === 'init') {
    try {
      backend = await initBackend(msg.backend, msg.matmul);
      port.postMessage({ type: 'ready', backend } satisfies FromWorker);
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).message } satisfies FromWorker);
    }
    return;
  }
  let last = 0;
  const result = await trainCell(msg.cell, backend!, {
    onStep(step) {
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      port.postMessage({ type: 'progress', hash: msg.cell.hash, step } satisfies FromWorker);
    },
  });
  port.postMessage({ type: 'result', result } satisfies FromWorker);
}

port?.on('message', (msg: ToWorker) => {
  void handle(msg);
});
