// The host step executor: the training session of session.ts for fully connected networks in
// plain JavaScript on Float32Arrays, matrix products through the native sgemm (host-net.ts).
// A Kearns step on tfjs is ~40 kernels at ~16 µs of dispatch each; here it is two sgemm calls
// and a few loops. All buffers are allocated when the session opens; a step allocates nothing.
// Parameters are double-buffered: step() writes w_{t+1} beside w_t, advance() swaps them.

import { ReadbackCache, type Evaluation } from './readback-cache.js';
import { lrAt } from '../../plan/lr-schedule.js';
import type { OptimizerConfig, RunCell } from '../../plan/cell.js';
import type { Dataset, Split } from '../data/index.js';
import type { LayerParams } from '../model/params.js';
import type { SplitName } from '../measure/types.js';
import type { Blas } from '../native/blas.js';
import { backwardHost, forwardHost, makeWorkspace, paramCount, paramViews, workspaceLengths, type HostNet, type HostParams, type Workspace } from './host-net.js';
import { Arena } from './host-simd.js';
import { hostLoss } from './host-loss.js';
import { makeHostOptimizer, type HostOptimizer } from './host-optimizer.js';
import { batchSize } from './optimizers.js';
import type { Session } from './session.js';

/** Optimizer fields the host executor implements; a config with any other field (a new feature) falls back to tfjs. */
const OPTIMIZER_FIELDS: Record<OptimizerConfig['kind'], string[]> = {
  gd: ['kind', 'lr', 'schedule'], sgd: ['kind', 'lr', 'batch', 'schedule'], momentum: ['kind', 'lr', 'beta', 'batch', 'schedule'],
  adam: ['kind', 'lr', 'beta1', 'beta2', 'eps', 'batch', 'schedule'],
};

/** Why the host executor does not run this cell, or null when it does. Pure. */
export function hostUnsupported(cell: RunCell): string | null {
  if (cell.model.layers) return 'a layered network (the host executor covers fully connected networks)';
  if (cell.data.augment) return 'data augmentation';
  const fields = OPTIMIZER_FIELDS[cell.train.optimizer.kind];
  if (!fields) return `optimizer ${cell.train.optimizer.kind}`;
  const extra = Object.keys(cell.train.optimizer).filter((k) => !fields.includes(k));
  if (extra.length) return `optimizer setting ${extra.join(', ')}`;
  if (!['mse', 'bce', 'cross_entropy'].includes(cell.train.loss)) return `loss ${cell.train.loss}`;
  if (!['relu', 'tanh', 'erf', 'sigmoid', 'gelu', 'identity'].includes(cell.model.activation)) return `activation ${cell.model.activation}`;
  return null;
}

/** Does the host executor run this cell (on the native matrix path)? */
export const hostSupports = (cell: RunCell): boolean => hostUnsupported(cell) === null;

interface HostSplit {
  n: number;
  /** c_1 · X. */
  x: Float32Array;
  y: Float32Array;
  /** h(X; w0) for the frozen copy, else null. */
  h0: Float32Array | null;
}

/** Rows of a split gathered for one minibatch (buffers sized for the largest batch; `n` set per step). */
type BatchBuffers = HostSplit;

export class HostSession implements Session {
  readonly executor = 'host' as const;
  private readonly net: HostNet;
  private readonly k: number;
  private readonly alpha: number;
  private readonly initial: HostParams;
  private readonly buffers: [HostParams, HostParams];
  private readonly grad: HostParams;
  private readonly splits: Record<SplitName, HostSplit>;
  private readonly ws: Workspace;
  private evalWs: Workspace | null = null;
  private readonly dh: Float32Array;
  private readonly batch: BatchBuffers | null;
  private readonly opt: HostOptimizer;
  private pending = false;
  private readonly readback = new ReadbackCache((split, withZs) => this.evaluate(split, this.current, withZs), (split) => this.evaluate(split, this.initial, true).zs);

  constructor(private readonly cell: RunCell, data: Dataset, initial: LayerParams[], private readonly blas: Blas) {
    const m = cell.model;
    this.net = { dims: [m.inputDim, ...m.hidden, m.outputDim], act: m.activation, mult: [...m.hidden, m.outputDim].map((_, l) => m.multipliers[l] ?? 1), bias: m.bias, symmetrized: m.init.symmetrized };
    this.k = m.outputDim;
    this.alpha = m.outputScale;
    const size = paramCount(this.net);
    const rows = Math.min(batchSize(cell.train.optimizer) ?? data.train.n, data.train.n);
    const evalRows = Math.max(data.train.n, data.test.n);
    const arena = openArena(this.net, size, rows, evalRows);
    const alloc = (n: number): Float32Array => (arena ? arena.alloc(n) : new Float32Array(n));
    this.initial = paramViews(this.net, alloc(size));
    this.initial.flat.set(flatten(initial, size));
    this.buffers = [paramViews(this.net, alloc(size)), paramViews(this.net, alloc(size))];
    this.buffers[0].flat.set(this.initial.flat);
    this.grad = paramViews(this.net, alloc(size));
    this.ws = makeWorkspace(this.net, rows, arena ?? undefined);
    if (evalRows > rows) this.evalWs = makeWorkspace(this.net, evalRows, arena ?? undefined);
    this.dh = alloc(rows * this.k);
    this.splits = { train: this.upload(data.train), test: this.upload(data.test) };
    this.batch = rows < data.train.n
      ? { n: rows, x: new Float32Array(rows * m.inputDim), y: new Float32Array(rows * this.k), h0: m.init.frozenCopy ? new Float32Array(rows * this.k) : null }
      : null;
    this.opt = makeHostOptimizer(cell.train.optimizer, size, arena);
  }

