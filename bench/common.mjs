// Shared by the benchmarks: block servers driven over stdin/stdout, medians, the machine
// description and markdown tables.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { createInterface } from 'node:readline';

export const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** The environment that pins BLAS/OpenMP pools to `threads` (set before the peer loads torch). */
export function pinnedEnv(threads) {
  const t = String(threads);
  return { ...process.env, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t };
}

/**
 * Start a block server (bench/cell.mjs, bench/peer.py): waits for its ready line, then
 * run(n) sends n and resolves with its reply. close() ends it.
 */
export async function startServer(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`${cmd} ${args.join(' ')} ended early`);
    return JSON.parse(value);
  };
  const info = await next();
  return {
    info,
    run: async (n) => { child.stdin.write(`${n}\n`); return (await next()).ms; },
    close: () => new Promise((resolve) => { child.once('exit', resolve); child.stdin.end('\n'); }),
  };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** CPU model, cores, memory, OS and the load average at the start (the runs share the machine). */
export function machine() {
  let os = process.platform;
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch { /* not Linux */ }
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  return `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${os}, Node ${process.version}; load average ${load}`;
}

/** A markdown table with padded columns. */
export function markdown(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
