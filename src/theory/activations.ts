// Scalar activations and their derivatives in float64, for the plain-JS networks of
// src/theory (empirical NTK, laziness criterion). gelu is the exact erf form
// x·Φ(x) = (x/2)(1 + erf(x/√2)), the same function the engine trains.
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

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x * SQRT1_2));
}

/** d/dx x·Φ(x) = Φ(x) + x·φ(x). */
function geluPrime(x: number): number {
  return 0.5 * (1 + erf(x * SQRT1_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
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
