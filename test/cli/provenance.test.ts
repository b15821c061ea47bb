// `lazylab report` and `lazylab diff` against results another spec produced: refused with both
// hashes and a hint to re-run; --allow-mismatch writes the report under a visible warning banner;
// results without provenance (older versions) load and are flagged "provenance unknown".

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazylab } from './helpers.js';
import { makeProvenance, matchProvenance, plannedCellHashes } from '../../src/run/provenance.js';
import { writeResults, type RunResults } from '../../src/run/results.js';
import * as M from '../../src/messages/index.js';

const SPEC = readFileSync('specs/quickstart.lazy', 'utf8');

/** A folder with quickstart's committed results (and, with `recorded`, the provenance a run writes). */
function resultsDir(recorded: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'lazylab-prov-'));
  cpSync('reports/quickstart/spec.lazy', join(dir, 'spec.lazy'));
  // The committed results record their provenance; without `recorded` it is dropped, as in results
  // written before provenance existed.
  const { provenance: _p, ...r } = JSON.parse(readFileSync('reports/quickstart/results.json', 'utf8')) as RunResults;
  writeResults(join(dir, 'results.json'), recorded ? { ...r, provenance: makeProvenance(SPEC, 'specs/quickstart.lazy', null) } : r);
  return dir;
}

function editedSpec(dir: string, edit: (s: string) => string): string {
  const path = join(dir, 'edited.lazy');
  writeFileSync(path, edit(SPEC));
  return path;
}
const fewerSeeds = (s: string) => s.replace('seeds = 5', 'seeds = 4');

describe('lazylab report', () => {
  it('refuses results another spec produced, naming both hashes, with a hint to re-run', async () => {
    const dir = resultsDir(true);
    const spec = editedSpec(dir, fewerSeeds);
    const r = await lazylab('report', spec, '--results', dir, '--static');
    expect(r.code).toBe(1);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    const m = matchProvenance(results, fewerSeeds(SPEC), plannedCellHashes(fewerSeeds(SPEC), spec, null));
    if (m.kind !== 'mismatch') throw new Error('expected a mismatch');
    expect(r.stderr).toBe(`lazylab report: error: ${M.resultsMismatch(dir, spec, m)}\n  = hint: ${M.resultsMismatchHint(spec, null, dir)}\n`);
    expect(r.stderr).toContain(m.resultsSpec!.slice(0, 12));
    expect(r.stderr).toContain(m.givenSpec.slice(0, 12));
  });

  it('with --allow-mismatch writes the report under a warning banner', async () => {
    const dir = resultsDir(true);
    const spec = editedSpec(dir, fewerSeeds);
    const r = await lazylab('report', spec, '--results', dir, '--static', '--allow-mismatch');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^lazylab report: warning: these results were not produced by the spec/);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toMatch(/<main>\n<p class="verdict fail banner" role="alert"><strong>Warning:<\/strong> these results were not produced by the spec shown in this report/);
  });

  it('reports its own spec without a banner, and a spec edited outside the cells with a note', async () => {
    const dir = resultsDir(true);
    expect((await lazylab('report', 'specs/quickstart.lazy', '--results', dir, '--static')).stderr).toBe('');
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).not.toContain('role="alert"');
    const spec = editedSpec(dir, (s) => s.replace('chart weights {', '# note\n  chart weights {'));
    const r = await lazylab('report', spec, '--results', dir, '--static');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^lazylab report: note: the spec differs from the one that produced the results .* only outside what the cells compute/);
  });

  it('a results directory is reported with the spec its results.json records, not a later spec.lazy', async () => {
    const dir = resultsDir(true);
    writeFileSync(join(dir, 'spec.lazy'), fewerSeeds(SPEC));
    const r = await lazylab('report', dir, '--static');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(join(dir, 'spec.lazy'), 'utf8')).toBe(SPEC);
  });

  it('results without provenance load, flagged "provenance unknown" in the report', async () => {
    const dir = resultsDir(false);
    const r = await lazylab('report', 'specs/quickstart.lazy', '--results', dir, '--static');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`lazylab report: warning: ${M.provenanceUnknown(join(dir, 'results.json'))}\n`);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('provenance unknown');
  });
});

describe('lazylab diff', () => {
  it('refuses an old results directory whose spec.lazy did not produce it; --allow-mismatch flags it', async () => {
    const a = resultsDir(false), b = resultsDir(true);
    writeFileSync(join(a, 'spec.lazy'), fewerSeeds(SPEC));
    const refused = await lazylab('diff', a, b, '--format', 'md');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`lazylab diff: the results in ${a} were not produced by ${join(a, 'spec.lazy')}`);
    expect(refused.stderr).toContain(M.diffMismatchHint());
    const allowed = await lazylab('diff', a, b, '--format', 'json', '--allow-mismatch');
    expect(allowed.code).toBe(0);
    const json = JSON.parse(allowed.stdout) as { warnings?: string[] };
    expect(json.warnings).toHaveLength(1);
    expect(json.warnings![0]).toMatch(new RegExp(`^${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: these results were not produced by the spec`));
  });

  it('flags an old results directory whose cells match its spec.lazy as "provenance unknown"', async () => {
    const a = resultsDir(false), b = resultsDir(true);
    const r = await lazylab('diff', a, b, '--format', 'md');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('> **Warning:**');
    expect(r.stdout).toContain('provenance unknown');
  });
});
