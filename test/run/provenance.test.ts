// Provenance: results.json records the spec that produced it, and matchProvenance tells results
// that hold exactly a spec's cells from results another spec (or another data file) produced.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellsSha256, makeProvenance, matchProvenance, plannedCellHashes, specGit } from '../../src/run/provenance.js';
import { ENGINE_VERSION } from '../../src/run/cache.js';
import type { RunResults } from '../../src/run/results.js';
import { lazylabVersion } from '../../src/version.js';
import * as M from '../../src/messages/index.js';

const ROOT = join(import.meta.dirname, '../..');
const SPEC = readFileSync(join(ROOT, 'specs/quickstart.lazy'), 'utf8');
/** The committed quickstart results without their provenance, as results written before provenance existed. */
const legacy = (): RunResults => {
  const { provenance: _p, ...r } = JSON.parse(readFileSync(join(ROOT, 'reports/quickstart/results.json'), 'utf8')) as RunResults;
  return r;
};
const planned = (text: string) => plannedCellHashes(text, join(ROOT, 'specs/quickstart.lazy'), null);
const withProvenance = (): RunResults => ({ ...legacy(), provenance: makeProvenance(SPEC, 'specs/quickstart.lazy', null) });

describe('makeProvenance', () => {
  it('records the spec, its sha256, the profile and the versions', () => {
    const p = makeProvenance(SPEC, 'specs/quickstart.lazy', 'smoke');
    expect(p).toMatchObject({ spec: SPEC, specPath: 'specs/quickstart.lazy', profile: 'smoke', lazylab: lazylabVersion(), engine: ENGINE_VERSION });
    expect(p.specSha256).toBe(createHash('sha256').update(Buffer.from(SPEC, 'utf8')).digest('hex'));
  });

  it('records HEAD when git tracks the spec, and whether the file differs from it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lazylab-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    writeFileSync(join(dir, 'a.lazy'), SPEC);
    expect(specGit(join(dir, 'a.lazy'))).toBeNull(); // not tracked yet
    git('add', 'a.lazy');
    git('commit', '-qm', 'spec');
    const head = git('rev-parse', 'HEAD');
    expect(specGit(join(dir, 'a.lazy'))).toEqual({ commit: head, dirty: false });
    writeFileSync(join(dir, 'a.lazy'), SPEC.replace('seeds = 5', 'seeds = 4'));
    expect(specGit(join(dir, 'a.lazy'))).toEqual({ commit: head, dirty: true });
    writeFileSync(join(dir, 'b.lazy'), SPEC);
    expect(specGit(join(dir, 'b.lazy'))).toBeNull();
  });
});

describe('matchProvenance', () => {
  it('the spec that produced the results: same', () => {
    expect(matchProvenance(withProvenance(), SPEC, planned(SPEC))).toEqual({ kind: 'same' });
  });

  it('a spec edited only where no cell computes (a chart title, a comment): same-cells', () => {
    const edited = SPEC.replace('chart weights {', '# a comment\n  chart weights {');
    expect(edited).not.toBe(SPEC);
    expect(matchProvenance(withProvenance(), edited, planned(edited))).toEqual({ kind: 'same-cells' });
  });

  it('an edited sweep: mismatch, naming both spec hashes, both cell-set hashes and the counts', () => {
    const edited = SPEC.replace('seeds = 5', 'seeds = 4');
    const r = withProvenance();
    const m = matchProvenance(r, edited, planned(edited));
    expect(m).toEqual({
      kind: 'mismatch', resultsSpec: r.provenance!.specSha256, givenSpec: createHash('sha256').update(edited).digest('hex'),
      resultsCells: cellsSha256(r.cells.map((c) => c.hash)), givenCells: cellsSha256(planned(edited)!), missing: 0, extra: 6,
    });
  });

  it('the same text with other data (its cells differ): mismatch', () => {
    const r = withProvenance();
    const other = planned(SPEC)!.map((h, i) => (i === 0 ? 'f'.repeat(64) : h));
    const m = matchProvenance(r, SPEC, other);
    expect(m).toMatchObject({ kind: 'mismatch', missing: 1, extra: 1 });
    if (m.kind === 'mismatch') expect(M.resultsMismatch('DIR', 'a.lazy', m)).toContain('the spec text is the same');
  });

  it('results without provenance still load: unknown when their cells are the plan, mismatch otherwise', () => {
    expect(legacy().provenance).toBeUndefined();
    expect(matchProvenance(legacy(), SPEC, planned(SPEC))).toEqual({ kind: 'unknown' });
    const edited = SPEC.replace('seeds = 5', 'seeds = 4');
    expect(matchProvenance(legacy(), edited, planned(edited))).toMatchObject({ kind: 'mismatch', resultsSpec: null });
  });

  it('a spec that does not plan matches only by its exact text', () => {
    expect(matchProvenance(withProvenance(), SPEC, null)).toEqual({ kind: 'same' });
    expect(matchProvenance(withProvenance(), `${SPEC}\n`, null)).toMatchObject({ kind: 'mismatch', givenCells: null });
  });
});
