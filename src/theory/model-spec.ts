// Which analytic kernel is the infinite-width limit of a run cell's model (ModelConfig)?
// The cell convention is z_l = m_l·(a W_l + b_l) with W ~ N(0, τ²) drawn absolutely, so an 'ntk'
// model (m_l = 1/√fan_in) converges to analytic.ts's 'variance-in-weights' kernels with σ_w = τ,
// σ_b = biasStd — not to neural-tangents' (standard-normal) kernels unless τ = 1 and there is no
// bias. The output scale α multiplies both kernels by α².
import type { ModelConfig } from '../plan/cell.js';
import type { AnalyticSpec } from './analytic.js';

export type AnalyticTarget = { spec: AnalyticSpec; kernelScale: number } | { reason: string };

const tolerance = 1e-12;

/** The analytic limit of model's NTK/NNGP (multiply by kernelScale), or why there is none. */
export function analyticSpecForModel(model: ModelConfig): AnalyticTarget {
  if (model.activation !== 'relu' && model.activation !== 'erf') {
    return { reason: `the analytic kernel exists for relu and erf, not ${model.activation}` };
  }
  if (model.outputDim !== 1) return { reason: 'the analytic kernel is computed for a scalar output' };
  const fanIns = [model.inputDim, ...model.hidden];
  const ntkMultipliers = model.multipliers.every((m, l) => Math.abs(m - 1 / Math.sqrt(fanIns[l]!)) <= tolerance * m);
  if (model.multipliers.length !== fanIns.length || !ntkMultipliers) {
    return { reason: 'the analytic kernel needs NTK multipliers 1/√fan_in on every layer' };
  }
  const stds = model.init.layers.map((d) => (d.kind === 'normal' ? d.std : NaN));
  if (stds.some((s) => Number.isNaN(s)) || stds.some((s) => Math.abs(s - stds[0]!) > tolerance * stds[0]!)) {
    return { reason: 'the analytic kernel needs one normal(std) initialization shared by all layers' };
  }
  if (model.init.symmetrized || model.init.frozenCopy) {
    // Symmetrized pairs keep the NTK's expectation but not the NNGP (f0 = 0); report no target rather than half of one.
    return { reason: 'symmetrized or frozen-copy initializations have no analytic NNGP here' };
  }
  return {
    spec: {
      activation: model.activation, depth: model.hidden.length, sigmaW: stds[0]!,
      sigmaB: model.bias ? model.biasStd : 0, convention: 'variance-in-weights', bias: model.bias,
    },
    kernelScale: model.outputScale ** 2,
  };
}
