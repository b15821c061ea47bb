// What a session's measurements read at a log step: the outputs f and the hidden pre-activations
// on each split, at the current parameters and at w0, each computed and read back once per step.
// Shared by the tfjs session and the host executor, which differ only in how they evaluate.

import type { SplitName } from '../measure/types.js';

/** One forward pass on a full split: f, and the pre-activations when they were asked for. */
export interface Evaluation { f: Float32Array; zs: Float32Array[] }

export class ReadbackCache {
  private readonly values = new Map<string, Float32Array[]>();
  /** Set once a measurement asked for the current pre-activations: a cell measures the same things at every log step. */
  private wantsZs = false;

  constructor(
    private readonly evaluateNow: (split: SplitName, withZs: boolean) => Evaluation,
    private readonly initialZs: (split: SplitName) => Float32Array[],
  ) {}

  /** f on a split; only f is read back unless the cell's measurements also use the n × m pre-activations (then one pass serves both). */
  outputs(split: SplitName): Float32Array {
    if (!this.values.has(`f:${split}`)) this.evalNow(split, this.wantsZs);
    return this.values.get(`f:${split}`)![0]!;
  }

  preactivations(split: SplitName, at: 'now' | 'initial'): Float32Array[] {
    const key = `z:${split}:${at}`;
    if (at === 'now') this.wantsZs = true;
    if (!this.values.has(key)) {
      if (at === 'now') this.evalNow(split, true);
      else this.values.set(key, this.initialZs(split));
    }
    return this.values.get(key)!;
  }

  /** The parameters moved: forget what was read at the old ones (values at w0 stay). */
  stepped(): void {
    for (const key of [...this.values.keys()]) if (!key.endsWith(':initial')) this.values.delete(key);
  }

  clear(): void {
    this.values.clear();
  }

  private evalNow(split: SplitName, withZs: boolean): void {
    const e = this.evaluateNow(split, withZs);
    this.values.set(`f:${split}`, [e.f]);
    if (withZs) this.values.set(`z:${split}:now`, e.zs);
  }
}
