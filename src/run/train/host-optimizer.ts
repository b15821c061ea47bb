// The optimizers of optimizers.ts on one flat float32 parameter array for the host executor:
// gd/sgd, heavy-ball momentum and Adam (PyTorch conventions, bias corrections folded into the
// step size and epsilon as there). The learning rate is an argument of every update, so a
// per-step schedule only changes the number the session passes.

import type { OptimizerConfig } from '../../plan/cell.js';
import type { Arena } from './host-simd.js';

export interface HostOptimizer {
  /** out = w after one step with gradient g, at step t = 1, 2, … with learning rate lr. Updates the state in place. */
  update(w: Float32Array, g: Float32Array, out: Float32Array, t: number, lr: number): void;
}

/** w − η g. */
const plain: HostOptimizer = {
  update(w, g, out, _t, lr) {
    for (let i = 0; i < w.length; i++) out[i] = w[i]! - lr * g[i]!;
  },
};

/** v ← βv + g (v = g at the first step); w ← w − η v. */
function momentum(beta: number, size: number): HostOptimizer {
  const v = new Float32Array(size);
  let started = false;
  return {
    update(w, g, out, _t, lr) {
      for (let i = 0; i < w.length; i++) {
        v[i] = started ? beta * v[i]! + g[i]! : g[i]!;
        out[i] = w[i]! - lr * v[i]!;
      }
      started = true;
    },
  };
}

/**
 * Adam: m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², w ← w − η̂ m / (√v + ε̂). With an arena
 * holding w, g and out, the state lives there too and the SIMD kernel runs (float32 throughout).
 */
function adam(beta1: number, beta2: number, eps: number, size: number, arena: Arena | null): HostOptimizer {
  const m = arena ? arena.alloc(size) : new Float32Array(size), v = arena ? arena.alloc(size) : new Float32Array(size);
  const c1 = 1 - beta1, c2 = 1 - beta2, k = arena?.kernels ?? null;
  return {
    update(w, g, out, t, lr) {
      const bc2 = Math.sqrt(1 - beta2 ** t);
      const stepSize = (lr * bc2) / (1 - beta1 ** t), epsHat = eps * bc2;
      if (k && w.buffer === m.buffer && g.buffer === m.buffer && out.buffer === m.buffer) {
        return k.adam(w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, out.byteOffset, size, beta1, c1, beta2, c2, stepSize, epsHat);
      }
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]!;
        m[i] = beta1 * m[i]! + c1 * gi;
        v[i] = beta2 * v[i]! + c2 * gi * gi;
        out[i] = w[i]! - (m[i]! / (Math.sqrt(v[i]!) + epsHat)) * stepSize;
      }
    },
  };
}

/** The optimizer of a cell over `size` parameters (its state starts at zero; in `arena` when given). */
export function makeHostOptimizer(config: OptimizerConfig, size: number, arena: Arena | null = null): HostOptimizer {
  switch (config.kind) {
    case 'gd':
    case 'sgd':
      return plain;
    case 'momentum':
      return momentum(config.beta, size);
    case 'adam':
      return adam(config.beta1, config.beta2, config.eps, size, arena);
  }
}
