// One benchmark row in a fresh process: ms per training step of one lazylab cell (the engine's
// own step: forward, loss read back for the divergence check, hand-derived backward, update),
// best of 3 timed runs of N steps after a warm-up, like the PyTorch peer; and the peak RSS.
import { initBackend } from '../dist/run/backend.js';
import { makeDataset } from '../dist/run/data/index.js';
import { initParams } from '../dist/run/model/params.js';
import { openSession } from '../dist/run/train/session.js';
import { chizatCell, kearnsCell } from './cells.mjs';

const [protocol, width, steps, backendName] = process.argv.slice(2);
const cell = (protocol === 'kearns' ? kearnsCell : chizatCell)(Number(width), Number(steps));
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
let ms = Infinity;
for (let r = 0; r < 3; r++) ms = Math.min(ms, run(Number(steps)));
session.dispose();
console.log(JSON.stringify({ protocol, width: Number(width), ms, backend: `${backend.name} ${backend.version}`, threads: backend.threads, rssMiB: process.resourceUsage().maxRSS / 1024 }));
