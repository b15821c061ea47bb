// Throughput of the layered empirical NTK (src/run/model/layered-jacobian.ts) on the networks of
// specs/chizat_cnn.lazy, against the cost formula of src/theory/net/kernel-cost.ts: prints, per
// network, the measured seconds, the formula's FLOPs and the FLOP/s the formula implies (the
// constant FLOPS_PER_SECOND there is the lower end of these numbers).
//
//   node bench/ntk-layered.mjs [--profile quick] [--probe 32] [--backend wasm]
import { readFileSync } from 'node:fs';
import { initBackend } from '../dist/run/backend.js';
import { makeDataset } from '../dist/run/data/index.js';
import { initParams } from '../dist/run/model/params.js';
import { ntkLayered } from '../dist/run/measure/ntk-layered.js';
import { FLOPS_PER_SECOND, layeredNtkCost } from '../dist/theory/net/kernel-cost.js';
import { parseSpec } from '../dist/lang/parse.js';
import { planSpec } from '../dist/plan/plan.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const probe = Number(opt('probe', 32));
const backend = await initBackend(opt('backend', 'wasm'));
const spec = parseSpec(readFileSync(new URL('../specs/chizat_cnn.lazy', import.meta.url), 'utf8')).spec;
const plan = planSpec(spec, { profile: opt('profile', 'quick'), hash: false }).plan;
const seen = new Set();
console.log(`backend ${backend.name}, probe ${probe}`);
for (const cell of plan.cells) {
  if (seen.has(cell.model.name)) continue;
  seen.add(cell.model.name);
  const data = makeDataset(cell.data, cell.train.loss, cell.model.outputDim);
  const params = initParams(cell.model, cell.seed);
  const pts = { x: data.train.x.subarray(0, probe * data.dim), n: probe };
  ntkLayered(cell.model, params, { x: pts.x.subarray(0, 2 * data.dim), n: 2 }); // warm-up
  const t0 = performance.now();
  ntkLayered(cell.model, params, pts);
  const s = (performance.now() - t0) / 1000;
  const cost = layeredNtkCost(cell.model.layers, cell.model.inputShape, probe, cell.model.outputDim);
  const flops = cost.seconds * FLOPS_PER_SECOND;
  console.log(`${cell.model.name}: ${cost.params} params, ${s.toFixed(2)} s measured, estimate ${cost.seconds.toFixed(2)} s, ${(flops / s).toExponential(2)} FLOP/s, ${(cost.bytes / 2 ** 20).toFixed(0)} MiB estimated`);
}
