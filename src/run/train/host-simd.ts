// WebAssembly SIMD kernels for the host executor's ReLU loops (four float32 lanes at a time):
// scalar JavaScript loops were 60 % of a wide step. The module is assembled here from bytes (no
// toolchain) and instantiated per session on that session's own WebAssembly.Memory (an Arena),
// which holds the buffers the kernels touch; koffi passes views of the same memory to sgemm.
// Arithmetic is float32 with one rounding per operation, as tfjs's kernels do.

/** The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmMemory { readonly buffer: ArrayBuffer }
type WasmModule = object;
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (mod: WasmModule, imports: object) => { exports: object };
  Memory: new (desc: { initial: number; maximum: number }) => WasmMemory;
};

/** The kernels; pointers are byte offsets into the arena's memory, lengths in floats. */
export interface SimdKernels {
  /** a = c·max(z, 0) over len floats. */
  relu(z: number, a: number, len: number, c: number): void;
  /** a = c·max(z, 0) over len floats; returns Σ a·w (four lane sums, then the tail). */
  reluDot(z: number, a: number, w: number, len: number, c: number): number;
  /** One row of a one-output layer's backward pass: g += a·d; z = (dc·w)·[z > 0]. */
  reluBackRow(z: number, a: number, w: number, g: number, len: number, d: number, dc: number): void;
  /** z = (c·s)·[z > 0] over len floats. */
  reluMask(z: number, s: number, len: number, c: number): void;
  /** reluDot over n rows of m: h_i = reluDot(first half) + reluDot(second half) (half = m: one sum). */
  reluDotRows(z: number, a: number, w: number, h: number, n: number, m: number, half: number, c: number): void;
  /** reluBackRow over n rows of m, d = δ_i, dc = c·δ_i. */
  reluBackRows(z: number, a: number, w: number, g: number, delta: number, n: number, m: number, c: number): void;
  /** Adam in float32, in tfjs's operation order: m = m·b1 + g·c1; v = v·b2 + (g·g)·c2; out = w − m / (√v + eps) · step. */
  adam(w: number, g: number, m: number, v: number, out: number, len: number, b1: number, c1: number, b2: number, c2: number, step: number, eps: number): void;
}

// Opcodes (WebAssembly core and SIMD proposals).
const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;
const get = (i: number) => [0x20, i], set = (i: number) => [0x21, i];
const i32c = (v: number) => [0x41, ...sleb(v)];
const f32c = (v: number) => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const load = simd(0x00, 0, 0), store = simd(0x0b, 0, 0), splat = simd(0x13);
const fadd = simd(0xe4), fmul = simd(0xe6), fmax = simd(0xe9), fgt = simd(0x44), and = simd(0x4e);
const lane = (l: number) => simd(0x1f, l);
const zero = simd(0x0c, ...new Array<number>(16).fill(0));
const f32load = [0x2a, 2, 0], f32store = [0x38, 2, 0];
const add32 = [0x6a], geU = [0x4f];

function uleb(v: number): number[] {
  const out: number[] = [];
  do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; out.push(b); } while (v);
  return out;
}
function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f; v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

/** for (j = from; j < end; j += step) body — j is a byte offset in local `j`, `end` a local. */
const loop = (j: number, end: number, step: number, body: number[]) =>
  [0x02, 0x40, 0x03, 0x40, ...get(j), ...get(end), ...geU, 0x0d, 1, ...body, ...get(j), ...i32c(step), ...add32, ...set(j), 0x0c, 0, 0x0b, 0x0b];
/** Byte ends of the 4-lane part and of the whole span: locals e4 = (len & ~3)·4, e = len·4. */
const ends = (len: number, e4: number, e: number) =>
  [...get(len), ...i32c(-4), 0x71, ...i32c(2), 0x74, ...set(e4), ...get(len), ...i32c(2), 0x74, ...set(e)];
const at = (ptr: number, j: number) => [...get(ptr), ...get(j), ...add32];

// relu(z, a, len, c) — locals: j 4, e4 5, e 6, cv 7
const relu = { params: [I32, I32, I32, F32], results: [], locals: [I32, I32, I32, V128], body: [
  ...get(3), ...splat, ...set(7), ...ends(2, 5, 6),
  ...loop(4, 5, 16, [...at(1, 4), ...at(0, 4), ...load, ...zero, ...fmax, ...get(7), ...fmul, ...store]),
  ...loop(4, 6, 4, [...at(1, 4), ...at(0, 4), ...f32load, ...f32c(0), 0x97, ...get(3), 0x94, ...f32store]),
] };

