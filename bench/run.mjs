// `npm run bench`: lazylab against PyTorch on this machine, one table per benchmark.
//   1. training step (this file): per row, lazylab on both matrix paths (bench/cell.mjs:
//      "native", the wasm backend's products through the system BLAS, where a fully connected
//      step runs on the host executor (plain JavaScript + sgemm, src/run/train/host-session.ts);
//      "wasm", its own kernels; with --tfjs-step also "native tfjs", the native products with
//      the tfjs step executor, the host executor's predecessor)
//      and two PyTorch peers (bench/peer.py: "strong", hand-derived gradients like lazylab's
//      engine, the reference; "autograd", the ordinary PyTorch way) run as servers in one command
//      and are timed in alternating short blocks, the order rotating per block; each ratio is the
//      median over blocks of lazylab ms / peer ms in the same block, so load from other processes
//      hits both sides alike. Peers are pinned to lazylab's thread count.
//   2. empirical NTK (bench/ntk.mjs), 3. whole sweeps (bench/sweep.mjs), both paths in each.
//   4. short commands (bench/commands.mjs), 5. peak memory of the Kearns sweep (bench/memory.mjs),
//      each against its issue-12 target; neither needs the PyTorch peer.
//
//   npm run bench -- [--only step|ntk|sweep|commands|memory] [--blocks 7] [--backend wasm] [--tfjs-step]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machine, markdown, median, pinnedEnv, python, startServer } from './common.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const only = opt('only', null);
const blocks = Number(opt('blocks', 7));
const backendName = opt('backend', process.env.LAZYLAB_BACKEND ?? '');
const tfjsStep = args.includes('--tfjs-step');
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const DURATIONS = here('../runs/bench-durations.json');

/** [protocol, width, steps per block] */
const ROWS = [
  ['kearns', 100, 200], ['kearns', 1000, 100], ['kearns', 10000, 20],
  ['chizat', 50, 30], ['chizat', 256, 10], ['chizat', 1024, 4], ['chizat', 4096, 2],
];

async function stepBenchmark() {
  const table = [['protocol', 'width', 'native ms', 'wasm ms', 'strong ms', 'native / strong', 'wasm / strong', 'autograd ms', 'native / autograd', ...(tfjsStep ? ['native tfjs ms', 'native tfjs / strong'] : [])]];
  let what = '';
  for (const [protocol, width, steps] of ROWS) {
    const lazylab = (matmul) => startServer(process.execPath, [here('./cell.mjs'), protocol, String(width), backendName || 'wasm', matmul]);
    // The native side asks for nothing: where no BLAS loads it runs wasm's kernels and the table says so.
    const [n, w] = [await lazylab(''), await lazylab('wasm')];
    const threads = n.info.threads;
    const peer = (variant) => startServer(python, [here('./peer.py'), variant, protocol, String(width), String(threads)], pinnedEnv(threads));
    const [s, a] = [await peer('strong'), await peer('autograd')];
    const sides = [n, w, s, a, ...(tfjsStep ? [await lazylab('native-tfjs')] : [])];
    const ms = sides.map(() => []);
    for (let b = 0; b < blocks; b++) {
      for (let k = 0; k < sides.length; k++) {
        const i = (b + k) % sides.length;
        ms[i].push(await sides[i].run(steps));
      }
    }
    await Promise.all(sides.map((x) => x.close()));
    const ratio = (l, p) => median(ms[l].map((x, b) => x / ms[p][b])).toFixed(2);
    const med = (i) => median(ms[i]).toFixed(3);
    table.push([protocol, width, med(0), med(1), med(2), ratio(0, 2), ratio(1, 2), med(3), ratio(0, 3), ...(tfjsStep ? [med(4), ratio(4, 2)] : [])]);
    console.error(table[table.length - 1].join('  '));
    const step = n.info.executor === 'host' ? '; its training step on the host executor: JavaScript and SIMD loops, BLAS products' : '';
    what = `lazylab: ${n.info.backend}, ${threads} thread, matrix products ${n.info.matmul} (native${step}) or ${w.info.matmul}; PyTorch ${s.info.version}, ${s.info.threads} thread (OPENBLAS/OMP/MKL_NUM_THREADS and torch.set_num_threads)`;
    if (!n.info.matmul.startsWith('native')) what += ' — NO BLAS FOUND: the native column ran wasm kernels';
  }
  console.log(`\n### Training step: ms per step, median of ${blocks} alternating blocks\n\n${what}\n${machine()}\n`);
  console.log(markdown(table));
  const check = ['kearns', 'chizat'].map((p) => JSON.parse(spawnSync(python, [here('./peer.py'), 'verify', p, '64', '1'], { encoding: 'utf8' }).stdout));
  console.log(`\nstrong peer checked against autograd: loss curves agree to ${check.map((c) => `${c.maxRelDiff.toExponential(1)} (${c.protocol})`).join(', ')} relative over 50 steps.`);
  console.log('ratio = median over blocks of (lazylab ms / peer ms in the same block); > 1: lazylab is slower.');
}

const SECTIONS = ['step', 'ntk', 'sweep', 'commands', 'memory'];
if (only && !SECTIONS.includes(only)) {
  console.error(`--only ${only}: expected one of ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const chosen = SECTIONS.filter((s) => !only || only === s);
const peerReady = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!peerReady && chosen.some((s) => ['step', 'ntk', 'sweep'].includes(s))) {
  console.error('PyTorch peer not available (bash bench/install.sh installs it)');
  process.exit(1);
}
const durations = lastDurations();
console.error(expectedDuration(chosen, durations));
for (const name of chosen) {
  const t0 = performance.now();
  if (name === 'step') await stepBenchmark();
  else {
    const script = { ntk: './ntk.mjs', sweep: './sweep.mjs', commands: './commands.mjs', memory: './memory.mjs' }[name];
    const backendArgs = backendName && (name === 'ntk' || name === 'sweep') ? ['--backend', backendName] : [];
    const r = spawnSync(process.execPath, [here(script), ...backendArgs], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  durations[name] = (performance.now() - t0) / 1000;
  saveDurations(durations);
}

/** Each section's wall seconds in the last run here (runs/ stays out of git); none the first time. */
function lastDurations() {
  try {
    return JSON.parse(readFileSync(DURATIONS, 'utf8'));
  } catch {
    return {};
  }
}

function saveDurations(d) {
  mkdirSync(here('../runs'), { recursive: true });
  writeFileSync(DURATIONS, `${JSON.stringify(d, null, 2)}\n`);
}

/** What the chosen sections will take: the last run's times here, else a rough first guess. */
function expectedDuration(chosen, last) {
  // Rough wall minutes on an idle 2-core machine, used only until a run here has been timed.
  const GUESS = { step: 3, ntk: 3, sweep: 15, commands: 1, memory: 2 };
  const minutes = chosen.map((s) => (last[s] !== undefined ? last[s] / 60 : GUESS[s]));
  const known = chosen.every((s) => last[s] !== undefined);
  const total = minutes.reduce((a, b) => a + b, 0);
  const each = chosen.map((s, i) => `${s} ${minutes[i].toFixed(1)}`).join(', ');
  return `bench: ${chosen.join(', ')}; expected about ${Math.ceil(total)} min (${each} min; ${known ? 'as the last run here took' : 'a rough guess until one run here is timed'}; longer on a loaded machine)`;
}
