import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../dist/run/backend.js';
await initBackend('wasm');
const [n, d, m] = process.argv.slice(2).map(Number);
const X0 = tf.randomNormal([n, d]); const dz0 = tf.randomNormal([n, m]); const a0 = tf.randomNormal([n, m]); const g0 = tf.randomNormal([n, 1]); const W0 = tf.randomNormal([d, m]); const W20 = tf.randomNormal([m, 1]);
const fresh = (t) => tf.relu(t);
function time(name, f) { for (let i = 0; i < 3; i++) tf.tidy(f); const N = 20; const t0 = performance.now(); for (let i = 0; i < N; i++) tf.tidy(f); console.log(name.padEnd(30), ((performance.now() - t0) / N).toFixed(3)); }
time('baseline fresh dz,a,X,g,W', () => [fresh(dz0), fresh(a0), fresh(X0), fresh(g0), fresh(W0), fresh(W20)]);
time('X@W (fresh W)', () => { fresh(dz0); fresh(a0); fresh(g0); fresh(W20); return tf.matMul(fresh(X0), fresh(W0)); });
time('a@W2', () => { fresh(dz0); fresh(X0); fresh(g0); fresh(W0); return tf.matMul(fresh(a0), fresh(W20)); });
time('XT@dz', () => { fresh(a0); fresh(g0); fresh(W0); fresh(W20); return tf.matMul(tf.transpose(fresh(X0)), fresh(dz0)); });
time('T(T(dz)@X)', () => { fresh(a0); fresh(g0); fresh(W0); fresh(W20); return tf.transpose(tf.matMul(tf.transpose(fresh(dz0)), fresh(X0))); });
time('T(a)@g', () => { fresh(dz0); fresh(X0); fresh(W0); fresh(W20); return tf.matMul(tf.transpose(fresh(a0)), fresh(g0)); });
time('gT@a', () => { fresh(dz0); fresh(X0); fresh(W0); fresh(W20); return tf.matMul(tf.reshape(fresh(g0), [1, n]), fresh(a0)); });
