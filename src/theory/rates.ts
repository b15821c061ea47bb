// Predicted exponential loss-decay rates from an NTK spectrum (science.md §5), in the units that
// fitExponentialRate (fit.ts) reports: r in loss ≈ c·e^{−r·step}.
//
// Linearized model, loss (1/2n)‖f − y‖², gd with step η: the slowest mode contracts the residual by
// |1 − ηλ_min/n| per step, so the loss by (1 − ηλ_min/n)², r = −2 log|1 − ηλ_min/n| (≈ 2ηλ_min/n).
//
// Li, Luo & Zhou (2024, seeds/000): in the theta-lazy regime (lim log κ/log m > 0) the training loss
// decays exponentially with rate set by Σ_{l=1}^{L+1} κ²/α_l² · λ_S, λ_S = min_l λ_min(K^{[l]}) over
// the limiting per-layer Gram matrices. The seed is a summary; its constant is not stated there.
// Our reading (Du et al.-style argument: λ_min of the Gram ≥ λ_S/2 and dR/dt ≤ −(2/n) λ_min R):
//   R_S(θ(t)) ≤ exp(−(1/n) · Σ_l κ²/α_l² · λ_S · t) R_S(θ(0)),  i.e. r = η Σ_l κ²/α_l² λ_S / n per step.
// It is a guaranteed lower bound on the decay rate, not an exact prediction.
import { kernelSpectrum } from './linearize.js';
import type { Rows } from './linalg.js';

export interface PredictedRate {
  /** Decay rate of the loss per gd step: loss_t ≈ loss_0 · e^{−rate·t}. */
  ratePerStep: number;
  /** Loss contraction factor per step, e^{−ratePerStep}. */
  factorPerStep: number;
  /** Gradient-flow rate per unit of η·t (the small-step limit). */
  flowRate: number;
}

/** Linearized-model rate from λ_min of Θ0 on the n training points, step η. */
export function linearizedLossRate(lambdaMin: number, lr: number, n: number): PredictedRate {
  const x = (lr * lambdaMin) / n;
  const factorPerStep = (1 - x) ** 2;
  return { ratePerStep: -Math.log(factorPerStep), factorPerStep, flowRate: (2 * lambdaMin) / n };
}

/** Same, from the kernel matrix itself. */
export function linearizedLossRateFromKernel(theta: Rows, lr: number): PredictedRate {
  return linearizedLossRate(kernelSpectrum(theta).lambdaMin, lr, theta.length);
}

/** λ_S = min over layers of λ_min(K^{[l]}) (Li–Luo–Zhou Proposition 1). */
export function llzLambdaS(layerGrams: Rows[]): number {
  if (layerGrams.length === 0) throw new Error('need at least one Gram matrix');
  return Math.min(...layerGrams.map((k) => kernelSpectrum(k).lambdaMin));
}

export interface LlzInput {
  /** Initial output scale κ. */
  kappa: number;
  /** Per-layer factors α_1 … α_{L+1}. */
  alphas: number[];
  lambdaS: number;
  /** Training points. */
  n: number;
  lr: number;
}

/** Li–Luo–Zhou rate (our reading above): r = η Σ_l (κ²/α_l²) λ_S / n per step. */
export function llzLossRate(inp: LlzInput): PredictedRate {
  const scale = inp.alphas.reduce((s, a) => s + (inp.kappa * inp.kappa) / (a * a), 0);
  const flowRate = (scale * inp.lambdaS) / inp.n;
  const ratePerStep = inp.lr * flowRate;
  return { ratePerStep, factorPerStep: Math.exp(-ratePerStep), flowRate };
}
