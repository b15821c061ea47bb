// Provenance of results.json: what produced it (the spec text and its sha256, the profile, the
// git commit of the spec and whether the file differed from it, lazylab's and the engine's
// versions), and the one comparison `report` and `diff` make before they show results beside a
// spec: do these results hold exactly the cells that spec plans?
//
//   results + given spec ─plan(given, results.profile)→ cell hashes ─compare→ same | same-cells | unknown | mismatch

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { parseSpec } from '../lang/parse.js';
import { hasErrors } from '../diagnostics.js';
import { planSpec } from '../plan/plan.js';
import { dataFilesRelativeTo } from '../plan/data-files.js';
import { lazylabVersion } from '../version.js';
import { ENGINE_VERSION } from './cache.js';
import type { MatmulInfo, RunResults } from './results.js';

export interface Provenance {
  /** The spec text exactly as run. */
  spec: string;
  /** Hex sha256 of `spec` (UTF-8). */
  specSha256: string;
  /** The spec's path as given to `lazylab run`. */
  specPath: string;
  profile: string | null;
  /** HEAD of the repository holding the spec, when git tracks the file; `dirty`: the file differs from HEAD. */
  git: { commit: string; dirty: boolean } | null;
  lazylab: string;
  /** The engine version of cache entries this lazylab writes (src/run/cache.ts). */
  engine: number;
  /** Where this run's matrix products ran (native BLAS or the backend's kernels); not part of any cell hash. */
  matmul?: MatmulInfo;
}

export const sha256Text = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** sha256 of a set of cell hashes (sorted, one a line): names what a results file holds. */
export function cellsSha256(hashes: readonly string[]): string {
  return sha256Text([...new Set(hashes)].sort().join('\n'));
}

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** HEAD and whether the spec file differs from it; null when git does not track the file. */
export function specGit(specPath: string): Provenance['git'] {
  const dir = dirname(resolve(specPath)), file = basename(specPath);
  if (git(dir, ['ls-files', '--error-unmatch', '--', file]) === null) return null;
  const commit = git(dir, ['rev-parse', 'HEAD']);
  if (!commit) return null;
  return { commit, dirty: git(dir, ['diff', '--quiet', 'HEAD', '--', file]) === null };
}

export function makeProvenance(source: string, specPath: string, profile: string | null, matmul?: MatmulInfo): Provenance {
  const p: Provenance = { spec: source, specSha256: sha256Text(source), specPath, profile, git: specGit(specPath), lazylab: lazylabVersion(), engine: ENGINE_VERSION };
  return matmul ? { ...p, matmul } : p;
}

/** The cell hashes a spec text plans to with `profile` (CSV paths relative to `specPath`); null when it does not plan. */
export function plannedCellHashes(source: string, specPath: string, profile: string | null): string[] | null {
  const parsed = parseSpec(source);
  if (hasErrors(parsed.diagnostics)) return null;
  const plan = planSpec(parsed.spec, { profile, files: dataFilesRelativeTo(specPath) }).plan;
  return plan ? plan.cells.map((c) => c.hash) : null;
}

export type ProvenanceMatch =
  /** The spec that produced the results, to the byte. */
  | { kind: 'same' }
  /** Another text (report, expectations, comments edited) that plans to exactly the results' cells. */
  | { kind: 'same-cells' }
  /** Results without provenance (an older lazylab) whose cells are exactly the spec's plan. */
  | { kind: 'unknown' }
  | { kind: 'mismatch'; resultsSpec: string | null; givenSpec: string; resultsCells: string; givenCells: string | null; missing: number; extra: number };

/** Compare results with a spec text and the cells it plans to (null: it does not plan). */
export function matchProvenance(results: RunResults, source: string, planned: readonly string[] | null): ProvenanceMatch {
  const have = new Set(results.cells.map((c) => c.hash));
  const want = planned ? new Set(planned) : null;
  const missing = want ? [...want].filter((h) => !have.has(h)).length : 0;
  const extra = want ? [...have].filter((h) => !want.has(h)).length : 0;
  const p = results.provenance;
  const givenSpec = sha256Text(source);
  const sameCells = want !== null && missing === 0 && extra === 0;
  if (sameCells || (want === null && p?.specSha256 === givenSpec)) {
    if (!p) return { kind: 'unknown' };
    return p.specSha256 === givenSpec ? { kind: 'same' } : { kind: 'same-cells' };
  }
  return {
    kind: 'mismatch', resultsSpec: p?.specSha256 ?? null, givenSpec,
    resultsCells: cellsSha256([...have]), givenCells: want ? cellsSha256([...want]) : null, missing, extra,
  };
}
