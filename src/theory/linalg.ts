// Small dense linear algebra on plain number[][] (row-major), float64.
// Kept here so every theory module works on plain data; ml-matrix is used only for the
// symmetric eigendecomposition, which is wrapped once so callers never see a Matrix.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export type Rows = ReadonlyArray<ArrayLike<number>>;

/** A symmetric eigendecomposition K = V diag(values) Vᵀ; values ascending, V[:, i] ↔ values[i]. */
export interface SymmetricEigen {
  values: number[];
  /** Row-major n×n; column i is the eigenvector of values[i]. */
  vectors: number[][];
}

/** Copies rows of any array-like (number[] or Float64Array) into fresh number[][]. */
export function toRows(a: Rows): number[][] {
  return a.map((r) => Array.from(r));
}

export function zeros(n: number, m: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(m).fill(0));
}

export function transpose(a: Rows): number[][] {
  const n = a.length;
  const m = n === 0 ? 0 : a[0]!.length;
  const out = zeros(m, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j]![i] = a[i]![j]!;
  return out;
}

export function matmul(a: Rows, b: Rows): number[][] {
  const n = a.length;
  const k = b.length;
  const m = k === 0 ? 0 : b[0]!.length;
  const out = zeros(n, m);
  for (let i = 0; i < n; i++) {
    const ai = a[i]!;
    const oi = out[i]!;
    for (let p = 0; p < k; p++) {
      const s = ai[p]!;
      if (s === 0) continue;
      const bp = b[p]!;
      for (let j = 0; j < m; j++) oi[j]! += s * bp[j]!;
    }
  }
  return out;
}

export function matvec(a: Rows, v: ArrayLike<number>): number[] {
  return a.map((row) => dot(row, v));
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm2(v: ArrayLike<number>): number {
  return Math.sqrt(dot(v, v));
}

export function frobenius(a: Rows): number {
  let s = 0;
  for (const row of a) for (let j = 0; j < row.length; j++) s += row[j]! * row[j]!;
  return Math.sqrt(s);
}

/** ‖a − b‖_F for equal-shape matrices. */
export function frobeniusDiff(a: Rows, b: Rows): number {
  if (a.length !== b.length) throw new Error(`shape mismatch: ${a.length} vs ${b.length} rows`);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    const bi = b[i]!;
    if (ai.length !== bi.length) throw new Error(`shape mismatch in row ${i}`);
    for (let j = 0; j < ai.length; j++) s += (ai[j]! - bi[j]!) ** 2;
  }
  return Math.sqrt(s);
}

/** a ⊙ b (Hadamard product). */
export function hadamard(a: Rows, b: Rows): number[][] {
  return a.map((row, i) => Array.from(row, (v, j) => v * b[i]![j]!));
}

/** A Aᵀ (Gram matrix of the rows of a). */
export function gram(a: Rows, b: Rows = a): number[][] {
  return a.map((ra) => b.map((rb) => dot(ra, rb)));
}

/** Symmetric eigendecomposition (ml-matrix's tred2/tql2); symmetrizes (K + Kᵀ)/2 first. */
export function symmetricEigen(k: Rows): SymmetricEigen {
  const n = k.length;
  const sym = zeros(n, n);
  for (let i = 0; i < n; i++) {
    if (k[i]!.length !== n) throw new Error(`kernel matrix must be square, row ${i} has ${k[i]!.length} of ${n}`);
    for (let j = 0; j < n; j++) sym[i]![j] = 0.5 * (k[i]![j]! + k[j]![i]!);
  }
  const evd = new EigenvalueDecomposition(new Matrix(sym), { assumeSymmetric: true });
  const values = evd.realEigenvalues.slice();
  const vectors = evd.eigenvectorMatrix.to2DArray();
  // ml-matrix returns ascending eigenvalues for symmetric input; sort defensively anyway.
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  return {
    values: order.map((i) => values[i]!),
    vectors: vectors.map((row) => order.map((i) => row[i]!)),
  };
}

/** V diag(g) Vᵀ applied to a vector: Σ_i g_i (v_iᵀ x) v_i. */
export function applySpectral(eig: SymmetricEigen, g: ArrayLike<number>, x: ArrayLike<number>): number[] {
  const n = eig.values.length;
  const v = eig.vectors;
  const coef = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let r = 0; r < n; r++) s += v[r]![i]! * x[r]!;
    coef[i] = s * g[i]!;
  }
  const out = new Array<number>(n).fill(0);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[r]![i]! * coef[i]!;
    out[r] = s;
  }
  return out;
}
