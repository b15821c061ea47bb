#!/usr/bin/env node
// Where one worker's memory goes in a wide fully connected cell: the Kearns m = 10,000 cell
// (specs/kearns_width.lazy, target 0.005) of one model, trained in this process on the backend
// `lazylab run` picks, with process.memoryUsage(), tf.memory() and the wasm heap's length (its
// high-water mark: WebAssembly.Memory only grows) at each stage, and tf.profile's peak of live
// tensor bytes inside one training step and one log-step evaluation. Also the plan's estimate.
//
//   node bench/memory-probe.mjs [one_layer|two_layers|three_layers] [width] [steps]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

const [model = 'two_layers', width = '10000', steps = '20'] = process.argv.slice(2);
const MiB = (x) => +(x / 2 ** 20).toFixed(1);
const rows = [];
let heap = () => 0;
let started = false;
function sample(stage, extra = {}) {
  const u = process.memoryUsage();
  rows.push({ stage, rss: MiB(u.rss), heapUsed: MiB(u.heapUsed), external: MiB(u.external), arrayBuffers: MiB(u.arrayBuffers), wasmHeap: MiB(heap()), tfLive: started ? MiB(tf.memory().numBytes) : 0, ...extra });
}

const dir = mkdtempSync(join(tmpdir(), 'lazylab-probe-'));
const spec = join(dir, 'k.lazy');
writeFileSync(spec, `${readFileSync(fileURLToPath(new URL('../specs/kearns_width.lazy', import.meta.url)), 'utf8')}
profile probe {
  sweep m = [${width}]
  sweep (target, cap) = zip([0.005], [${steps}])
}
`);
const { loadPlanFromFile, formatBytes } = await import('../dist/plan/index.js');
const { cellPeakBytes } = await import('../dist/plan/cost.js');
const loaded = await loadPlanFromFile(spec, { profile: 'probe', force: true });
rmSync(dir, { recursive: true, force: true });
const cell = loaded.plan.cells.find((c) => c.model.name === model);
sample('start');
const { initBackend } = await import('../dist/run/backend.js');
const backend = await initBackend(null, null);
started = true;
const wasm = tf.backend().wasm;
if (wasm) heap = () => wasm.HEAPU8.length;
sample('backend started');
const { makeDataset } = await import('../dist/run/data/index.js');
const { initParams } = await import('../dist/run/model/params.js');
const { openSession } = await import('../dist/run/train/session.js');
const { planMeasurements } = await import('../dist/run/train/trainCell.js');
const { makeBatcher } = await import('../dist/run/train/batches.js');
const { batchSize } = await import('../dist/run/train/optimizers.js');
const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
const initial = initParams(cell.model, cell.seed);
sample('w0 drawn (JS)');
const s = openSession(cell, data, initial);
sample('session open');
const batches = makeBatcher(data.train.n, batchSize(cell.train.optimizer), cell.seed);
const { run } = planMeasurements(cell);
function measure(t) {
  let params = null;
  const state = { cell, step: t, data, initial, params: () => (params ??= s.params()), outputs: (sp) => s.outputs(sp), preactivations: (sp, at) => s.preactivations(sp, at) };
  const out = [];
  for (const { m, cfg } of run) out.push(...m.measure(state, cfg.options));
  return out.length;
}
for (let t = 0; t < Number(steps); t++) {
  let loss;
  const p = await tf.profile(() => { loss = s.step(t, batches.next(), false); });
  if (t < 2) sample(`step ${t}`, { stepPeakTf: MiB(p.peakBytes) });
  if (t === 0 || t === Number(steps) - 1) {
    const q = await tf.profile(() => { measure(t); });
    sample(`measured at ${t}`, { evalPeakTf: MiB(q.peakBytes) });
  }
  s.advance();
}
s.dispose();
sample('session disposed');
const params = initial.reduce((n, l) => n + l.w.length + (l.b?.length ?? 0), 0);
console.log(JSON.stringify({ model, width: Number(width), params, paramMiB: MiB(4 * params), backend: `${backend.name} ${backend.matmul?.path ?? ''}`, estimate: formatBytes(cellPeakBytes(cell)), maxRSS: MiB(process.resourceUsage().maxRSS * 1024) }));
console.table(rows);
