// `lazylab plan`: the table, --json (valid JSON with every cell), --profile, the size limit
// and bad usage.

import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/index.js';
import { lazylab } from './helpers.js';

describe('lazylab plan', () => {
  it('prints a header with the cost and one row per cell', async () => {
    const r = await lazylab('plan', 'specs/quickstart.lazy');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^plan of quickstart: 30 cells, 9,000 steps, /);
    expect(lines[1]!.split(/\s+/)).toEqual(['#', 'hash', 'm', 'seed', 'steps', 'lr']);
    expect(lines.length).toBe(2 + 30);
    expect(lines[2]!.split(/\s+/)).toEqual(['0', expect.stringMatching(/^[0-9a-f]{12}$/), '32', '0', '300', '1']);
    expect(lines[31]!.split(/\s+/).slice(2)).toEqual(['1024', '4', '300', '1']);
  });

  it('--json prints the plan as valid JSON with every cell resolved and hashed', async () => {
    const r = await lazylab('plan', 'specs/quickstart.lazy', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.experiment).toBe('quickstart');
    expect(plan.profile).toBeNull();
    expect(plan.cells).toHaveLength(30);
    expect(plan.cost.cells).toBe(30);
    expect(plan.cells.map((c) => c.index)).toEqual([...Array(30).keys()]);
    expect(new Set(plan.cells.map((c) => c.hash)).size).toBe(30);
    expect(plan.cells[0]).toMatchObject({ values: { m: 32 }, seed: 0, model: { hidden: [32], parameterization: 'ntk' }, train: { steps: 300 } });
  });

  it('--profile smoke applies the profile', async () => {
    const r = await lazylab('plan', 'specs/quickstart.lazy', '--profile', 'smoke', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.profile).toBe('smoke');
    expect(plan.cells.map((c) => [c.values['m'], c.seed, c.train.steps])).toEqual([[8, 0, 20], [16, 0, 20]]);
    const table = await lazylab('plan', 'specs/quickstart.lazy', '-p', 'smoke');
    expect(table.stdout).toMatch(/^plan of quickstart \(profile smoke\): 2 cells, 40 steps, /);
  });

  it('exits 1 on an unknown profile, suggesting the right one', async () => {
    const r = await lazylab('plan', 'specs/quickstart.lazy', '--profile', 'smoek');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('specs/quickstart.lazy: error[E0220]: unknown profile `smoek`');
    expect(r.stderr).toContain('did you mean `smoke`?');
  });

  it('exits 1 on a spec with errors, printing them', async () => {
    const path = 'test/fixtures/errors/zip-unequal/spec.lazy';
    const r = await lazylab('plan', path, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`${path}:5:37: error[E0305]: \`zip\` lists differ in length: 3 and 2`);
  });

  it('exits 2 on no spec, two specs or an unknown flag, and 0 with --help', async () => {
    expect((await lazylab('plan')).code).toBe(2);
    expect((await lazylab('plan', 'a.lazy', 'b.lazy')).code).toBe(2);
    const flag = await lazylab('plan', 'specs/quickstart.lazy', '--jsn');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('usage: lazylab plan');
  });
});