// reluDot(z, a, w, len, c) -> f32 — locals: j 5, e4 6, e 7, cv 8, acc 9, v 10, s 11, x 12
const reluDot = { params: [I32, I32, I32, I32, F32], results: [F32], locals: [I32, I32, I32, V128, V128, V128, F32, F32], body: [
  ...get(4), ...splat, ...set(8), ...zero, ...set(9), ...ends(3, 6, 7),
  ...loop(5, 6, 16, [
    ...at(0, 5), ...load, ...zero, ...fmax, ...get(8), ...fmul, ...set(10),
    ...at(1, 5), ...get(10), ...store,
    ...get(9), ...get(10), ...at(2, 5), ...load, ...fmul, ...fadd, ...set(9),
  ]),
  ...get(9), ...lane(0), ...get(9), ...lane(1), 0x92, ...get(9), ...lane(2), ...get(9), ...lane(3), 0x92, 0x92, ...set(11),
  ...loop(5, 7, 4, [
    ...at(0, 5), ...f32load, ...f32c(0), 0x97, ...get(4), 0x94, ...set(12),
    ...at(1, 5), ...get(12), ...f32store,
    ...get(11), ...get(12), ...at(2, 5), ...f32load, 0x94, 0x92, ...set(11),
  ]),
  ...get(11),
] };

// reluBackRow(z, a, w, g, len, d, dc) — locals: j 7, e4 8, e 9, dv 10, dcv 11
const reluBackRow = { params: [I32, I32, I32, I32, I32, F32, F32], results: [], locals: [I32, I32, I32, V128, V128], body: [
  ...get(5), ...splat, ...set(10), ...get(6), ...splat, ...set(11), ...ends(4, 8, 9),
  ...loop(7, 8, 16, [
    ...at(3, 7), ...at(3, 7), ...load, ...at(1, 7), ...load, ...get(10), ...fmul, ...fadd, ...store,
    ...at(0, 7), ...get(11), ...at(2, 7), ...load, ...fmul, ...at(0, 7), ...load, ...zero, ...fgt, ...and, ...store,
  ]),
  ...loop(7, 9, 4, [
    ...at(3, 7), ...at(3, 7), ...f32load, ...at(1, 7), ...f32load, ...get(5), 0x94, 0x92, ...f32store,
    ...at(0, 7), ...get(6), ...at(2, 7), ...f32load, 0x94, ...f32c(0), ...at(0, 7), ...f32load, ...f32c(0), 0x5e, 0x1b, ...f32store,
  ]),
] };

// reluMask(z, s, len, c) — locals: j 4, e4 5, e 6, cv 7
const reluMask = { params: [I32, I32, I32, F32], results: [], locals: [I32, I32, I32, V128], body: [
  ...get(3), ...splat, ...set(7), ...ends(2, 5, 6),
  ...loop(4, 5, 16, [...at(0, 4), ...get(7), ...at(1, 4), ...load, ...fmul, ...at(0, 4), ...load, ...zero, ...fgt, ...and, ...store]),
  ...loop(4, 6, 4, [...at(0, 4), ...get(3), ...at(1, 4), ...f32load, 0x94, ...f32c(0), ...at(0, 4), ...f32load, ...f32c(0), 0x5e, 0x1b, ...f32store]),
] };

const call = (f: number) => [0x10, f];
const shl2 = (from: number, to: number) => [...get(from), ...i32c(2), 0x74, ...set(to)];
const bump = (l: number, by: number[]) => [...get(l), ...by, ...add32, ...set(l)];

// reluDotRows(z, a, w, h, n, m, half, c) — one call per step instead of two per row; locals: i 8, o 9, mb 10, hb 11, hp 12
const reluDotRows = { params: [I32, I32, I32, I32, I32, I32, I32, F32], results: [], locals: [I32, I32, I32, I32, I32], body: [
  ...shl2(5, 10), ...shl2(6, 11), ...get(3), ...set(12),
  ...loop(8, 4, 1, [
    ...get(12),
    ...at(0, 9), ...at(1, 9), ...get(2), ...get(6), ...get(7), ...call(1),
    ...at(0, 9), ...get(11), ...add32, ...at(1, 9), ...get(11), ...add32, ...get(2), ...get(11), ...add32,
    ...get(5), ...get(6), 0x6b, ...get(7), ...call(1),
    0x92, ...f32store,
    ...bump(9, get(10)), ...bump(12, i32c(4)),
  ]),
] };

