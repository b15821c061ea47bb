// lazylab side of the training-step benchmark, as a block server: one engine session of one
// cell; prints one JSON line when ready, then for each line N on stdin runs N steps (the
// engine's own step: forward, loss read back for the divergence check, hand-derived backward,
// update) and prints {"ms": ms per step}. An empty line or EOF ends it.
// usage: node bench/cell.mjs <kearns|chizat> <width> [backend]
import { createInterface } from 'node:readline';
import { initBackend } from '../dist/run/backend.js';
import { makeDataset } from '../dist/run/data/index.js';
import { initParams } from '../dist/run/model/params.js';
import { openSession } from '../dist/run/train/session.js';
import { chizatCell, kearnsCell } from './cells.mjs';

const [protocol, width, backendName] = process.argv.slice(2);
const cell = (protocol === 'kearns' ? kearnsCell : chizatCell)(Number(width), 1e9);
const backend = await initBackend(backendName || null);
const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
const session = openSession(cell, data, initParams(cell.model, cell.seed));
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
console.log(JSON.stringify({ ready: true, backend: `${backend.name} ${backend.version}`, threads: backend.threads }));
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) break;
  console.log(JSON.stringify({ ms: run(Number(line)) }));
}
session.dispose();
process.exit(0);