  private get current(): HostParams { return this.buffers[0]; }

  /** The learning rate of step t (one place for a per-step schedule). */
  private lrAt(t: number): number { return lrAt(this.cell.train.optimizer, t); }

  private upload(s: Split): HostSplit {
    const c = this.net.mult[0]!;
    const x = Float32Array.from(s.x, (v) => c * v);
    const split: HostSplit = { n: s.n, x, y: s.y, h0: null };
    if (this.cell.model.init.frozenCopy) split.h0 = this.forwardSplit(split, this.initial).h.slice(0, s.n * this.k);
    return split;
  }

  /** A forward pass over a whole split, in the step's workspace when it has the rows, else in one kept for evaluations. */
  private forwardSplit(s: HostSplit, p: HostParams): Workspace {
    const ws = s.n > this.ws.rows ? this.evalWs! : this.ws;
    forwardHost(this.net, this.blas, p, s.x, s.n, ws);
    return ws;
  }

  /** The training split, or its rows `idx` copied into the batch buffers. */
  private batchOf(idx: Int32Array | null): HostSplit {
    const s = this.splits.train;
    if (!idx || !this.batch) return s;
    const b = this.batch, d = this.net.dims[0]!, k = this.k;
    b.n = idx.length;
    for (let r = 0; r < idx.length; r++) {
      const i = idx[r]!;
      for (let j = 0; j < d; j++) b.x[r * d + j] = s.x[i * d + j]!;
      for (let j = 0; j < k; j++) b.y[r * k + j] = s.y[i * k + j]!;
      if (b.h0) for (let j = 0; j < k; j++) b.h0[r * k + j] = s.h0![i * k + j]!;
    }
    return b;
  }

  step(t: number, batch: Int32Array | null, last: boolean): number {
    const b = this.batchOf(batch);
    const p = this.current;
    forwardHost(this.net, this.blas, p, b.x, b.n, this.ws);
    const value = hostLoss(this.cell.train.loss, this.ws.h, b.h0, b.y, b.n, this.k, this.alpha, this.dh);
    this.pending = false;
    if (last) return value;
    backwardHost(this.net, this.blas, p, b.x, b.n, this.ws, this.dh, this.grad);
    this.opt.update(p.flat, this.grad.flat, this.buffers[1].flat, t + 1, this.lrAt(t));
    this.pending = true;
    return value;
  }

  discardPending(): void {
    this.pending = false;
  }

  advance(): void {
    if (!this.pending) return;
    this.buffers.reverse();
    this.pending = false;
    this.readback.stepped();
  }

  /** f = α·(h − h0) on a full split, and copies of the hidden pre-activations when `withZs`. */
  private evaluate(split: SplitName, p: HostParams, withZs: boolean): Evaluation {
    const s = this.splits[split];
    const ws = this.forwardSplit(s, p);
    const f = new Float32Array(s.n * this.k);
    for (let i = 0; i < f.length; i++) f[i] = this.alpha * (s.h0 ? ws.h[i]! - s.h0[i]! : ws.h[i]!);
    const zs = withZs ? ws.z.map((z, l) => z.slice(0, s.n * this.net.dims[l + 1]!)) : [];
    return { f, zs };
  }

  outputs(split: SplitName): Float32Array {
    return this.readback.outputs(split);
  }

  preactivations(split: SplitName, at: 'now' | 'initial'): Float32Array[] {
    return this.readback.preactivations(split, at);
  }

  params(): LayerParams[] {
    const p = this.current;
    return p.w.map((w, l) => ({ fanIn: this.net.dims[l]!, fanOut: this.net.dims[l + 1]!, w: w.slice(), b: p.b[l] ? p.b[l]!.slice() : null }));
  }

  dispose(): void {
    this.readback.clear();
    this.evalWs = null;
  }
}

/** The layers' W and b in one flat array, in the order of paramViews. */
function flatten(layers: LayerParams[], size: number): Float32Array {
  const flat = new Float32Array(size);
  let o = 0;
  for (const l of layers) {
    flat.set(l.w, o);
    o += l.w.length;
    if (l.b) {
      flat.set(l.b, o);
      o += l.b.length;
    }
  }
  if (o !== size) throw new Error(`host executor: ${o} initial parameters for a network of ${size}`);
  return flat;
}

/**
 * One WebAssembly memory for the parameters (initial, current, next, gradient), Adam's state and the workspaces, so
 * the SIMD kernels reach them; none for networks whose buffers would not fit in 2 GiB (then
 * plain arrays and the JavaScript loops).
 */
function openArena(net: HostNet, size: number, rows: number, evalRows: number): Arena | null {
  const floats = Arena.size([size, size, size, size, size, size, rows * net.dims[net.dims.length - 1]!, ...workspaceLengths(net, rows), ...(evalRows > rows ? workspaceLengths(net, evalRows) : [])]);
  return floats * 4 < 2 ** 31 ? new Arena(floats) : null;
}
