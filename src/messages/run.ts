// Texts about runs and their results: `check`'s warning for a plan that `run` would refuse, and
// the provenance of results.json (what produced it) as `report` and `diff` check it.

export const planRefusedByRun = (size: string): string => `${size}; \`lazylab run\` and \`lazylab plan\` refuse it without --force`;

const short = (hash: string | null): string => (hash ? `${hash.slice(0, 12)}…` : 'unknown (no provenance)');
const cells = (n: number): string => `${n} cell${n === 1 ? '' : 's'}`;

/** What differs between the results and a spec, by hash: the spec texts, then the planned cells. */
export interface MismatchFacts { resultsSpec: string | null; givenSpec: string; resultsCells: string; givenCells: string | null; missing: number; extra: number }

export function resultsMismatch(results: string, spec: string, m: MismatchFacts): string {
  const plan = m.givenCells === null
    ? `${spec} does not plan (check it)`
    : `${cells(m.missing)} of ${spec}'s plan ${m.missing === 1 ? 'is' : 'are'} not in the results and ${cells(m.extra)} of the results ${m.extra === 1 ? 'is' : 'are'} not in the plan (cells ${short(m.resultsCells)} vs ${short(m.givenCells)})`;
  const texts = m.resultsSpec === m.givenSpec
    ? `the spec text is the same (sha256 ${short(m.givenSpec)}) but it now plans to other cells: a data file it reads (or the installed mnist package) changed`
    : `the results' spec has sha256 ${short(m.resultsSpec)}, ${spec} has ${short(m.givenSpec)}`;
  return `the results in ${results} were not produced by ${spec}: ${texts}; ${plan}`;
}
export const resultsMismatchHint = (spec: string, profile: string | null, out: string): string =>
  `re-run it: lazylab run ${spec}${profile ? ` --profile ${profile}` : ''} --out ${out} (cached cells are not trained again), or pass --allow-mismatch to show them anyway under a warning banner`;
export const mismatchBanner = (m: MismatchFacts): string =>
  `these results were not produced by the spec shown in this report (results: spec sha256 ${short(m.resultsSpec)}; this spec: ${short(m.givenSpec)}). `
  + (m.givenCells === null ? 'The spec does not plan.' : `${cells(m.missing)} of the spec's plan ${m.missing === 1 ? 'is' : 'are'} missing from the results and ${cells(m.extra)} of the results ${m.extra === 1 ? 'is' : 'are'} not in the plan.`)
  + ' Figures and verdicts describe the results, not the spec.';
/** `withSpec`: the spec checked against the results planned to exactly their cells; else none was at hand. */
export const provenanceUnknown = (results: string, withSpec = true): string =>
  `provenance unknown: ${results} was written by an older lazylab that did not record which spec produced it`
  + (withSpec ? "; its cells are exactly this spec's plan" : '');
export const specEditedOutsideCells = (was: string, now: string): string =>
  `the spec differs from the one that produced the results (sha256 ${short(was)} → ${short(now)}) only outside what the cells compute; verdicts are evaluated from the given spec`;
export const diffMismatchHint = (): string =>
  'give the spec itself as the side (it is run, or taken from the cache), or pass --allow-mismatch to compare anyway under a warning';
/** A backend as shown in summaries and report footers: name, version, threads and where the matrix products ran. */
export const backendLabel = (b: { name: string; version: string; threads: number; matmul?: { path: string; blas?: string } }): string =>
  `${b.name} ${b.version}, ${b.threads} thread${b.threads === 1 ? '' : 's'}`
  + (b.matmul?.path === 'native' ? `; matrix products native (${(b.matmul.blas ?? 'BLAS').split(' ').slice(0, 2).join(' ')})` : b.matmul ? `; matrix products ${b.matmul.path}` : '');
export const matmulNote = (n: number, path: string, now: string): string =>
  `${n} cached cell${n === 1 ? ' was' : 's were'} computed with ${path} matrix products, not ${now}`;
export const nativeNeedsWasm = (backend: string): string => `the native matrix path runs on the wasm backend, not ${backend}`;
export const nativeUnavailable = (why: string): string =>
  `the native matrix path is not available: ${why}; install OpenBLAS (Debian/Ubuntu: apt-get install libopenblas0-pthread; Fedora: dnf install openblas; macOS: brew install openblas), set LAZYLAB_BLAS=/path/to/libopenblas.so, or run with --matmul wasm`;
export const badMatmulEnv = (value: string): string => `LAZYLAB_MATMUL=${value}: expected native or wasm`;
export const badStepEnv = (value: string): string => `LAZYLAB_STEP=${value}: expected host or tfjs`;
export const hostStepUnavailable = (why: string | null): string =>
  why ? `the host step executor does not cover this cell: ${why}` : 'the host step executor needs the native matrix path';
