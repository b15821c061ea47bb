// Benchmark (issue 4): empirical NTK on n probe points of a 3-hidden-layer width-1024 ReLU net
// (d = 100, NTK parameterization, no bias), layer factorization versus the brute-force explicit
// Jacobian contraction in lazylab (tfjs), and the PyTorch peer (bench/ntk_peer.py: autograd
// per-example Jacobians, contracted blockwise). Prints a markdown table; checks that the two
// lazylab kernels agree.
//
//   npm run bench:ntk -- [--points 1000] [--brute-points 1000] [--width 1024] [--backend wasm] [--no-peer]
import { spawnSync } from 'node:child_process';
import { initBackend } from '../dist/run/backend.js';
import { initParams } from '../dist/run/model/params.js';
import { ntkBruteForce, ntkFactorized } from '../dist/run/measure/ntk-tf.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const n = Number(opt('points', 1000));
const nBrute = Number(opt('brute-points', n));
const width = Number(opt('width', 1024));
const d = 100;
const backend = await initBackend(opt('backend', null));

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
  return { seconds: (performance.now() - t0) / 1000, out };
};
time(() => ntkFactorized(model, params, { x: x.subarray(0, 10 * d), n: 10 })); // warm-up
const fact = time(() => ntkFactorized(model, params, { x, n }));
const brute = time(() => ntkBruteForce(model, params, { x: x.subarray(0, nBrute * d), n: nBrute }, 0, 32));
let diff = 0, norm = 0;
for (let i = 0; i < nBrute; i++) for (let j = 0; j < nBrute; j++) {
  diff += (brute.out[i][j] - fact.out[i][j]) ** 2;
  norm += fact.out[i][j] ** 2;
}
const scale = (n / nBrute) ** 2;
const rows = [
  ['lazylab factorized (tfjs)', fact.seconds, ''],
  ['lazylab brute-force Jacobian (tfjs)', brute.seconds * scale, nBrute === n ? '' : ` (measured on ${nBrute} points, ×${scale.toFixed(1)} for n²)`],
];
if (!args.includes('--no-peer')) {
  const py = spawnSync('/usr/bin/python3', [new URL('./ntk_peer.py', import.meta.url).pathname, String(n), String(width), String(nBrute)], { encoding: 'utf8' });
  if (py.status !== 0) rows.push(['PyTorch peer', NaN, ` failed: ${py.stderr.trim().split('\n').pop()}`]);
  else {
    const r = JSON.parse(py.stdout.trim().split('\n').pop());
    rows.push([`PyTorch ${r.torch} autograd Jacobian contraction (${r.threads} threads)`, r.seconds * scale, nBrute === n ? '' : ` (measured on ${nBrute} points, ×${scale.toFixed(1)})`]);
  }
}
console.log(`\nEmpirical NTK, ${n} points, 3 × ${width} ReLU, d = ${d}, P = ${P.toLocaleString('en-US')}; backend ${backend.name} ${backend.version}, ${backend.threads} threads`);
console.log(`factorized vs brute force (${nBrute} points): relative Frobenius difference ${Math.sqrt(diff / norm).toExponential(2)}\n`);
console.log('| method | seconds | vs factorized |\n|---|---:|---:|');
for (const [name, sec, note] of rows) console.log(`| ${name}${note} | ${sec.toFixed(2)} | ${(sec / fact.seconds).toFixed(1)}× |`);
