// The raw sample type shared by every data source, before targets are encoded for a loss.

/** Samples as drawn or read: row-major features plus a class and/or a real-valued label. */
export interface RawSamples {
  n: number;
  dim: number;
  /** n × dim, row-major. */
  x: Float64Array;
  /** Class index per sample (0-based), or null for pure regression data. */
  classes: Int32Array | null;
  /** Number of classes when `classes` is set. */
  classCount: number;
  /** Real-valued label per sample (teacher output, CSV value), or null. */
  value: Float64Array | null;
}

/** Rows [start, start + count) of a sample set. */
export function sliceSamples(s: RawSamples, start: number, count: number): RawSamples {
  return {
    n: count,
    dim: s.dim,
    x: s.x.slice(start * s.dim, (start + count) * s.dim),
    classes: s.classes ? s.classes.slice(start, start + count) : null,
    classCount: s.classCount,
    value: s.value ? s.value.slice(start, start + count) : null,
  };
}

/** The rows of `a` then those of `b` (same features and classes). */
export function concatSamples(a: RawSamples, b: RawSamples): RawSamples {
  const cat = <T extends Float64Array | Int32Array>(x: T | null, y: T | null, make: (n: number) => T): T | null => {
    if (!x || !y) return null;
    const out = make(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return {
    n: a.n + b.n, dim: a.dim, classCount: a.classCount,
    x: cat(a.x, b.x, (n) => new Float64Array(n))!,
    classes: cat(a.classes, b.classes, (n) => new Int32Array(n)),
    value: cat(a.value, b.value, (n) => new Float64Array(n)),
  };
}

/** The rows of `s` in the order given by `order`. */
export function reorderSamples(s: RawSamples, order: ArrayLike<number>): RawSamples {
  const n = order.length;
  const x = new Float64Array(n * s.dim);
  const classes = s.classes ? new Int32Array(n) : null;
  const value = s.value ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const r = order[i]!;
    x.set(s.x.subarray(r * s.dim, (r + 1) * s.dim), i * s.dim);
    if (classes) classes[i] = s.classes![r]!;
    if (value) value[i] = s.value![r]!;
  }
  return { n, dim: s.dim, x, classes, classCount: s.classCount, value };
}
