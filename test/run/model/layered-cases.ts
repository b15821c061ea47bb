// Tiny layered networks covering every layer kind (conv with and without padding and stride,
// relu, tanh, gelu, max and average pooling, flatten, identity and projected residual blocks,
// global average pooling, dense with and without bias), for checks against src/theory/net.
import type { LayerSpec, Shape } from '../../../src/theory/net/spec.js';

const conv = (filters: number, kernel: number, stride = 1, padding = 0, bias = true, multiplier = 0.8): LayerSpec =>
  ({ kind: 'conv2d', filters, kernel, stride, padding, bias, multiplier });
const relu: LayerSpec = { kind: 'activation', fn: 'relu' };
const dense = (units: number, bias = true): LayerSpec => ({ kind: 'dense', units, bias, multiplier: 0.9 });

export const CASES: { name: string; input: Shape; layers: LayerSpec[] }[] = [
  { name: 'VGG-style: conv, relu, maxpool, flatten, dense', input: { kind: 'image', h: 6, w: 6, c: 2 },
    layers: [conv(3, 3, 1, 1), relu, { kind: 'maxpool', size: 2, stride: 2 }, conv(4, 3, 1, 1, false), relu, { kind: 'flatten' }, dense(2)] },
  { name: 'strided conv without padding, tanh, avgpool', input: { kind: 'image', h: 8, w: 7, c: 3 },
    layers: [conv(2, 2, 3, 0), { kind: 'activation', fn: 'tanh' }, { kind: 'avgpool', size: 2, stride: 1 }, { kind: 'flatten' }, dense(1, false)] },
  { name: 'ResNet-style: identity and projected residual blocks, global average pool', input: { kind: 'image', h: 5, w: 5, c: 2 },
    layers: [conv(2, 3, 1, 1), relu,
      { kind: 'residual', body: [conv(2, 3, 1, 1), relu, conv(2, 3, 1, 1)], shortcut: [] }, relu,
      { kind: 'residual', body: [conv(3, 3, 2, 1), relu, conv(3, 3, 1, 1)], shortcut: [conv(3, 1, 2, 0, false)] }, relu,
      { kind: 'global_avgpool' }, dense(3)] },
  { name: 'an MLP with gelu', input: { kind: 'flat', n: 5 }, layers: [dense(7), { kind: 'activation', fn: 'gelu' }, dense(2)] },
];

