// Convolutional training step, native convolutions (im2col + the native sgemm, src/run/native/)
// against the wasm backend's own kernels: one block server per path (bench/conv-cell.mjs) per
// model of specs/chizat_cnn.lazy's profile, timed in alternating blocks, the order rotating;
// ratio = median over blocks of (wasm ms / native ms in the same block).
//
//   npm run build && node bench/conv.mjs [--profile quick] [--blocks 7] [--steps 5]
import { fileURLToPath } from 'node:url';
import { machine, markdown, median, startServer } from './common.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const profile = opt('--profile', 'quick'), blocks = Number(opt('--blocks', 7)), steps = Number(opt('--steps', 5));
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const MiB = (b) => (b / 2 ** 20).toFixed(0);

const table = [['model', 'batch', 'native ms', 'wasm ms', 'wasm / native', 'native heap MiB', 'wasm heap MiB']];
for (const model of ['vgg', 'resnet']) {
  const sides = [await startServer(process.execPath, [here('./conv-cell.mjs'), profile, model, 'native']),
    await startServer(process.execPath, [here('./conv-cell.mjs'), profile, model, 'wasm'])];
  if (sides[0].info.matmul !== 'native') throw new Error(`no native path here (${sides[0].info.matmul})`);
  const ms = sides.map(() => []);
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < sides.length; k++) {
      const i = (b + k) % sides.length;
      ms[i].push(await sides[i].run(steps));
    }
  }
  const heaps = sides.map((s) => s.info.heap);
  await Promise.all(sides.map((s) => s.close()));
  table.push([model, sides[0].info.batch, median(ms[0]).toFixed(1), median(ms[1]).toFixed(1), median(ms[1].map((x, b) => x / ms[0][b])).toFixed(2), MiB(heaps[0]), MiB(heaps[1])]);
  console.error(table[table.length - 1].join('  '));
}
console.log(`\n### chizat_cnn (${profile}) training step, native vs wasm convolutions: ms per step, median of ${blocks} alternating blocks of ${steps} steps\n`);
console.log(`wasm backend, 1 thread\n${machine()}\n`);
console.log(markdown(table));
console.log('\nwasm / native = median over blocks of (wasm ms / native ms in the same block); > 1: the native path is faster. Heap: the wasm memory after the first step.');
