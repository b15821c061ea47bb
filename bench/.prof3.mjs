import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../dist/run/backend.js';
import { makeDataset } from '../dist/run/data/index.js';
import { initParams } from '../dist/run/model/params.js';
import { openSession } from '../dist/run/train/session.js';
import { chizatCell, kearnsCell } from './cells.mjs';
await initBackend(process.argv[2]);
const cell = (process.argv[3] === 'kearns' ? kearnsCell : chizatCell)(Number(process.argv[4]), 100);
const data = makeDataset(cell.data, cell.train.loss, 1);
const s = openSession(cell, data, initParams(cell.model, 1));
for (let t = 0; t < 5; t++) { s.step(t, null, false); s.advance(); }
const agg = new Map();
const R = 10;
for (let r = 0; r < R; r++) {
  const info = await tf.profile(() => { s.step(5 + r, null, false); });
  s.advance();
  for (const k of info.kernels) { const key = `${k.name} ${JSON.stringify(k.inputShapes)}`; agg.set(key, (agg.get(key) ?? 0) + k.kernelTimeMs / R); }
}
const rows = [...agg.entries()].sort((a, b) => b[1] - a[1]);
let tot = 0; for (const [, v] of rows) tot += v;
console.log('total kernel ms', tot.toFixed(2), 'ops', rows.length);
for (const [k, v] of rows.slice(0, 25)) console.log(v.toFixed(3), k);
