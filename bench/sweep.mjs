// Whole-sweep benchmark: the quick profiles of kearns_width and chizat_tau through the lazylab
// command (`lazylab run --jobs 2`, cold cache, no report) against a plain PyTorch loop over the
// same plan's cells (bench/sweep_peer.py, 2 processes of 1 thread), each cell doing the steps
// lazylab did (cells that stop early at stop_loss do the same work in both). Wall seconds of
// each whole command: lazylab on the native matrix path, the peer, and with --with-wasm lazylab
// on wasm's own kernels too, repeated --rounds times (medians of the per-round ratios).
//
//   node bench/sweep.mjs [--rounds 1] [--backend wasm] [--with-wasm]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, markdown, median, python } from './common.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const rounds = Number(opt('rounds', 1));
const backend = opt('backend', null);
const withWasm = args.includes('--with-wasm');
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const bin = here('../bin/lazylab.js');
const SPECS = ['kearns_width', 'chizat_tau'];

function lazylabRun(spec, matmul) {
  const out = mkdtempSync(join(tmpdir(), 'lazylab-sweep-'));
  try {
    const t0 = performance.now();
    execFileSync(process.execPath, [bin, 'run', here(`../specs/${spec}.lazy`), '--profile', 'quick', '--jobs', '2', '--out', out,
      '--no-report', '--quiet', '--force', ...(backend ? ['--backend', backend] : []), ...(matmul ? ['--matmul', matmul] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function peerRun(cells) {
  const r = spawnSync(python, [here('./sweep_peer.py'), '2'], { input: JSON.stringify(cells), encoding: 'utf8', maxBuffer: 2 ** 26 });
  if (r.status !== 0) throw new Error(`sweep_peer.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const table = [['sweep (quick profile)', 'cells', 'steps', 'native s', ...(withWasm ? ['wasm s'] : []), 'PyTorch s', 'native / PyTorch', ...(withWasm ? ['wasm / PyTorch'] : [])]];
let info = '';
for (const spec of SPECS) {
  const plan = JSON.parse(execFileSync(process.execPath, [bin, 'plan', here(`../specs/${spec}.lazy`), '--profile', 'quick', '--json', '--force'], { maxBuffer: 2 ** 28 }));
  const nat = [], was = [], py = [];
  let steps = 0;
  for (let r = 0; r < rounds; r++) {
    // Native asks for nothing: where no BLAS loads it runs wasm's kernels, and results.json says so.
    const l = lazylabRun(spec, null);
    const trained = new Map(l.results.cells.map((c) => [c.hash, c.steps]));
    const cells = plan.cells.map((c) => ({ ...c, steps: trained.get(c.hash) ?? c.train.steps }));
    steps = cells.reduce((a, c) => a + c.steps, 0);
    const p = peerRun(cells);
    const w = withWasm ? lazylabRun(spec, 'wasm') : null;
    nat.push(l.seconds);
    py.push(p.seconds);
    if (w) was.push(w.seconds);
    const b = l.results.backend, m = b.matmul;
    const path = m?.path === 'native' ? `native ${m.blas.split(' ').slice(0, 2).join(' ')}` : `${m?.path ?? b.name} (NO BLAS FOUND)`;
    info = `lazylab: ${b.name} ${b.version}, --jobs 2 (1 thread each), matrix products ${path}${withWasm ? ' or wasm kernels' : ''}; PyTorch ${p.torch}, 2 processes × 1 thread`;
  }
  const ratio = (xs) => median(xs.map((v, i) => v / py[i])).toFixed(2);
  table.push([spec, plan.cells.length, steps.toLocaleString('en-US'), median(nat).toFixed(1), ...(withWasm ? [median(was).toFixed(1)] : []), median(py).toFixed(1), ratio(nat), ...(withWasm ? [ratio(was)] : [])]);
  console.error(table[table.length - 1].join('  '));
}
console.log(`\n### Whole sweeps: wall seconds of the whole command, ${rounds} round${rounds === 1 ? '' : 's'}\n\n${info}\n${machine()}\n`);
console.log(markdown(table));
console.log('\nlazylab: the CLI, planning, caching and every measurement at the log steps included; PyTorch: the same cells and log-step evaluations.');
