// The memory model of a layered training step (src/plan/memory.ts) against the engine's measured
// peak of tensor bytes (tf.profile) on the wasm backend, for a VGG-style and a ResNet-style
// network. Tolerance: the estimate is within 5 % of the measured peak (it counts whole tensors
// as the engine allocates them; what it leaves out are the few parameter-sized scratch tensors
// of one node); the same for an evaluation pass (forward only, every output kept in one tidy). Before each node's backward pass ran in its own scope, the ResNet-style step's
// peak was about 3× the estimate (every intermediate lived to the end of the step).
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { initBackend } from '../../src/run/backend.js';
import { findBlas } from '../../src/run/native/blas.js';
import { layeredBackward, layeredForward, paramTensors } from '../../src/run/model/layered.js';
import { cellStepMemory, layeredForwardBytes, layeredStepMemory, WASM_HEAP_BYTES, WASM_HEAP_OVERHEAD } from '../../src/plan/memory.js';
import { formatBytes, planSpec } from '../../src/plan/index.js';
import { parseSpec } from '../../src/lang/parse.js';
import * as M from '../../src/messages/index.js';
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

for (const c of cases) for (const path of ['wasm', 'native'] as const) {
  it(`${c.name}, ${path} convolutions: the estimated step memory is within 5 % of the measured peak`, async (ctx) => {
    if (path === 'native' && typeof (await findBlas()) === 'string') ctx.skip();
    await initBackend('wasm', path);
    const batch = 32;
    const measured = await measuredTransient(c.layers, batch);
    const { transientBytes } = layeredStepMemory(c.layers, input, batch, 0, false, path);
    expect(Math.abs(transientBytes / measured - 1)).toBeLessThan(0.05);
  });
}

for (const c of cases) {
  it(`${c.name}: an evaluation pass's estimated memory is within 5 % of the measured peak`, async () => {
    await initBackend('wasm');
    const net = compileNetwork(c.layers, input);
    const p = paramTensors(net, initParams(net, { weightStd: (fi) => 1 / Math.sqrt(fi), biasStd: 0.1 }, createRng(6)));
    const x = tf.randomNormal([32, shapeSize(input)]) as tf.Tensor2D;
    const before = tf.memory().numBytes - x.size * 4; // the model counts the input
    const info = await tf.profile(() => { tf.dispose(tf.tidy(() => layeredForward(net, p, x).output)); });
    tf.dispose([...p, x]);
    expect(Math.abs(layeredForwardBytes(c.layers, input, 32) / (info.peakBytes - before) - 1)).toBeLessThan(0.05);
  });
}

const WIDE = `experiment wide { title = "t" }
sweep k = [1, 256]
data digits {
  source = mnist([3, 8])
  n_train = 64
  n_test = 4
}
model net {
  layers = [conv(8 * k, 3, padding: 1), relu, conv(8 * k, 3, padding: 1), relu, flatten]
  head = softmax
}
train {
  optimizer = momentum(lr: 0.1, beta: 0.9, batch: 64)
  steps = 3
}
`;

it('a cell whose step the wasm heap cannot hold is refused at the model\'s layers, naming the cell, the sizes and a batch that fits', () => {
  const { spec } = parseSpec(WIDE);
  const forced = planSpec(spec, { profile: null, force: true });
  expect(forced.diagnostics).toEqual([]);
  const wide = forced.plan!.cells[1]!;
  const need = cellStepMemory(wide).peakBytes;
  expect(need * WASM_HEAP_OVERHEAD).toBeGreaterThan(WASM_HEAP_BYTES);
  expect(cellStepMemory(forced.plan!.cells[0]!).peakBytes * WASM_HEAP_OVERHEAD).toBeLessThan(WASM_HEAP_BYTES);
  const [d, ...rest] = planSpec(spec, { profile: null }).diagnostics;
  expect(rest).toEqual([]);
  expect(d!.code).toBe('E0503');
  expect(d!.message).toBe(M.wasmHeapTooSmall('net', 64, formatBytes(need), formatBytes(need * WASM_HEAP_OVERHEAD), formatBytes(WASM_HEAP_BYTES)) + M.inCell({ k: 256 }));
  expect(d!.span.start.offset).toBe(WIDE.indexOf('[conv('));
  const fits = Number(/a batch of (\d+) would fit/.exec(d!.hint!)![1]);
  expect(d!.hint).toBe(M.wasmHeapTooSmallHint(fits));
  expect(cellStepMemory(wide, fits).peakBytes * WASM_HEAP_OVERHEAD).toBeLessThanOrEqual(WASM_HEAP_BYTES);
  expect(cellStepMemory(wide, 2 * fits).peakBytes * WASM_HEAP_OVERHEAD).toBeGreaterThan(WASM_HEAP_BYTES);
});
