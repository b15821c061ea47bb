// Peak memory of a Kearns width sweep up to 10,000 run by the engine with worker threads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executePlan } from '../dist/run/index.js';
import { kearnsCell } from './cells.mjs';

const widths = process.argv.slice(3).map(Number);
const steps = Number(process.argv[2]);
const cells = widths.map((w, index) => ({ ...kearnsCell(w, steps), hash: `sweep-${w}-${steps}`, index, values: { m: w } }));
const dir = mkdtempSync(join(tmpdir(), 'lazylab-bench-'));
const t0 = performance.now();
const res = await executePlan({ experiment: 'bench', profile: null, cells, cost: { cells: cells.length, totalSteps: 0, flops: 0, peakBytes: 0 } }, { outDir: dir, jobs: 2 });
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ cells: res.totals.cells, seconds: (performance.now() - t0) / 1000, rssMiB: process.resourceUsage().maxRSS / 1024 }));
