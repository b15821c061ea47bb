// Benchmark: empirical NTK on n probe points of a 3-hidden-layer width-1024 ReLU net (d = 100,
// NTK parameterization, no bias). Reference: the same layer factorization written in PyTorch
// (bench/ntk_peer.py factorized), pinned to lazylab's thread count, timed in alternating blocks
// (median of per-block ratios), lazylab on both matrix paths in turn: native (src/run/measure/ntk-native.ts
// on the BLAS directly, ssyrk for the Gram matrices) and wasm (tfjs ops on wasm's kernels). Second rows, timed once on --brute-points points and scaled by
// n²: lazylab's brute-force Jacobian contraction and PyTorch's autograd per-example Jacobians.
// Checks that lazylab's two kernels agree, and PyTorch's two.
//
//   node bench/ntk.mjs [--points 1000] [--brute-points 128] [--width 1024] [--blocks 5] [--backend wasm]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../dist/run/backend.js';
import { initParams } from '../dist/run/model/params.js';
import { ntkBruteForce, ntkFactorized } from '../dist/run/measure/ntk-tf.js';
import { machine, markdown, median, pinnedEnv, python, startServer } from './common.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const n = Number(opt('points', 1000));
const nBrute = Number(opt('brute-points', 128));
const width = Number(opt('width', 1024));
const blocks = Number(opt('blocks', 5));
const d = 100;
const backendName = opt('backend', 'wasm');
// The native path where a BLAS loads (else wasm's kernels, and the table says so), then wasm's own.
const backend = await initBackend(backendName);
const usePath = (path) => initBackend(backendName, path === 'native' ? null : 'wasm');
const peerScript = fileURLToPath(new URL('./ntk_peer.py', import.meta.url));

const model = {
  name: 'mlp', inputDim: d, hidden: [width, width, width], outputDim: 1, activation: 'relu', bias: false,
  parameterization: 'ntk', multipliers: [d, width, width, width].map((f) => 1 / Math.sqrt(f)), biasStd: 0, outputScale: 1,
  init: { layers: Array(4).fill({ kind: 'normal', std: 1 }), symmetrized: false, frozenCopy: false }, head: 'scalar',
};
const params = initParams(model, 0);
let s = 12345;
const x = Float32Array.from({ length: n * d }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
const P = params.reduce((a, p) => a + p.w.length, 0);
const time = (f) => {
  const t0 = performance.now();
  const out = f();
  return { ms: performance.now() - t0, out };
};

ntkFactorized(model, params, { x: x.subarray(0, 10 * d), n: 10 }); // warm-up
const peer = await startServer(python, [peerScript, 'factorized', String(n), String(width), String(backend.threads)], pinnedEnv(backend.threads));
const lz = { native: [], wasm: [] }, py = [];
let fact = null;
for (let b = 0; b < blocks; b++) {
  // Three sides, the order rotating per block: native, wasm, PyTorch.
  for (let k = 0; k < 3; k++) {
    const side = (b + k) % 3;
    if (side === 2) {
      py.push(await peer.run(1));
      continue;
    }
    const path = side === 0 ? 'native' : 'wasm';
    await usePath(path);
    const t = time(() => ntkFactorized(model, params, { x, n }));
    lz[path].push(t.ms);
    if (path === 'native') fact = t.out;
  }
}
await peer.close();
await usePath('native');
const brute = time(() => ntkBruteForce(model, params, { x: x.subarray(0, nBrute * d), n: nBrute }, 0, 32));
let diff = 0, norm = 0;
for (let i = 0; i < nBrute; i++) for (let j = 0; j < nBrute; j++) {
  diff += (brute.out[i][j] - fact[i][j]) ** 2;
  norm += fact[i][j] ** 2;
}
const scale = (n / nBrute) ** 2;
const jac = spawnSync(python, [peerScript, 'jacobian', String(nBrute), String(width), String(backend.threads)], { input: '1\n\n', encoding: 'utf8', env: pinnedEnv(backend.threads) });
const jacMs = jac.status === 0 ? JSON.parse(jac.stdout.trim().split('\n').pop()).ms * scale : NaN;
const verify = JSON.parse(spawnSync(python, [peerScript, 'verify', '64', '128', '1'], { encoding: 'utf8' }).stdout);
const ratio = (path) => median(lz[path].map((v, i) => v / py[i])).toFixed(2);
const nativeInfo = await usePath('native');
const nativeLabel = nativeInfo.matmul?.path === 'native' ? 'native' : 'native (NO BLAS FOUND: wasm kernels)';
const fmt = (ms) => (ms / 1000).toFixed(2);
const table = [
  ['method', 'seconds', 'lazylab / PyTorch factorized'],
  [`lazylab factorized, ${nativeLabel}`, fmt(median(lz.native)), ratio('native')],
  ['lazylab factorized, wasm', fmt(median(lz.wasm)), ratio('wasm')],
  ['PyTorch factorized (reference)', fmt(median(py)), '1.00'],
  [`lazylab brute-force Jacobian, native (${nBrute} points, ×${scale.toFixed(1)})`, fmt(brute.ms * scale), ''],
  [`PyTorch autograd Jacobians (${nBrute} points, ×${scale.toFixed(1)})`, fmt(jacMs), ''],
];
console.log(`\n### Empirical NTK: ${n} points, 3 × ${width} ReLU, d = ${d}, P = ${P.toLocaleString('en-US')}\n`);
console.log(`lazylab: ${backend.name} ${backend.version}, ${backend.threads} thread, matrix products ${(nativeInfo.matmul?.blas ?? nativeInfo.matmul?.path).split(' ').slice(0, 2).join(' ')} (native) or wasm kernels; PyTorch pinned to ${backend.threads} thread; median of ${blocks} alternating blocks`);
console.log(`${machine()}\n`);
console.log(markdown(table));
console.log(`\nchecks: lazylab factorized vs brute force ${Math.sqrt(diff / norm).toExponential(1)}, PyTorch factorized vs autograd Jacobians ${verify.relDiff.toExponential(1)} (relative Frobenius).`);
