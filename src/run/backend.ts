// Backend selection: tfjs-node ("tensorflow") when it loads, else wasm, else cpu; an explicit
// request overrides (and fails loudly when that backend cannot start). Each worker thread has
// its own tfjs module instance and so its own backend.

import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendInfo, BackendName } from './results.js';

export const BACKENDS: BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** The backend this thread started (tf.getBackend() would itself start one). */
let current: BackendName | null = null;

/** Try to register and start one backend; false when its package or native code is missing. */
async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // Optional dependency: absent (or without its native library) on many machines.
      const pkg = '@tensorflow/tfjs-node';
      await import(pkg);
    } else if (name === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
    } else {
      await import('@tensorflow/tfjs-backend-cpu');
    }
    const ok = await tf.setBackend(name);
    // The cpu backend prints a "install our node backend" banner on stderr at its first tensor;
    // the run's header already says which backend runs. Marking it used silences only that.
    if (ok && name === 'cpu') Object.assign(tf.findBackend('cpu') ?? {}, { firstUse: false });
    return ok;
  } catch {
    return false;
  }
}

/** Threads the backend uses for one kernel. */
async function threadsOf(name: BackendName): Promise<number> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    return wasm.getThreadsCount();
  }
  if (name === 'tensorflow') {
    return Number(process.env['TF_NUM_INTRAOP_THREADS'] ?? availableParallelism());
  }
  return 1;
}

/**
 * Start the requested backend, or the best available one. Returns what is recorded in results.
 * Idempotent: a second call with the same request keeps the running backend.
 */
export async function initBackend(requested?: BackendName | null): Promise<BackendInfo> {
  const order = requested ? [requested] : BACKENDS;
  for (const name of order) {
    if (current === name || (await tryBackend(name))) {
      await tf.ready();
      current = name;
      return { name, version: tf.version_core, threads: await threadsOf(name) };
    }
  }
  throw new Error(requested ? `backend ${requested} is not available on this machine` : 'no tfjs backend could start');
}
