// `npm run bench`: lazylab against the PyTorch peer on the same machine, same protocols.
// Each row runs in fresh processes (lazylab: bench/cell.mjs, PyTorch: bench/peer.py) so peak
// RSS is per row. Prints ms per step, the ratio lazylab/PyTorch and peak memory.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const rows = [
  ['kearns', 100, 400], ['kearns', 300, 400], ['kearns', 1000, 200], ['kearns', 3000, 100], ['kearns', 10000, 40],
  ['chizat', 50, 60], ['chizat', 256, 20], ['chizat', 1024, 8], ['chizat', 4096, 3],
];
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const backend = process.env.LAZYLAB_BACKEND ?? '';
const run = (cmd, args) => JSON.parse(execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n').pop());

let peer = true;
try {
  execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
} catch {
  peer = false;
  console.error('PyTorch peer not available (bash bench/install.sh installs it): lazylab only');
}
const table = [['protocol', 'width', 'lazylab ms/step', 'pytorch 1T ms/step', 'ratio 1T', 'pytorch 2T ms/step', 'ratio 2T', 'lazylab peak RSS', 'pytorch peak RSS']];
let info = '';
for (const [protocol, width, steps] of rows) {
  const l = run(process.execPath, [here('./cell.mjs'), protocol, String(width), String(steps), backend]);
  const p = peer ? run(python, [here('./peer.py'), protocol, String(width), String(steps), '1']) : null;
  const p2 = peer ? run(python, [here('./peer.py'), protocol, String(width), String(steps), '2']) : null;
  info = `lazylab: ${l.backend}, ${l.threads} thread per cell; PyTorch ${p ? p.version : 'n/a'} with 1 and 2 threads (1T, 2T)`;
  const f = (x) => (x ? x.ms.toFixed(3) : '-');
  const ratio = (x) => (x ? (l.ms / x.ms).toFixed(2) : '-');
  table.push([protocol, String(width), l.ms.toFixed(3), f(p), ratio(p), f(p2), ratio(p2),
    `${Math.round(l.rssMiB)} MiB`, p ? `${Math.round(p.rssMiB)} MiB` : '-']);
  console.error(table[table.length - 1].join('  '));
}
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
console.log(`\n${info}\n`);
console.log(table.map((r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`).join('\n').replace(/\n/, `\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`));
const sweep = run(process.execPath, [here('./sweep.mjs'), '20', '100', '1000', '2500', '5000', '7500', '10000']);
console.log(`\nKearns width sweep 100…10,000 (${sweep.cells} cells, 2 worker threads): peak RSS ${Math.round(sweep.rssMiB)} MiB`);