// reluBackRows(z, a, w, g, delta, n, m, c) — locals: i 8, o 9, mb 10, dp 11, d 12
const reluBackRows = { params: [I32, I32, I32, I32, I32, I32, I32, F32], results: [], locals: [I32, I32, I32, I32, F32], body: [
  ...shl2(6, 10), ...get(4), ...set(11),
  ...loop(8, 5, 1, [
    ...get(11), ...f32load, ...set(12),
    ...at(0, 9), ...at(1, 9), ...get(2), ...get(3), ...get(6), ...get(12), ...get(7), ...get(12), 0x94, ...call(2),
    ...bump(9, get(10)), ...bump(11, i32c(4)),
  ]),
] };

const fsub = simd(0xe5), fdiv = simd(0xe7), fsqrt = simd(0xe3);
/** The Adam update of one value (4 lanes or 1): `ld`/`st` load and store, arithmetic ops per width. */
const adamBody = (ld: number[], st: number[], mul: number[], add: number[], sub: number[], div: number[], sqrt: number[], s: (i: number) => number[], g: number, mm: number, vv: number) => [
  ...at(1, 12), ...ld, ...set(g),
  ...at(2, 12), ...at(2, 12), ...ld, ...s(6), ...mul, ...get(g), ...s(7), ...mul, ...add, ...set(mm), ...get(mm), ...st,
  ...at(3, 12), ...at(3, 12), ...ld, ...s(8), ...mul, ...get(g), ...get(g), ...mul, ...s(9), ...mul, ...add, ...set(vv), ...get(vv), ...st,
  ...at(4, 12), ...at(0, 12), ...ld, ...get(mm), ...get(vv), ...sqrt, ...s(11), ...add, ...div, ...s(10), ...mul, ...sub, ...st,
];
// adam(w, g, m, v, out, len, b1, c1, b2, c2, step, eps) — locals: j 12, e4 13, e 14, g/m/v lanes 15–17, splats 18–23, g/m/v scalars 24–26
const adam = { params: [I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32], results: [],
  locals: [I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128, V128, F32, F32, F32], body: [
    ...[6, 7, 8, 9, 10, 11].flatMap((p) => [...get(p), ...splat, ...set(p + 12)]), ...ends(5, 13, 14),
    ...loop(12, 13, 16, adamBody(load, store, fmul, fadd, fsub, fdiv, fsqrt, (p) => get(p + 12), 15, 16, 17)),
    ...loop(12, 14, 4, adamBody(f32load, f32store, [0x94], [0x92], [0x93], [0x95], [0x91], get, 24, 25, 26)),
  ] };

const FUNCS = { relu, reluDot, reluBackRow, reluMask, reluDotRows, reluBackRows, adam };

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const str = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

function assemble(): Uint8Array {
  const fs = Object.values(FUNCS);
  const types = fs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const imports = [[...str('e'), ...str('m'), 0x02, 0x00, 0x00]]; // memory, min 0 pages
  const exports = Object.keys(FUNCS).map((name, i) => [...str(name), 0x00, i]);
  const codes = fs.map((f) => {
    const body = [...vec(f.locals.map((t) => [1, t])), ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec(types)), ...section(2, vec(imports)), ...section(3, vec(fs.map((_, i) => [i]))),
    ...section(7, vec(exports)), ...section(10, vec(codes))]);
}

let compiled: WasmModule | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (then the JavaScript loops run). */
function module(): WasmModule | null {
  if (compiled === undefined) {
    const bytes = assemble();
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

/** One session's memory: Float32Array views handed out in order, 16-byte aligned; it never grows (views stay valid). */
export class Arena {
  readonly memory: WasmMemory;
  readonly kernels: SimdKernels | null;
  private used = 0;

  constructor(floats: number) {
    const pages = Math.max(1, Math.ceil((floats * 4 + 64) / 65536));
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const mod = module();
    this.kernels = mod ? (new WebAssembly.Instance(mod, { e: { m: this.memory } }).exports as unknown as SimdKernels) : null;
  }

  /** Floats an arena needs for views of these lengths (each rounded up to 4 floats). */
  static size(lengths: number[]): number {
    return lengths.reduce((s, n) => s + Math.ceil(n / 4) * 4, 0);
  }

  alloc(n: number): Float32Array {
    const view = new Float32Array(this.memory.buffer, this.used * 4, n);
    this.used += Math.ceil(n / 4) * 4;
    if (this.used * 4 > this.memory.buffer.byteLength) throw new Error('host executor: arena too small');
    return view;
  }
}
