// The memory model of a layered training step (src/plan/memory.ts) against the engine's measured
// peak of tensor bytes (tf.profile) on the wasm backend, for a VGG-style and a ResNet-style
// network. Tolerance: the estimate is within 5 % of the measured peak (it counts whole tensors
// as the engine allocates them; what it leaves out are the few parameter-sized scratch tensors
// of one node). Before each node's backward pass ran in its own scope, the ResNet-style step's
// peak was about 3× the estimate (every intermediate lived to the end of the step).
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { initBackend } from '../../src/run/backend.js';
import { layeredBackward, layeredForward, paramTensors } from '../../src/run/model/layered.js';
import { layeredStepMemory } from '../../src/plan/memory.js';
import { initParams } from '../../src/theory/net/kernel.js';
import { compileNetwork } from '../../src/theory/net/network.js';
import { shapeSize, type LayerSpec, type Shape } from '../../src/theory/net/spec.js';
import { createRng } from '../../src/theory/rng.js';

const conv = (filters: number, stride = 1): LayerSpec => ({ kind: 'conv2d', filters, kernel: 3, stride, padding: 1, bias: true, multiplier: 1 });
const relu: LayerSpec = { kind: 'activation', fn: 'relu' };
const block = (c: number, stride = 1): LayerSpec => ({
  kind: 'residual', body: [conv(c, stride), relu, conv(c)],
  shortcut: stride === 1 ? [] : [{ kind: 'conv2d', filters: c, kernel: 1, stride, padding: 0, bias: false, multiplier: 1 }],
});
const input: Shape = { kind: 'image', h: 16, w: 16, c: 3 };
const cases: { name: string; layers: LayerSpec[] }[] = [
  { name: 'VGG-style', layers: [conv(16), relu, { kind: 'maxpool', size: 2, stride: 2 }, conv(32), relu, { kind: 'maxpool', size: 2, stride: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 10, bias: true, multiplier: 1 }] },
  { name: 'ResNet-style', layers: [conv(16), relu, block(16), relu, block(16), relu, block(32, 2), relu, block(32), relu, { kind: 'global_avgpool' }, { kind: 'dense', units: 10, bias: true, multiplier: 1 }] },
];

/** Peak tensor bytes of one forward and backward pass beyond what existed before it. */
async function measuredTransient(layers: LayerSpec[], batch: number): Promise<number> {
  const net = compileNetwork(layers, input);
  const rng = createRng(5);
  const p = paramTensors(net, initParams(net, { weightStd: (fi) => 1 / Math.sqrt(fi), biasStd: 0.1 }, rng));
  const x = tf.randomNormal([batch, shapeSize(input)], 0, 1, 'float32', 3) as tf.Tensor2D;
  const before = tf.memory().numBytes;
  const info = await tf.profile(() => {
    const grads = tf.tidy(() => {
      const pass = layeredForward(net, p, x);
      return layeredBackward(net, p, pass, tf.onesLike(pass.output));
    });
    tf.dispose(grads);
  });
  tf.dispose([...p, x]);
  return info.peakBytes - before;
}

for (const c of cases) {
  it(`${c.name}: the estimated step memory is within 5 % of the measured peak`, async () => {
    await initBackend('wasm');
    const batch = 32;
    const measured = await measuredTransient(c.layers, batch);
    const { transientBytes } = layeredStepMemory(c.layers, input, batch, 0, false);
    expect(Math.abs(transientBytes / measured - 1)).toBeLessThan(0.05);
  });
}
