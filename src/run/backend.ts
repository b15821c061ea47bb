// Backend selection: tfjs-node ("tensorflow") when it loads, else wasm, else cpu; an explicit
// request overrides (and fails loudly when that backend cannot start). On wasm, the matrix
// products run through a native BLAS when one is found (src/run/native/), unless `wasm` is asked
// for. Each worker thread has its own tfjs module instance and so its own backend and kernels.

import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendInfo, BackendName, MatmulInfo } from './results.js';
import { blasMissing, loadBlas } from './native/blas.js';
import { useNativeMatMul, useWasmMatMul } from './native/kernels.js';
import { badMatmulEnv, nativeNeedsWasm, nativeUnavailable } from '../messages/run.js';

export const BACKENDS: BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Where matrix products may be asked to run: `native` (a BLAS, on the wasm backend) or `wasm` (its own kernels). */
export type MatmulRequest = 'native' | 'wasm';
export const MATMUL_PATHS: MatmulRequest[] = ['native', 'wasm'];

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

/** The request in force: the argument, else LAZYLAB_MATMUL, else null (native when a BLAS is found). */
export function matmulRequest(requested?: MatmulRequest | null, env: NodeJS.ProcessEnv = process.env): MatmulRequest | null {
  if (requested) return requested;
  const fromEnv = env['LAZYLAB_MATMUL'];
  if (!fromEnv) return null;
  if (!MATMUL_PATHS.includes(fromEnv as MatmulRequest)) throw new Error(badMatmulEnv(fromEnv));
  return fromEnv as MatmulRequest;
}

/** Install the matrix kernels the request asks for on a started backend, and say which ran. */
async function chooseMatmul(backend: BackendName, request: MatmulRequest | null): Promise<MatmulInfo> {
  if (backend !== 'wasm') {
    if (request === 'native') throw new Error(nativeNeedsWasm(backend));
    return { path: backend };
  }
  const blas = request === 'wasm' ? null : await loadBlas();
  if (!blas) {
    if (request === 'native') throw new Error(nativeUnavailable(blasMissing()));
    useWasmMatMul();
    return { path: 'wasm' };
  }
  useNativeMatMul(blas);
  return { path: 'native', library: blas.library, blas: blas.name };
}

/**
 * Start the requested backend, or the best available one, with its matrix path (see
 * matmulRequest). Returns what is recorded in results. Idempotent: a second call with the same
 * request keeps the running backend; another matmul request swaps the kernels.
 */
export async function initBackend(requested?: BackendName | null, matmul?: MatmulRequest | null): Promise<BackendInfo> {
  const request = matmulRequest(matmul);
  // Native products need the wasm backend: asking for them picks it when no backend is named.
  const order: BackendName[] = requested ? [requested] : request === 'native' ? ['wasm'] : BACKENDS;
  for (const name of order) {
    if (current === name || (await tryBackend(name))) {
      await tf.ready();
      current = name;
      const path = await chooseMatmul(name, request);
      return { name, version: tf.version_core, threads: await threadsOf(name), matmul: path };
    }
  }
  throw new Error(requested ? `backend ${requested} is not available on this machine` : 'no tfjs backend could start');
}
