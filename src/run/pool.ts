// Cell runners: in this thread, or one worker thread each (own tfjs backend per worker).

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunCell } from '../plan/cell.js';
import type { BackendInfo, CellResult } from './results.js';
import { trainCell } from './train/trainCell.js';
import type { FromWorker, ToWorker } from './worker.js';

export interface CellRunner {
  backend: BackendInfo;
  run(cell: RunCell, onStep: (step: number) => void): Promise<CellResult>;
  close(): Promise<void>;
}

import { abortError } from './abort.js';
export { abortError };

/** The compiled worker script: beside this file when running from dist/, else dist/run/. */
export function workerScript(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'worker.js'), join(here, '..', '..', 'dist', 'run', 'worker.js')];
  return candidates.find((p) => existsSync(p)) ?? null;
}

export function inProcessRunner(backend: BackendInfo, aborted: () => boolean): CellRunner {
  return {
    backend,
    run: (cell, onStep) => trainCell(cell, backend, { onStep, aborted }),
    close: async () => {},
  };
}

/** Start a worker, wait until its backend is up. */
export async function openWorkerRunner(script: string, backend: BackendInfo): Promise<CellRunner> {
  const worker = new Worker(script);
  const send = (m: ToWorker): void => worker.postMessage(m);
  let current: { resolve(r: CellResult): void; reject(e: Error): void; onStep(s: number): void } | null = null;
  let closing = false;
  const ready = new Promise<BackendInfo>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') resolve(m.backend);
      else if (m.type === 'error') reject(new Error(m.message));
      else if (m.type === 'progress') current?.onStep(m.step);
      else if (m.type === 'result') {
        const c = current;
        current = null;
        c?.resolve(m.result);
      }
    });
    worker.on('error', (e) => { reject(e); current?.reject(e); current = null; });
    worker.on('exit', (code) => {
      const err = closing ? abortError() : new Error(`worker exited with code ${code}`);
      reject(err);
      current?.reject(err);
      current = null;
    });
  });
  // The path the main thread chose, asked for explicitly: a worker that cannot take it fails loudly.
  const matmul = backend.matmul?.path === 'native' ? 'native' : backend.matmul?.path === 'wasm' ? 'wasm' : null;
  send({ type: 'init', backend: backend.name, matmul });
  const info = await ready;
  return {
    backend: info,
    run: (cell, onStep) => new Promise<CellResult>((resolve, reject) => {
      current = { resolve, reject, onStep };
      send({ type: 'cell', cell });
    }),
    close: async () => {
      closing = true;
      await worker.terminate();
    },
  };
}
