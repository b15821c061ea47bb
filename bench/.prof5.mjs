import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../dist/run/backend.js';
await initBackend('wasm');
const [n, d, m] = process.argv.slice(2).map(Number);
const X = tf.randomNormal([n, d]); const XT = tf.transpose(X); const base = tf.randomNormal([n, m]); const baseT = tf.randomNormal([m, n]);
async function prof(name, f) {
  const agg = new Map(); const R = 5;
  for (let r = 0; r < R + 1; r++) { const info = await tf.profile(() => tf.tidy(() => f(tf.relu(base), tf.relu(baseT)))); if (r === 0) continue; for (const k of info.kernels) { if (k.name === 'Relu') continue; const key = `${k.name} ${JSON.stringify(k.inputShapes)}`; agg.set(key, (agg.get(key) ?? 0) + k.kernelTimeMs / R); } }
  let tot = 0; for (const v of agg.values()) tot += v;
  console.log(name.padEnd(24), tot.toFixed(2), [...agg.entries()].map(([k, v]) => `${k}:${v.toFixed(1)}`).join(' | '));
}
await prof('T(dT@X)', (dz) => tf.transpose(tf.matMul(tf.transpose(dz), X)));
await prof('XT@dz', (dz) => tf.matMul(XT, dz));
await prof('dzT(given)@X', (dz, dzT) => tf.matMul(dzT, X));
await prof('T(dz)', (dz) => tf.transpose(dz));
await prof('X@W1', () => tf.matMul(X, tf.relu(tf.randomNormal([d, m]))));
await prof('W1T@XT', () => tf.matMul(tf.relu(tf.randomNormal([m, d])), XT));
for (const chunks of [4, 16]) await prof(`chunked XT@dz ${chunks}`, (dz) => tf.concat(tf.split(dz, chunks, 1).map((c) => tf.matMul(XT, c)), 1));
