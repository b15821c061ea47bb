// Did a change speed up the native path? The training step of the benchmark cells and the
// empirical NTK (bench/ntk.mjs's network) on another commit's engine and on this checkout's, both
// on the native matrix path, with the strong PyTorch peers (bench/peer.py strong, bench/ntk_peer.py
// factorized, 1 thread) as the third side: block servers timed in alternating blocks, the order
// rotating; each ratio is the median over blocks of the two sides' times in the same block.
//
//   git worktree add --detach /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && npx tsc)
//   node bench/native-compare.mjs /tmp/before [--blocks 7] [--points 1000]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machine, markdown, median, pinnedEnv, python, startServer } from './common.mjs';

const args = process.argv.slice(2);
const before = args[0];
if (!before || before.startsWith('--')) {
  console.error('usage: node bench/native-compare.mjs <checkout of the older commit, built with tsc> [--blocks 7] [--points 1000]');
  process.exit(2);
}
const opt = (name, dflt) => Number(args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const blocks = opt('blocks', 7), points = opt('points', 1000);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const commit = (dir) => {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return dir; // a copy of a build, not a checkout
  }
};
// [label, lazylab server args, peer args, repetitions per block]
const ROWS = [
  ['chizat 1024 step', ['cell.mjs', 'chizat', '1024', 'wasm', 'native'], ['peer.py', 'strong', 'chizat', '1024', '1'], 10],
  ['chizat 4096 step', ['cell.mjs', 'chizat', '4096', 'wasm', 'native'], ['peer.py', 'strong', 'chizat', '4096', '1'], 3],
  ['kearns 1000 step', ['cell.mjs', 'kearns', '1000', 'wasm', 'native'], ['peer.py', 'strong', 'kearns', '1000', '1'], 100],
  ['kearns 10000 step', ['cell.mjs', 'kearns', '10000', 'wasm', 'native'], ['peer.py', 'strong', 'kearns', '10000', '1'], 20],
  [`NTK ${points} points, 3 × 1024`, ['ntk-cell.mjs', String(points), '1024', 'native'], ['ntk_peer.py', 'factorized', String(points), '1024', '1'], 1],
];

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));
const table = [['what', `before (${commit(before)}) ms`, `now (${commit(here('..'))}) ms`, 'PyTorch ms', 'now / before', 'before / PyTorch', 'now / PyTorch']];
for (const [label, lz, peer, reps] of ROWS) {
  const lazylab = (root) => startServer(process.execPath, [here(lz[0]), ...lz.slice(1), ...(root ? [root] : [])]);
  const sides = [await lazylab(before), await lazylab(null), await startServer(python, [here(peer[0]), ...peer.slice(1)], pinnedEnv(1))];
  const ms = sides.map(() => []);
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < sides.length; k++) {
      const i = (b + k) % sides.length;
      ms[i].push(await sides[i].run(reps));
    }
  }
  await Promise.all(sides.map((s) => s.close()));
  const ratio = (i, j) => median(ms[i].map((x, b) => x / ms[j][b])).toFixed(2);
  table.push([label, ...ms.map((m) => fmt(median(m))), ratio(1, 0), ratio(0, 2), ratio(1, 2)]);
  console.error(table[table.length - 1].join('  '));
}
console.log(`\n### The native path before and after: ms (per step, or per kernel), median of ${blocks} alternating blocks\n`);
console.log(`wasm backend with native matrix products on both lazylab sides, PyTorch pinned to 1 thread\n${machine()}\n`);
console.log(markdown(table));
console.log('\nnow / before = median over blocks of (now ms / before ms in the same block); < 1: faster.');
