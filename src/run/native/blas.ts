// The native BLAS: finds a CBLAS library at run time (LAZYLAB_BLAS, then the standard places of
// OpenBLAS and the reference BLAS) and binds cblas_sgemm through koffi (a prebuilt FFI from npm).
// Single-threaded on purpose: each worker thread is one core, and one thread keeps a product's
// summation order, hence its bits, fixed from run to run.

import { existsSync } from 'node:fs';

/** Row-major single-precision GEMM: C = alpha·op(A)·op(B) + beta·C, op = transpose when asked. */
export type Sgemm = (
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: Float32Array, lda: number, b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number,
) => void;

/** Row-major symmetric rank-k update, upper triangle only: C = alpha·A·Aᵀ + beta·C, A n × k. */
export type Ssyrk = (n: number, k: number, alpha: number, a: Float32Array, lda: number, beta: number, c: Float32Array, ldc: number) => void;

export interface Blas {
  sgemm: Sgemm;
  /** Half the work of sgemm for a Gram matrix (the NTK's per-layer factors). */
  ssyrk: Ssyrk;
  /** The file that was loaded. */
  library: string;
  /** What the library says it is (OpenBLAS's config string), else the file name. */
  name: string;
}

/** Places tried in order after LAZYLAB_BLAS (Debian/Ubuntu, Fedora, Homebrew, plain names for the loader's path). */
export const STANDARD_BLAS = [
  '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0',
  '/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0',
  '/usr/lib/x86_64-linux-gnu/libopenblas.so.0',
  '/usr/lib/aarch64-linux-gnu/libopenblas.so.0',
  '/usr/lib64/libopenblas.so.0',
  '/usr/lib/libopenblas.so.0',
  '/opt/homebrew/opt/openblas/lib/libopenblas.dylib',
  '/usr/local/opt/openblas/lib/libopenblas.dylib',
  'libopenblas.so.0',
];

const CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112, CblasUpper = 121;

/** Why no BLAS is used (null while none was looked for, or one loaded). */
let missing: string | null = null;
let loaded: Blas | null | undefined;

/** Candidates in order: the override alone when set (a wrong path must not fall back silently). */
export function blasCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const forced = env['LAZYLAB_BLAS'];
  if (forced) return [forced];
  return STANDARD_BLAS.filter((p) => !p.startsWith('/') || existsSync(p));
}

type Koffi = typeof import('koffi');

async function loadKoffi(): Promise<Koffi | null> {
  try {
    const mod = (await import('koffi')) as Koffi & { default?: Koffi };
    return mod.default ?? mod;
  } catch (e) {
    missing = `the koffi package does not load (${(e as Error).message.split('\n')[0]})`;
    return null;
  }
}

/** Bind one library, or say why not. OpenBLAS is told to use one thread before any product. */
function bind(koffi: Koffi, path: string): Blas | string {
  let lib: ReturnType<Koffi['load']>;
  try {
    lib = koffi.load(path);
  } catch (e) {
    return `${path}: ${(e as Error).message.split('\n')[0]}`;
  }
  let raw: (...args: unknown[]) => unknown, rawSyrk: (...args: unknown[]) => unknown;
  try {
    raw = lib.func('void cblas_sgemm(int, int, int, int, int, int, float, float *, int, float *, int, float, float *, int)');
    rawSyrk = lib.func('void cblas_ssyrk(int, int, int, int, int, float, float *, int, float, float *, int)');
  } catch {
    return `${path} has no cblas_sgemm or cblas_ssyrk`;
  }
  let name = path.split('/').pop()!;
  try {
    lib.func('void openblas_set_num_threads(int)')(1);
    name = String(lib.func('const char *openblas_get_config(void)')()).trim();
  } catch {
    // Not OpenBLAS (reference BLAS, BLIS): single-threaded already or governed by its own variables.
  }
  const sgemm: Sgemm = (tA, tB, m, n, k, a, lda, b, ldb, beta, c, ldc) =>
    void raw(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, m, n, k, 1, a, lda, b, ldb, beta, c, ldc);
  const ssyrk: Ssyrk = (n, k, alpha, a, lda, beta, c, ldc) =>
    void rawSyrk(CblasRowMajor, CblasUpper, CblasNoTrans, n, k, alpha, a, lda, beta, c, ldc);
  return { sgemm, ssyrk, library: path, name };
}

/** The first BLAS in `env`'s candidates that binds, or why none did (not cached: for tests and diagnostics). */
export async function findBlas(env: NodeJS.ProcessEnv = process.env): Promise<Blas | string> {
  // Read by OpenBLAS when it loads: no helper threads even before openblas_set_num_threads runs.
  process.env['OPENBLAS_NUM_THREADS'] ??= '1';
  const koffi = await loadKoffi();
  if (!koffi) return missing!;
  const tried: string[] = [];
  for (const path of blasCandidates(env)) {
    const got = bind(koffi, path);
    if (typeof got !== 'string') return got;
    tried.push(got);
  }
  return tried.length ? tried.join('; ') : `no BLAS library found (looked in ${STANDARD_BLAS.filter((p) => p.startsWith('/')).join(', ')})`;
}

/** The BLAS this thread uses, found once; null (see blasMissing) when none binds. */
export async function loadBlas(): Promise<Blas | null> {
  if (loaded !== undefined) return loaded;
  const got = await findBlas();
  if (typeof got === 'string') {
    missing = got;
    loaded = null;
  } else {
    loaded = got;
  }
  return loaded;
}

/** Why loadBlas returned null. */
export function blasMissing(): string {
  return missing ?? 'no BLAS was looked for';
}
