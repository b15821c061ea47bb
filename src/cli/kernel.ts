// `lazylab kernel`: print the analytic (or one network's empirical) NTK / NNGP of a deep fully
// connected net on points read from a CSV file. The only printing part of src/theory's CLI.
// Empirical networks use neural-tangents' NTK parameterization (W, b ~ N(0,1) trained,
// z = (σ_w/√fan_in)·aW + σ_b·b), whose infinite-width limit is exactly the analytic kernel.
import { readFile } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { analyticKernels, type AnalyticActivation } from '../theory/analytic.js';
import { empiricalNngp, empiricalNtk } from '../theory/empirical.js';
import { randomMlp } from '../theory/mlp.js';
import { createRng } from '../theory/rng.js';
import { suggest } from '../plan/suggest.js';

export const KERNEL_USAGE = `usage: lazylab kernel --activation relu|erf --depth L --input points.csv
                      [--sigma-w S] [--sigma-b B] [--kind ntk|nngp]
                      [--empirical [--width M] [--seed K]] [--json]

Prints the infinite-width NTK (default) or NNGP of a fully connected net with L hidden layers and a
scalar linear readout, NTK parameterization (neural-tangents' stax.serial([Dense, act] * L, Dense)).
  --input FILE      one input point per row, comma-separated numbers, no header
  --sigma-w S       weight standard deviation σ_w (default 1)
  --sigma-b B       bias standard deviation σ_b (default 0)
  --empirical       instead, one random network of width M (default 512) drawn with seed K
                    (default 0): W, b ~ N(0,1), z = (σ_w/√fan_in)·a·W + σ_b·b. Its NNGP is the last
                    hidden layer's feature covariance σ_w²·a·a'/M + σ_b².
  --json            print {"kind": ..., "matrix": [[...], ...]}`;

export interface KernelArgs {
  activation: AnalyticActivation;
  depth: number;
  sigmaW: number;
  sigmaB: number;
  input: string;
  kind: 'ntk' | 'nngp';
  empirical: boolean;
  width: number;
  seed: number;
  json: boolean;
}

class UsageError extends Error {}

const VALUE_FLAGS = ['activation', 'depth', 'sigma-w', 'sigma-b', 'input', 'kind', 'width', 'seed'];
const BOOL_FLAGS = ['empirical', 'json', 'help'];

/** Splits argv into flag → value (booleans as 'true'); `--flag=value` and `--flag value` both work. */
function splitFlags(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (BOOL_FLAGS.includes(name)) { flags.set(name, 'true'); continue; }
    if (!VALUE_FLAGS.includes(name)) {
      const near = suggest(name, [...VALUE_FLAGS, ...BOOL_FLAGS]);
      throw new UsageError(`unknown option --${name}${near ? `; did you mean --${near}?` : ''}`);
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

function numberFlag(flags: Map<string, string>, name: string, fallback: number | null, integer: boolean, min: number): number {
  const raw = flags.get(name);
  if (raw === undefined) {
    if (fallback === null) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${raw}"`);
  }
  // Past 2^53 neighbouring integers are one double: two different seeds would be the same seed.
  if (integer && v > Number.MAX_SAFE_INTEGER) {
    throw new UsageError(`--${name} must be an integer ≤ ${Number.MAX_SAFE_INTEGER} (2^53 − 1), got "${raw}"`);
  }
  return v;
}

function choiceFlag<T extends string>(flags: Map<string, string>, name: string, choices: readonly T[], fallback: T | null): T {
  const raw = flags.get(name);
  if (raw === undefined) {
    if (fallback === null) throw new UsageError(`--${name} is required (${choices.join(' or ')})`);
    return fallback;
  }
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  const near = suggest(raw, choices);
  throw new UsageError(`unknown ${name} "${raw}"${near ? `; did you mean "${near}"?` : ''} (expected ${choices.join(' or ')})`);
}

/** Parses `lazylab kernel` arguments (null: --help). */
export function parseKernelArgs(argv: string[]): KernelArgs | null {
  const flags = splitFlags(argv);
  if (flags.has('help')) return null;
  const input = flags.get('input');
  if (input === undefined) throw new UsageError('--input is required');
  return {
    activation: choiceFlag(flags, 'activation', ['relu', 'erf'] as const, null),
    depth: numberFlag(flags, 'depth', null, true, 0),
    sigmaW: numberFlag(flags, 'sigma-w', 1, false, 0),
    sigmaB: numberFlag(flags, 'sigma-b', 0, false, 0),
    input,
    kind: choiceFlag(flags, 'kind', ['ntk', 'nngp'] as const, 'ntk'),
    empirical: flags.has('empirical'),
    width: numberFlag(flags, 'width', 512, true, 1),
    seed: numberFlag(flags, 'seed', 0, true, 0),
    json: flags.has('json'),
  };
}

/** Parses the points file: one row per line, comma-separated numbers; names file and line on error. */
export function parsePointsCsv(text: string, file: string): number[][] {
  const points: number[][] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.split(',').map((c) => c.trim());
    const row = cells.map((c) => (c === '' ? NaN : Number(c)));
    const bad = row.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new UsageError(`${file}:${i + 1}: "${cells[bad]}" is not a number (column ${bad + 1})`);
    if (points.length > 0 && row.length !== points[0]!.length) {
      throw new UsageError(`${file}:${i + 1}: expected ${points[0]!.length} numbers like the first row, found ${row.length}`);
    }
    points.push(row);
  });
  if (points.length === 0) throw new UsageError(`${file}: no points (one comma-separated row per point)`);
  return points;
}

