// One benchmark row in a fresh process: ms per step of one lazylab cell and the peak RSS.
// Fixed costs (data, measurements) cancel: best time of 2N steps minus best time of N steps.
import { initBackend } from '../dist/run/backend.js';
import { trainCell } from '../dist/run/train/trainCell.js';
import { chizatCell, kearnsCell } from './cells.mjs';

const [protocol, width, steps, backendName] = process.argv.slice(2);
const make = protocol === 'kearns' ? kearnsCell : chizatCell;
const backend = await initBackend(backendName || null);
const n = Number(steps);
const best = async (k) => {
  let t = Infinity;
  for (let r = 0; r < 2; r++) t = Math.min(t, (await trainCell(make(Number(width), k), backend)).seconds);
  return t;
};
await trainCell(make(Number(width), 3), backend); // warm-up
const one = await best(n);
const two = await best(2 * n);
const ms = ((two - one) * 1000) / n;
console.log(JSON.stringify({ protocol, width: Number(width), ms, backend: `${backend.name} ${backend.version}`, threads: backend.threads, rssMiB: process.resourceUsage().maxRSS / 1024 }));
