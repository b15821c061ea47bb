// lazylab side of the NTK benchmark as a block server (as bench/cell.mjs is for training steps):
// the empirical NTK of bench/ntk.mjs's network (3 × width ReLU, d = 100, NTK parameterization)
// on n points; prints one JSON line when ready, then for each line on stdin computes the kernel
// once and prints {"ms", "trace"}. An empty line or EOF ends it.
// usage: node bench/ntk-cell.mjs <points> <width> [native|wasm] [lazylab root]
// The root (default: this checkout) lets bench/native-compare.mjs time another commit's engine.
import { createInterface } from 'node:readline';

const [points, width, matmul, root] = process.argv.slice(2);
const dist = new URL(`${root ? `file://${root.replace(/\/?$/, '/')}` : new URL('../', import.meta.url).href}dist/run/`);
const load = (file) => import(new URL(file, dist).href);
const [{ initBackend }, { initParams }, { ntkFactorized }] = await Promise.all(['backend.js', 'model/params.js', 'measure/ntk-tf.js'].map(load));
const n = Number(points), m = Number(width), d = 100;
const backend = await initBackend('wasm', matmul || null);
const model = {
  name: 'mlp', inputDim: d, hidden: [m, m, m], outputDim: 1, activation: 'relu', bias: false,
  parameterization: 'ntk', multipliers: [d, m, m, m].map((f) => 1 / Math.sqrt(f)), biasStd: 0, outputScale: 1,
  init: { layers: Array(4).fill({ kind: 'normal', std: 1 }), symmetrized: false, frozenCopy: false }, head: 'scalar',
};
const params = initParams(model, 0);
let s = 12345;
const x = Float32Array.from({ length: n * d }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
ntkFactorized(model, params, { x: x.subarray(0, 10 * d), n: 10 });
console.log(JSON.stringify({ ready: true, matmul: backend.matmul?.path }));
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) break;
  const t0 = performance.now();
  const k = ntkFactorized(model, params, { x, n });
  console.log(JSON.stringify({ ms: performance.now() - t0, trace: k.reduce((a, row, i) => a + row[i], 0) }));
}
process.exit(0);
