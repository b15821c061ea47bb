// A small convolutional/residual run cell on MNIST digits for the layered measurement tests:
// conv (stride 2), relu, maxpool, an identity residual block, avgpool, flatten, dense; a frozen
// copy, output scale α, gd.
import type { LayerSpec } from '../../../src/theory/net/spec.js';
import { makeCell } from '../helpers.js';

const conv = (filters: number, multiplier: number, stride = 1): LayerSpec => ({ kind: 'conv2d', filters, kernel: 3, stride, padding: 1, bias: true, multiplier });
const relu: LayerSpec = { kind: 'activation', fn: 'relu' };
const layers = (out: number): LayerSpec[] => [
  conv(3, 1 / 3, 2), relu, { kind: 'maxpool', size: 2, stride: 2 },
  { kind: 'residual', body: [conv(3, 1 / 5), relu, conv(3, 1 / 5)], shortcut: [] }, relu,
  { kind: 'avgpool', size: 2, stride: 2 }, { kind: 'flatten' }, { kind: 'dense', units: out, bias: true, multiplier: 1 / 7 },
];

/** `out` output units (1: scalar head on two digits; otherwise softmax on three). */
export function cnnCell(out: number, over: { loss?: 'mse' | 'cross_entropy'; measure?: { name: string; options: Record<string, number | string | boolean> }[]; alpha?: number; nTrain?: number } = {}) {
  return makeCell({
    values: { model: 'cnn', data: 'digits' },
    data: { name: 'digits', source: { kind: 'mnist', classes: out === 1 ? [3, 8] : [1, 3, 8] }, dim: 784, nTrain: over.nTrain ?? 12, nTest: 6, labelScale: 1, seed: 3 },
    model: {
      name: 'cnn', inputDim: 784, hidden: [], outputDim: out, head: out === 1 ? 'scalar' : 'softmax', bias: true, multipliers: [1 / 3, 1 / 5, 1 / 5, 1 / 7],
      init: { layers: [0, 1, 2, 3].map(() => ({ kind: 'normal' as const, std: 1 })), symmetrized: false, frozenCopy: true },
      outputScale: over.alpha ?? 2, layers: layers(out), inputShape: { kind: 'image', h: 28, w: 28, c: 1 },
    },
    train: { loss: over.loss ?? 'mse', optimizer: { kind: 'gd', lr: 0.5 }, steps: 10, log: { kind: 'every', every: 5 } },
    measure: over.measure ?? [],
  });
}

