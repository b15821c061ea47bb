// Scalar activations and their derivatives in float64, for the plain-JS networks of
// src/theory (empirical NTK, laziness criterion). gelu is the tanh approximation
// (Hendrycks & Gimpel 2016, as in tfjs / PyTorch approximate="tanh").
import type { Activation } from '../plan/cell.js';

export type { Activation };

export const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'erf', 'sigmoid', 'gelu', 'identity'];

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(x) to ~1e-16 relative, via the all-positive series
 * erf(x) = (2/√π) e^{−x²} Σ_n 2ⁿ x^{2n+1} / (1·3···(2n+1)) (Abramowitz & Stegun 7.1.6),
 * which has no cancellation; |x| ≥ 6 returns ±1 (erfc(6) ≈ 2e−17).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.sign(x) * TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_K * x * x * x)));
}

function geluPrime(x: number): number {
  const t = Math.tanh(GELU_C * (x + GELU_K * x * x * x));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * x * x);
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** σ(x). relu'(0) is taken as 0 (the convention of tfjs and of the analytic step kernel). */
export function activate(kind: Activation, x: number): number {
  switch (kind) {
    case 'relu': return x > 0 ? x : 0;
    case 'tanh': return Math.tanh(x);
    case 'erf': return erf(x);
    case 'sigmoid': return sigmoid(x);
    case 'gelu': return gelu(x);
    case 'identity': return x;
  }
}

/** σ'(x). */
export function activateDerivative(kind: Activation, x: number): number {
  switch (kind) {
    case 'relu': return x > 0 ? 1 : 0;
    case 'tanh': {
      const t = Math.tanh(x);
      return 1 - t * t;
    }
    case 'erf': return TWO_OVER_SQRT_PI * Math.exp(-x * x);
    case 'sigmoid': {
      const s = sigmoid(x);
      return s * (1 - s);
    }
    case 'gelu': return geluPrime(x);
    case 'identity': return 1;
  }
}

export function isActivation(name: string): name is Activation {
  return (ACTIVATIONS as readonly string[]).includes(name);
}
