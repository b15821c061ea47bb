// `layers = [...]` in a model block: constructors resolve to layer specs with the output layer
// appended, multipliers per weight layer by parameterization (a conv's fan_in is c·k²), a 1×1
// shortcut where a residual block changes shape, shape errors at the offending layer, honest
// conv FLOPs in the cost, and fully connected models keep their exact cells.
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { planSpec } from '../../src/plan/index.js';
import { formatDiagnostics } from '../../src/diagnostics.js';
import { planText } from './helpers.js';
import * as M from '../../src/messages/index.js';

function spec(model: string, data = 'source = mnist([3, 8])\n  n_train = 8\n  n_test = 4'): string {
  return `experiment cnn { title = "t" }
sweep k = [1, 2]
data digits {
  ${data}
}
model net {
${model}
}
train {
  optimizer = sgd(lr: 0.1, batch: 4)
  steps = 3
}
`;
}

function errors(text: string): string {
  const { spec: ast } = parseSpec(text);
  return formatDiagnostics(planSpec(ast, { profile: null }).diagnostics, 'spec.lazy', text);
}

describe('layers', () => {
  it('resolves a VGG-style stack with widths from a sweep, NTK multipliers 1/√(c·k²) and the output layer', () => {
    const plan = planText(spec('  layers = [conv(4 * k, 3, padding: 1), relu, max_pool(2), flatten, dense(8), relu]\n  parameterization = ntk\n  head = softmax'));
    const m = plan.cells[1]!.model;
    expect(m.inputShape).toEqual({ kind: 'image', h: 28, w: 28, c: 1 });
    expect(m.hidden).toEqual([]);
    expect(m.layers).toEqual([
      { kind: 'conv2d', filters: 8, kernel: 3, stride: 1, padding: 1, bias: false, multiplier: 1 / 3 },
      { kind: 'activation', fn: 'relu' },
      { kind: 'maxpool', size: 2, stride: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: 8, bias: false, multiplier: 1 / Math.sqrt(14 * 14 * 8) },
      { kind: 'activation', fn: 'relu' },
      { kind: 'dense', units: 2, bias: false, multiplier: 1 / Math.sqrt(8) },
    ]);
    expect(m.multipliers).toEqual([1 / 3, 1 / Math.sqrt(1568), 1 / Math.sqrt(8)]);
    expect(m.init.layers).toEqual([{ kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }]);
  });

  it('gives a residual block a 1×1 conv shortcut only when its shape changes; glorot uses conv fans', () => {
    const plan = planText(spec('  layers = [conv(4, 3, padding: 1), relu, residual(4), relu, residual(8, stride: 2), relu, global_avg_pool]\n  init = glorot'));
    const layers = plan.cells[0]!.model.layers!;
    const [same, changed] = [layers[2]!, layers[4]!];
    expect(same.kind === 'residual' && same.shortcut).toEqual([]);
    expect(changed.kind === 'residual' && changed.shortcut).toEqual([{ kind: 'conv2d', filters: 8, kernel: 1, stride: 2, padding: 0, bias: false, multiplier: 1 }]);
    // weight layers: conv 1→4, body 4→4 ×2, body 4→8 (stride 2), 8→8, shortcut 4→8 (1×1), output 8→1
    const fans = [[9, 36], [36, 36], [36, 36], [36, 72], [72, 72], [4, 8], [8, 1]];
    expect(plan.cells[0]!.model.init.layers).toEqual(fans.map(([i, o]) => ({ kind: 'normal', std: Math.sqrt(2 / (i! + o!)) })));
  });

  it('reports shape errors at the offending layer with both shapes and a hint', () => {
    expect(errors(spec('  layers = [conv(4, 3), dense(8)]'))).toContain(`error[E0327]: ${M.layerShape('a dense layer needs flat input, found an image 26×26×4 (add flatten or global_avgpool before it)')}`);
    const noPixels = errors(spec('  layers = [max_pool(8), max_pool(8), flatten]'));
    expect(noPixels).toContain('a 8×8 pooling leaves no pixels of a 3×3×1 image');
    expect(noPixels).toMatch(/^spec\.lazy:9:26:/); // the second max_pool
    expect(errors(spec('  layers = [conv(4, 3)]'))).toContain(M.outputNeedsFlatHint());
    expect(errors(spec('  layers = [conv(4, 3), flatten]', 'source = gaussian(std: 1)\n  dim = 5\n  n_train = 8'))).toContain(M.imageLayerOnTabular('conv', 5));
    expect(errors(spec('  layers = [flatten, dense(4), relu]\n  hidden = [4]'))).toContain(M.layersAndHidden());
    expect(errors(spec('  layers = [conv(4, 3), relu, residual(4), global_avg_pool]\n  init = symmetrized(normal(std: 1))'))).toContain(`error[E0328]: ${M.layeredSymmetrized('residual')}`);
    expect(errors(spec('  layers = [flatten]\n  init = symmetrized(normal(std: 1))'))).toContain(M.layeredSymmetrized(null));
    expect(errors(spec('  layers = [flatten, dense(5), relu]\n  init = symmetrized(normal(std: 1))'))).toContain(`error[E0321]: ${M.symmetrizedOddWidth(5)}`);
  });

  it('counts conv FLOPs: 2·oh·ow·k²·c_in·c_out per example, ×3 for a training step', () => {
    const plan = planText(spec('  layers = [conv(4, 3, padding: 1), relu, flatten]'));
    const perExample = 2 * 28 * 28 * 9 * 4 + 28 * 28 * 4 + 2 * 3136 * 1; // conv, relu, output dense
    expect(plan.cells[0]!.cost?.flops ?? plan.cost.flops / plan.cells.length).toBe(3 * perExample * 4 * 3);
  });
});
