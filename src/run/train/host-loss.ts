// The losses of loss.ts on plain arrays for the host executor: L(f) and ∂F/∂h in one pass, with
// f = α·(h − h0) formed on the fly (output.ts) and ∂F/∂h = (1/α)·∂L/∂f (Chizat's F_α = L(α h)/α²).
// Float64 throughout; the gradient is rounded to float32 once on store.

import type { Loss } from '../../plan/cell.js';

/**
 * The loss on n rows of k outputs, and its gradient with respect to h written into `dh`.
 * `h0` is the frozen copy's output on the same rows, or null.
 */
export function hostLoss(loss: Loss, h: Float32Array, h0: Float32Array | null, y: Float32Array, n: number, k: number, alpha: number, dh: Float32Array): number {
  const g = 1 / (n * alpha);
  let total = 0;
  if (loss === 'mse') {
    for (let i = 0; i < n * k; i++) {
      const r = alpha * (h0 ? h[i]! - h0[i]! : h[i]!) - y[i]!;
      total += r * r;
      dh[i] = r * g;
    }
    return total / (2 * n);
  }
  if (loss === 'bce') {
    for (let i = 0; i < n; i++) {
      const f = alpha * (h0 ? h[i]! - h0[i]! : h[i]!);
      // softplus(f) = max(f, 0) + log1p(e^{−|f|}), stable for either sign.
      total += Math.max(f, 0) + Math.log1p(Math.exp(-Math.abs(f))) - y[i]! * f;
      dh[i] = (1 / (1 + Math.exp(-f)) - y[i]!) * g;
    }
    return total / n;
  }
  for (let i = 0; i < n; i++) total += crossEntropyRow(h, h0, y, i * k, k, alpha, g, dh);
  return total / n;
}

/** −Σ_c y_c log softmax(f)_c for one row; dh_c = (softmax(f)_c − y_c)·g. */
function crossEntropyRow(h: Float32Array, h0: Float32Array | null, y: Float32Array, o: number, k: number, alpha: number, g: number, dh: Float32Array): number {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, alpha * (h0 ? h[o + c]! - h0[o + c]! : h[o + c]!));
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp(alpha * (h0 ? h[o + c]! - h0[o + c]! : h[o + c]!) - max);
  const lse = max + Math.log(sum);
  let value = 0;
  for (let c = 0; c < k; c++) {
    const logp = alpha * (h0 ? h[o + c]! - h0[o + c]! : h[o + c]!) - lse;
    value -= y[o + c]! * logp;
    dh[o + c] = (Math.exp(logp) - y[o + c]!) * g;
  }
  return value;
}
