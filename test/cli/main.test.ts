// The dispatcher: --help on the tool and on each command, --version, no arguments, unknown commands.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lazylab } from './helpers.js';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('lazylab', () => {
  it('prints its usage and exits 0 on --help, -h and help', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await lazylab(flag);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(`lazylab ${version}: declarative experiments on lazy training and the neural tangent kernel`);
      for (const command of ['check', 'plan', 'fmt', 'run', 'kernel']) expect(r.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    }
  });

  it('prints its usage and exits 2 with no arguments', async () => {
    const r = await lazylab();
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('usage: lazylab <command> [options]');
  });

  it('prints its version', async () => {
    expect(await lazylab('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 2 on an unknown command, naming it, with the usage on stderr', async () => {
    const r = await lazylab('chekc', 'specs/quickstart.lazy');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('lazylab: unknown command `chekc`');
    expect(r.stderr).toContain('usage: lazylab <command> [options]');
  });

  it.each([
    ['check', 'usage: lazylab check <spec.lazy>...'],
    ['plan', 'usage: lazylab plan <spec.lazy> [--profile P] [--json] [--force]'],
    ['fmt', 'usage: lazylab fmt <spec.lazy>... [--check]'],
  ])('%s --help prints the command usage and exits 0', async (command, usage) => {
    for (const flag of ['--help', '-h']) {
      const r = await lazylab(command, flag);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\n')[0]).toBe(usage);
    }
  });
});
