// Wall time of one whole wide Chizat cell through the engine (trainCell: training plus the
// measurements at every log step), the case the read-back cost showed up in.
// usage: node bench/wide-cell.mjs <width> <steps> <log points> [backend]
import { initBackend } from '../dist/run/backend.js';
import { trainCell } from '../dist/run/train/trainCell.js';
import { chizatCell } from './cells.mjs';

const [width, steps, points, backendName] = process.argv.slice(2);
const base = chizatCell(Number(width), Number(steps));
const cell = {
  ...base,
  train: { ...base.train, log: { kind: 'logspaced', points: Number(points) } },
  measure: ['train_loss', 'test_loss', 'weight_change'].map((name) => ({ name, options: {} })),
};
const backend = await initBackend(backendName || null);
const t0 = performance.now();
const r = await trainCell(cell, backend);
const seconds = (performance.now() - t0) / 1000;
const logged = new Set(r.records.map((x) => x.step)).size;
console.log(JSON.stringify({ width: Number(width), steps: r.steps, logSteps: logged, status: r.status, seconds, backend: `${backend.name} ${backend.version}`, threads: backend.threads }));
