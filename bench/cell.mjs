// lazylab side of the training-step benchmark, as a block server: one engine session of one
// cell; prints one JSON line when ready, then for each line N on stdin runs N steps (the
// engine's own step: forward, loss read back for the divergence check, hand-derived backward,
// update) and prints {"ms": ms per step}. An empty line or EOF ends it.
// usage: node bench/cell.mjs <kearns|chizat> <width> [backend] [native|wasm|native-tfjs] [lazylab root]
// native-tfjs: the native matrix path with the tfjs step executor (the host executor's reference).
// The root (default: this checkout) lets bench/fc.mjs time another commit's engine on the same cells.
import { createInterface } from 'node:readline';
import { chizatCell, kearnsCell } from './cells.mjs';

const [protocol, width, backendName, matmul, root] = process.argv.slice(2);
const dist = new URL(`${root ? `file://${root.replace(/\/?$/, '/')}` : new URL('../', import.meta.url).href}dist/run/`);
const load = (file) => import(new URL(file, dist).href);
const [{ initBackend }, { makeDataset }, { initParams }, { openSession }] = await Promise.all(
  ['backend.js', 'data/index.js', 'model/params.js', 'train/session.js'].map(load));
const cell = (protocol === 'kearns' ? kearnsCell : chizatCell)(Number(width), 1e9);
const tfjsOnly = matmul === 'native-tfjs';
const backend = await initBackend(backendName || null, (tfjsOnly ? 'native' : matmul) || null);
const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
const session = openSession(cell, data, initParams(cell.model, cell.seed), tfjsOnly ? 'tfjs' : undefined);
let t = 0;
const run = (n) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++, t++) {
    session.step(t, null, false);
    session.advance();
  }
  return (performance.now() - t0) / n;
};
run(3);
const path = backend.matmul?.path === 'native' ? `native ${backend.matmul.blas.split(' ').slice(0, 2).join(' ')}` : backend.matmul?.path ?? backend.name;
// executor: what ran the step (host: plain JavaScript with the native products, where it covers the cell; older engines: tfjs).
console.log(JSON.stringify({ ready: true, backend: `${backend.name} ${backend.version}`, threads: backend.threads, matmul: path, executor: session.executor ?? 'tfjs' }));
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) break;
  console.log(JSON.stringify({ ms: run(Number(line)) }));
}
session.dispose();
process.exit(0);
