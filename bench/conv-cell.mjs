// Block server for bench/conv.mjs: one training session of a cell of specs/chizat_cnn.lazy (the
// given profile and model, its first cell), on wasm with the given matrix/convolution path.
// Prints one JSON line when ready (with the peak wasm heap so far), then for each line N on stdin
// runs N steps (forward, loss read back, backward, update; batches cycling through the training
// set) and prints {"ms": ms per step, "heap": bytes}. An empty line or EOF ends it.
// usage: node bench/conv-cell.mjs <profile> <vgg|resnet> <native|wasm>
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

const [profile, model, matmul] = process.argv.slice(2);
const dist = (f) => import(new URL(`../dist/${f}`, import.meta.url).href);
const [{ loadPlanFromFile }, { initBackend }, { makeDataset }, { initParams }, { openSession }] = await Promise.all(
  ['plan/index.js', 'run/backend.js', 'run/data/index.js', 'run/model/params.js', 'run/train/session.js'].map(dist));
const specPath = fileURLToPath(new URL('../specs/chizat_cnn.lazy', import.meta.url));
process.chdir(fileURLToPath(new URL('../specs/', import.meta.url))); // data paths are relative to the spec
const loaded = await loadPlanFromFile(specPath, { profile, force: true });
if (!loaded.ok) throw new Error(loaded.report);
const cell = loaded.plan.cells.find((c) => c.model.name === model);
const backend = await initBackend('wasm', matmul);
const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
const session = openSession(cell, data, initParams(cell.model, cell.seed));
const batch = cell.train.optimizer.batch ?? cell.data.nTrain;
const heap = () => tf.backend().wasm.HEAPU8.buffer.byteLength;
let t = 0;
const run = (n) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++, t++) {
    session.step(t, Int32Array.from({ length: batch }, (_, j) => (t * batch + j) % cell.data.nTrain), false);
    session.advance();
  }
  return (performance.now() - t0) / n;
};
run(1);
console.log(JSON.stringify({ ready: true, backend: `${backend.name} ${backend.version}`, matmul: backend.matmul?.path, batch, heap: heap() }));
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) break;
  console.log(JSON.stringify({ ms: run(Number(line)), heap: heap() }));
}
session.dispose();
process.exit(0);
