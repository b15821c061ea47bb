// Peak memory and time of chizat_cnn's default-profile networks (VGG-11, ResNet-18) at a
// widening factor k, on CIFAR-format files generated in a temporary folder (128 training and
// 128 test images: enough for one batch), on wasm: the wasm heap (it never shrinks, so its size
// is the peak), the peak of live tensor bytes during a step (tf.profile), the planner's estimate
// (src/plan/memory.ts) and the wall and CPU time per step (the machine is shared: CPU seconds
// are the steadier number).
//
//   npm run build && node bench/conv-memory.mjs <vgg|resnet> <k> [native|wasm] [batch 128] [steps 2]
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

const [model, k, matmul = 'native', batchArg = '128', stepsArg = '2'] = process.argv.slice(2);
const batch = Number(batchArg), steps = Number(stepsArg);
const dist = (f) => import(new URL(`../dist/${f}`, import.meta.url).href);
const [{ loadPlanFromFile }, { initBackend }, { makeDataset }, { initParams }, { openSession }, { cellStepMemory }] = await Promise.all(
  ['plan/index.js', 'run/backend.js', 'run/data/index.js', 'run/model/params.js', 'run/train/session.js', 'plan/memory.js'].map(dist));

/** n records of the CIFAR-10 binary format: a label byte, then 3 × 1024 pixel bytes. */
function records(n, offset) {
  const out = new Uint8Array(n * 3073);
  for (let i = 0; i < n; i++) {
    out[i * 3073] = (i + offset) % 10;
    for (let p = 0; p < 3072; p++) out[i * 3073 + 1 + p] = ((i + offset) * 7 + Math.floor(p / 1024) * 50 + (p % 1024) * 13 + i * 31) % 256;
  }
  return out;
}
const dir = mkdtempSync(join(tmpdir(), 'lazylab-conv-memory-'));
const folder = join(dir, 'data/cifar-10-batches-bin');
mkdirSync(folder, { recursive: true });
for (let i = 1; i <= 5; i++) writeFileSync(join(folder, `data_batch_${i}.bin`), records(Math.ceil(batch / 5) + 1, i));
writeFileSync(join(folder, 'test_batch.bin'), records(128, 0));
const spec = readFileSync(fileURLToPath(new URL('../specs/chizat_cnn.lazy', import.meta.url)), 'utf8')
  .replace('let k = 1 #', `let k = ${k} #`).replace(/sweep alpha = \[[^\]]*\]/, 'sweep alpha = [1]').replace('seeds = 5 #', 'seeds = 1 #')
  .replace('n_train = 50000', `n_train = ${batch}`).replace('n_test = 10000', 'n_test = 128').replace('batch: 128)', `batch: ${batch})`);
writeFileSync(join(dir, 'cnn.lazy'), spec);
process.chdir(dir); // the data path is relative to the spec
const loaded = await loadPlanFromFile(join(dir, 'cnn.lazy'), { profile: null, force: true });
if (!loaded.ok) throw new Error(loaded.report);
const cell = loaded.plan.cells.find((c) => c.model.name === model);
const backend = await initBackend('wasm', matmul);
const heap = () => tf.backend().wasm.HEAPU8.buffer.byteLength;
const MiB = (b) => Math.round(b / 2 ** 20);
const session = openSession(cell, makeDataset(cell.data, cell.train.loss, cell.model.outputDim), initParams(cell.model, cell.seed));
console.log(JSON.stringify({ model, k, matmul: backend.matmul?.path, batch, estimateMiB: MiB(cellStepMemory(cell, batch).peakBytes), heapAfterInitMiB: MiB(heap()) }));
for (let t = 0; t < steps; t++) {
  const ix = Int32Array.from({ length: batch }, (_, i) => i);
  const t0 = performance.now(), c0 = process.cpuUsage();
  const info = await tf.profile(() => { session.step(t, ix, false); });
  session.advance();
  const cpu = process.cpuUsage(c0);
  console.log(JSON.stringify({ step: t, wallS: +((performance.now() - t0) / 1000).toFixed(1), cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(1), peakLiveMiB: MiB(info.peakBytes), heapMiB: MiB(heap()) }));
}
session.dispose();
process.exit(0);
