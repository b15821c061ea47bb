// Did layered networks slow the fully connected path (issue 11)? The training step of the
// benchmark cells (bench/cells.mjs) on this checkout's engine and on another commit's, both on
// wasm's own matrix kernels (the older engine has no native path), as block servers
// (bench/cell.mjs) timed in alternating blocks, the order rotating; ratio = median over blocks of
// (this ms / before ms in the same block). Also this checkout on the native path, for reference.
//
//   git worktree add --detach /tmp/before 3994706 && ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && npx tsc)
//   node bench/fc.mjs /tmp/before [--blocks 9]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machine, markdown, median, startServer } from './common.mjs';

const args = process.argv.slice(2);
const before = args[0];
if (!before || before.startsWith('--')) {
  console.error('usage: node bench/fc.mjs <checkout of the older commit, built with tsc> [--blocks 9]');
  process.exit(2);
}
const blocks = Number(args.includes('--blocks') ? args[args.indexOf('--blocks') + 1] : 9);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const commit = (dir) => execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const ROWS = [['kearns', 100, 200], ['kearns', 1000, 100], ['chizat', 256, 10], ['chizat', 1024, 4]];

const table = [['protocol', 'width', `before (${commit(before)}) ms`, `now (${commit(here('..'))}) ms`, 'now / before', 'now native ms']];
for (const [protocol, width, steps] of ROWS) {
  const server = (matmul, root) => startServer(process.execPath, [here('./cell.mjs'), protocol, String(width), 'wasm', matmul, ...(root ? [root] : [])]);
  const sides = [await server('wasm', before), await server('wasm'), await server('native')];
  const ms = sides.map(() => []);
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < sides.length; k++) {
      const i = (b + k) % sides.length;
      ms[i].push(await sides[i].run(steps));
    }
  }
  await Promise.all(sides.map((s) => s.close()));
  table.push([protocol, width, median(ms[0]).toFixed(3), median(ms[1]).toFixed(3), median(ms[1].map((x, b) => x / ms[0][b])).toFixed(2), median(ms[2]).toFixed(3)]);
  console.error(table[table.length - 1].join('  '));
}
console.log(`\n### Fully connected training step before and after layered networks: ms per step, median of ${blocks} alternating blocks\n`);
console.log(`wasm backend, 1 thread, wasm's own matrix kernels on both sides\n${machine()}\n`);
console.log(markdown(table));
console.log('\nnow / before = median over blocks of (now ms / before ms in the same block); > 1: the step got slower.');
