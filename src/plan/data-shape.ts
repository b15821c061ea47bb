// The shape a data source's samples keep for a layered model: images stay images (MNIST digits
// are 28×28×1), everything else is a flat feature vector of the data's dimension.
import type { DataConfig } from './cell.js';
import type { Shape } from '../theory/net/spec.js';

export const MNIST_SHAPE: Shape = { kind: 'image', h: 28, w: 28, c: 1 };

export function inputShapeOf(d: DataConfig): Shape {
  if (d.source.kind === 'mnist') return MNIST_SHAPE;
  if (d.source.kind === 'cifar10') return { kind: 'image', h: 32, w: 32, c: 3 };
  return { kind: 'flat', n: d.dim };
}
