import { initBackend } from '../dist/run/backend.js';
import { makeDataset } from '../dist/run/data/index.js';
import { initParams } from '../dist/run/model/params.js';
import { openSession } from '../dist/run/train/session.js';
import { chizatCell, kearnsCell } from './cells.mjs';
await initBackend(process.argv[2]);
const cell = (process.argv[3] === 'kearns' ? kearnsCell : chizatCell)(Number(process.argv[4]), 100);
const data = makeDataset(cell.data, cell.train.loss, 1);
const s = openSession(cell, data, initParams(cell.model, 1));
for (let rep = 0; rep < 3; rep++) {
  const N = Number(process.argv[5] || 50);
  const t0 = performance.now();
  for (let t = 0; t < N; t++) { s.step(t, null, false); s.advance(); }
  console.log(((performance.now() - t0) / N).toFixed(3), 'ms/step');
}
