#!/usr/bin/env node
// `npm run bench:commands`: how fast the short commands answer, against a bare `node -e 0` in
// the same run (the machine may be shared: only ratios from one run mean anything). Commands
// are alternated in rounds, so a burst of load hits them all alike; each row gives the median
// wall time, the median CPU time (user + system of the child, from /proc/self/stat on Linux)
// and both as multiples of node's start. Targets (issue 12): `check specs/kearns_width.lazy`
// ≤ 0.5 s, a fully cached quickstart re-run ≤ 1.0 s.
//
//   node bench/commands.mjs [--rounds N]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, markdown, median } from './common.mjs';

const root = new URL('..', import.meta.url).pathname;
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 10;
const bin = join(root, 'bin', 'lazylab.js');
if (!existsSync(join(root, 'dist', 'bundle', 'cli.js'))) throw new Error('run `npm run build` first');

/** Children's CPU seconds so far (Linux); null elsewhere. */
function childCpu() {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) / 100; // cutime + cstime, in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

function time(args) {
  const c0 = childCpu(), t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000, c1 = childCpu();
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, cpu: c0 === null || c1 === null ? null : c1 - c0 };
}

const out = mkdtempSync(join(tmpdir(), 'lazylab-bench-'));
try {
  const quickstart = [bin, 'run', 'specs/quickstart.lazy', '--out', out, '--quiet'];
  console.error('training the quickstart once (the re-runs below are fully cached)…');
  time(quickstart);
  const commands = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'lazylab --version', args: [bin, '--version'] },
    { name: 'lazylab check specs/kearns_width.lazy', args: [bin, 'check', 'specs/kearns_width.lazy'], target: 0.5 },
    { name: 'lazylab run specs/quickstart.lazy (cached)', args: quickstart, target: 1.0 },
  ];
  const samples = commands.map(() => []);
  for (let r = 0; r < rounds; r++) commands.forEach((c, i) => samples[i].push(time(c.args)));
  const base = samples[0];
  const baseWall = median(base.map((s) => s.wall)), baseCpu = base[0].cpu === null ? null : median(base.map((s) => s.cpu));
  const rows = [['command', 'wall (median)', '× node', 'CPU (median)', '× node', 'target']];
  commands.forEach((c, i) => {
    const wall = median(samples[i].map((s) => s.wall));
    const cpu = baseCpu === null ? null : median(samples[i].map((s) => s.cpu));
    rows.push([
      c.name, `${wall.toFixed(3)} s`, (wall / baseWall).toFixed(1), cpu === null ? '—' : `${cpu.toFixed(2)} s`,
      cpu === null || !baseCpu ? '—' : (cpu / baseCpu).toFixed(1), c.target ? `≤ ${c.target} s wall: ${wall <= c.target ? 'met' : 'not met'}` : '',
    ]);
  });
  console.log(`\n### Short commands: wall and CPU seconds, medians of ${rounds} alternating rounds\n\n${machine()}\n`);
  console.log(markdown(rows));
} finally {
  rmSync(out, { recursive: true, force: true });
}