/** The requested kernel matrix. */
export function computeKernel(args: KernelArgs, x: number[][]): number[][] {
  if (!args.empirical) {
    return analyticKernels(x, undefined, { activation: args.activation, depth: args.depth, sigmaW: args.sigmaW, sigmaB: args.sigmaB })[args.kind];
  }
  if (!(args.sigmaW > 0)) throw new UsageError('--empirical needs --sigma-w > 0');
  const mlp = randomMlp({
    inputDim: x[0]!.length, hidden: new Array<number>(args.depth).fill(args.width), outputDim: 1,
    activation: args.activation, sigmaW: args.sigmaW, sigmaB: args.sigmaB, bias: args.sigmaB > 0,
  }, createRng(args.seed));
  return args.kind === 'ntk' ? empiricalNtk(mlp, x) : empiricalNngp(mlp, x, x, args.sigmaW, args.sigmaB);
}

/** An aligned table: a title line, a header of column indices, one row per point. */
export function formatTable(title: string, m: number[][]): string {
  const cells = m.map((row) => row.map((v) => v.toPrecision(8)));
  const width = Math.max(...cells.flat().map((c) => c.length), 1);
  const label = String(m.length - 1).length;
  const header = ' '.repeat(label) + '  ' + m.map((_, j) => String(j).padStart(width)).join('  ');
  const rows = cells.map((row, i) => String(i).padStart(label) + '  ' + row.map((c) => c.padStart(width)).join('  '));
  return [title, header, ...rows].join('\n') + '\n';
}

function describe(args: KernelArgs, n: number): string {
  const source = args.empirical ? `empirical, width ${args.width}, seed ${args.seed}` : 'analytic, infinite width';
  return `${args.kind} (${args.activation}, depth ${args.depth}, σ_w = ${args.sigmaW}, σ_b = ${args.sigmaB}; ${source}; ${n} points)`;
}

/** Throughput of this command's kernels, measured on the 2-core development machine (one thread,
 *  under load): analytic ≈ 1e7 (point pair, layer) steps per second (erf; relu is ~2× faster),
 *  empirical ≈ 3e8 FLOP/s of plain JS arithmetic (width 2048, 50 points: 1.3 GFLOP in ~2-4 s). */
const RATE = { analyticSteps: 1e7, empiricalFlops: 3e8 };
/** Longer requests are refused before they start: past this the command looks hung. */
export const KERNEL_BUDGET_SECONDS = 600;

export interface KernelCost { seconds: number; bytes: number }

/** Estimated time and memory of computeKernel on n points of dimension d. */
export function estimateKernelCost(args: Pick<KernelArgs, 'empirical' | 'depth' | 'width'>, n: number, d: number): KernelCost {
  if (!args.empirical) return { seconds: (n * n * (args.depth + 1)) / RATE.analyticSteps, bytes: 8 * 2 * n * n };
  const m = args.width, L = args.depth;
  const params = L === 0 ? d : d * m + (L - 1) * m * m + m;
  const units = L * m + d + 1;
  // Draw every weight (~10 FLOP), forward + backward per point (~6 FLOP per weight), two Gram
  // matrices per layer; memory: weights, activations/pre-activations/deltas, per-layer kernels.
  const flops = 10 * params + 6 * n * params + 2 * n * n * units;
  return { seconds: flops / RATE.empiricalFlops, bytes: 8 * (params + 3 * n * units + n * n * (L + 1)) };
}

