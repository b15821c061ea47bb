// `lazylab kernel` (src/cli/kernel.ts), called in-process with temp CSV files and captured output.
// (Lives in test/theory because this engineer's paths are src/theory, test/theory, src/cli/kernel.ts.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { kernelCommand } from '../../src/cli/kernel.js';
import { analyticKernels } from '../../src/theory/analytic.js';
import { relativeFrobeniusDistance } from '../../src/theory/empirical.js';

const dir = mkdtempSync(join(tmpdir(), 'lazylab-kernel-'));
const csv = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const points = csv('points.csv', '1,0\n0,1\n0.6,-0.8\n');

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
});
afterEach(() => vi.restoreAllMocks());

const run = (...argv: string[]) => kernelCommand(argv);
const x = [[1, 0], [0, 1], [0.6, -0.8]];

describe('lazylab kernel: output', () => {
  it('--json prints the analytic NTK exactly (relu, depth 2)', async () => {
    expect(await run('--activation', 'relu', '--depth', '2', '--sigma-w', '1.5', '--sigma-b', '0.1', '--input', points, '--json')).toBe(0);
    const parsed = JSON.parse(out) as { kind: string; matrix: number[][] };
    expect(parsed.kind).toBe('ntk');
    expect(parsed.matrix).toEqual(analyticKernels(x, undefined, { activation: 'relu', depth: 2, sigmaW: 1.5, sigmaB: 0.1 }).ntk);
  });

  it('the hand case x = (1,0), x\' = (0,1), relu, depth 1: NNGP off-diagonal 1/(4π)', async () => {
    expect(await run('--activation=relu', '--depth=1', `--input=${points}`, '--kind=nngp', '--json')).toBe(0);
    const m = (JSON.parse(out) as { matrix: number[][] }).matrix;
    expect(m[0]![1]).toBeCloseTo(1 / (4 * Math.PI), 14);
    expect(m[0]![0]).toBeCloseTo(0.25, 14);
  });

  it('without --json prints an aligned table with a title', async () => {
    expect(await run('--activation', 'erf', '--depth', '1', '--input', points)).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ntk \(erf, depth 1, σ_w = 1, σ_b = 0; analytic/);
    expect(lines).toHaveLength(5);
    const lengths = new Set(lines.slice(1).map((l) => l.length));
    expect(lengths.size).toBe(1);
  });

  it('--empirical at width 2048 is within 10% (relative Frobenius) of the analytic NTK; seeded', async () => {
    // One network: fluctuation O(1/√2048) ≈ 2% per entry scale; 10% is a loose, stated bound.
    const args = ['--activation', 'relu', '--depth', '1', '--sigma-w', '1.4', '--sigma-b', '0.2', '--input', points, '--empirical', '--width', '2048', '--seed', '3', '--json'];
    expect(await run(...args)).toBe(0);
    const first = out;
    const m = (JSON.parse(out) as { matrix: number[][] }).matrix;
    const exact = analyticKernels(x, undefined, { activation: 'relu', depth: 1, sigmaW: 1.4, sigmaB: 0.2 }).ntk;
    expect(relativeFrobeniusDistance(m, exact)).toBeLessThan(0.1);
    out = '';
    await run(...args);
    expect(out).toBe(first);
  });

  it('--empirical --kind nngp at depth 0 is the exact linear kernel', async () => {
    expect(await run('--activation', 'erf', '--depth', '0', '--sigma-w', '2', '--sigma-b', '0.5', '--input', points, '--empirical', '--kind', 'nngp', '--json')).toBe(0);
    const m = (JSON.parse(out) as { matrix: number[][] }).matrix;
    expect(relativeFrobeniusDistance(m, analyticKernels(x, undefined, { activation: 'erf', depth: 0, sigmaW: 2, sigmaB: 0.5 }).nngp)).toBeLessThan(1e-14);
  });

  it('--help prints usage and exits 0', async () => {
    expect(await run('--help')).toBe(0);
    expect(out).toMatch(/^usage: lazylab kernel/);
  });
});

describe('lazylab kernel: bad input exits 2 with a clear message', () => {
  it('missing file names the file', async () => {
    expect(await run('--activation', 'relu', '--depth', '1', '--input', join(dir, 'nope.csv'))).toBe(2);
    expect(err).toContain('nope.csv');
    expect(err).toContain('no such file');
  });

  it('malformed row names file and line', async () => {
    const bad = csv('bad.csv', '1,2\n3,x\n');
    expect(await run('--activation', 'relu', '--depth', '1', '--input', bad)).toBe(2);
    expect(err).toContain(`${bad}:2: "x" is not a number`);
  });

  it('ragged row names file and line', async () => {
    const bad = csv('ragged.csv', '1,2\n\n3,4,5\n');
    expect(await run('--activation', 'relu', '--depth', '1', '--input', bad)).toBe(2);
    expect(err).toContain(`${bad}:3: expected 2 numbers`);
  });

  it('unknown activation suggests the nearest one', async () => {
    expect(await run('--activation', 'rleu', '--depth', '1', '--input', points)).toBe(2);
    expect(err).toContain('unknown activation "rleu"; did you mean "relu"?');
  });

  it('unknown option, missing value, bad number', async () => {
    expect(await run('--activation', 'relu', '--dpeth', '1', '--input', points)).toBe(2);
    expect(err).toContain('did you mean --depth?');
    expect(await run('--activation', 'relu', '--depth', '1.5', '--input', points)).toBe(2);
    expect(err).toContain('--depth must be an integer');
    expect(await run('--activation', 'relu', '--depth')).toBe(2);
    expect(err).toContain('--depth needs a value');
    expect(out).toBe('');
  });
});
