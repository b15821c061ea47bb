// analyticSpecForModel: which analytic kernel a run cell's model converges to, or why none.
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../src/plan/cell.js';
import { analyticSpecForModel } from '../../src/theory/model-spec.js';

const model = (over: Partial<ModelConfig> = {}): ModelConfig => ({
  name: 'm', inputDim: 4, hidden: [16, 9], outputDim: 1, activation: 'relu', bias: true,
  parameterization: 'ntk', multipliers: [1 / 2, 1 / 4, 1 / 3], biasStd: 0.2, outputScale: 3,
  init: { layers: [1, 2, 3].map(() => ({ kind: 'normal' as const, std: 1.3 })), symmetrized: false, frozenCopy: false },
  head: 'scalar', ...over,
});

describe('analyticSpecForModel', () => {
  it('maps an NTK-parameterized cell model to the variance-in-weights kernel, scaled by α²', () => {
    expect(analyticSpecForModel(model())).toEqual({
      spec: { activation: 'relu', depth: 2, sigmaW: 1.3, sigmaB: 0.2, convention: 'variance-in-weights', bias: true },
      kernelScale: 9,
    });
  });

  it('says why not for other activations, multipliers, initializations', () => {
    expect(analyticSpecForModel(model({ activation: 'tanh' }))).toHaveProperty('reason');
    expect(analyticSpecForModel(model({ multipliers: [1, 1, 1] }))).toHaveProperty('reason');
    const mixed = model();
    mixed.init = { ...mixed.init, layers: [{ kind: 'normal', std: 1 }, { kind: 'normal', std: 2 }, { kind: 'normal', std: 1 }] };
    expect(analyticSpecForModel(mixed)).toHaveProperty('reason');
    expect(analyticSpecForModel(model({ outputDim: 3 }))).toHaveProperty('reason');
  });
});