/** The largest value of a flag (≤ `from`) whose cost fits, by bisection (cost grows with it). */
function largestFitting(from: number, lowest: number, fits: (v: number) => boolean): number {
  if (!fits(lowest)) return lowest - 1;
  let lo = lowest, hi = from;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid; else hi = mid;
  }
  return lo;
}

function fmtSeconds(s: number): string {
  if (s < 7200) return `${Math.ceil(s / 60)} minutes`;
  if (s < 172800) return `${(s / 3600).toFixed(0)} hours`;
  const days = s / 86400;
  return days < 1e5 ? `${days.toFixed(0)} days` : `${days.toExponential(1)} days`;
}
const fmtGiB = (b: number): string => `${(b / 2 ** 30).toPrecision(3)} GiB`;

/** Refuses (UsageError) a request above the time budget or the JS heap, naming the values and the largest that fit. */
export function checkKernelCost(args: KernelArgs, n: number, d: number, heapBytes: number): void {
  const fits = (a: Pick<KernelArgs, 'empirical' | 'depth' | 'width'>): boolean => {
    const c = estimateKernelCost(a, n, d);
    return c.seconds <= KERNEL_BUDGET_SECONDS && c.bytes <= heapBytes;
  };
  if (fits(args)) return;
  const cost = estimateKernelCost(args, n, d);
  const what = args.empirical ? `--empirical --depth ${args.depth} --width ${args.width}` : `--depth ${args.depth}`;
  const over = cost.bytes > heapBytes
    ? `needs about ${fmtGiB(cost.bytes)} of memory (the JS heap holds ${fmtGiB(heapBytes)})`
    : `would take about ${fmtSeconds(cost.seconds)} (the limit is ${KERNEL_BUDGET_SECONDS / 60} minutes)`;
  const depth = largestFitting(args.depth, 0, (v) => fits({ ...args, depth: v }));
  const hints = [depth >= 0 ? `--depth ${depth}${args.empirical ? ' at this width' : ''}` : null];
  if (args.empirical) {
    const width = largestFitting(args.width, 1, (v) => fits({ ...args, width: v }));
    hints.push(width >= 1 ? `--width ${width} at this depth` : null);
  }
  const hint = hints.filter(Boolean).join(', or ');
  throw new UsageError(`${what} on ${n} points ${over}; ${hint ? `the most that fits is ${hint}` : 'use fewer points'}`);
}

async function readPoints(file: string): Promise<number[][]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the points file${code === 'ENOENT' ? ' (no such file)' : code ? ` (${code})` : ''}`);
  }
  return parsePointsCsv(text, file);
}

/** `lazylab kernel …`: returns the exit code (0 ok, 2 bad usage or input). */
export async function kernelCommand(argv: string[]): Promise<number> {
  try {
    const args = parseKernelArgs(argv);
    if (args === null) {
      process.stdout.write(KERNEL_USAGE + '\n');
      return 0;
    }
    const x = await readPoints(args.input);
    checkKernelCost(args, x.length, x[0]!.length, getHeapStatistics().heap_size_limit);
    const matrix = computeKernel(args, x);
    // A huge σ_w or σ_b overflows the recursion (it grows like σ_w^(2·depth)): refuse NaN/Infinity.
    if (matrix.some((row) => row.some((v) => !Number.isFinite(v)))) {
      throw new UsageError(`the ${args.kind} overflows with --sigma-w ${args.sigmaW} --sigma-b ${args.sigmaB} at depth ${args.depth}: some entries are not finite numbers; use σ_w and σ_b of order 1`);
    }
    process.stdout.write(args.json ? JSON.stringify({ kind: args.kind, matrix }) + '\n' : formatTable(describe(args, x.length), matrix));
    return 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`lazylab kernel: error: ${err.message}\n(see lazylab kernel --help)\n`);
    return 2;
  }
}
