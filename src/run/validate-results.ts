// Validates a results file against its documented format (src/run/RESULTS.md) before anything
// reads a field of it, so a truncated, hand-edited or foreign file gives one clear error naming
// the file and the JSON path of the first problem instead of a crash deep in a report.
// Hand-written (no schema library): a few combinators, each returning the first problem or null.
// Fields not listed here are allowed, so newer writers can add fields without breaking readers.

import type { RunResults } from './results.js';
import { CELL_STATUSES } from './status.js';

export const RESULTS_ERR = {
  notJson: (file: string, why: string) => `${file}: not valid JSON, perhaps truncated (${why}); re-run \`lazylab run\` to rewrite it`,
  version: (file: string, found: unknown, reads: number) => `${file}: results format ${JSON.stringify(found)}, this lazylab reads ${reads}`,
  problem: (file: string, path: string, expected: string, found: string) =>
    `${file}: ${path}: expected ${expected}, found ${found}; the file does not follow the results format (src/run/RESULTS.md)`,
};

/** A problem: the JSON path and what was expected there. */
interface Problem { path: string; expected: string; found: unknown }
type Check = (v: unknown, path: string) => Problem | null;

const bad = (path: string, expected: string, found: unknown): Problem => ({ path, expected, found });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const num: Check = (v, p) => (typeof v === 'number' ? null : bad(p, 'a number', v));
const int: Check = (v, p) => (Number.isInteger(v) ? null : bad(p, 'an integer', v));
const str: Check = (v, p) => (typeof v === 'string' ? null : bad(p, 'a string', v));
const bool: Check = (v, p) => (typeof v === 'boolean' ? null : bad(p, 'true or false', v));
const nullable = (c: Check, what: string): Check => (v, p) => (v === null ? null : c(v, p) && bad(p, `${what} or null`, v));
const oneOf = (...xs: string[]): Check => (v, p) => (xs.includes(v as string) ? null : bad(p, xs.map((x) => JSON.stringify(x)).join(' | '), v));

/** An object whose listed fields pass their checks; a `?` suffix marks an optional field. */
function obj(fields: Record<string, Check>): Check {
  return (v, p) => {
    if (!isObject(v)) return bad(p, 'an object', v);
    for (const [key, check] of Object.entries(fields)) {
      const optional = key.endsWith('?');
      const name = optional ? key.slice(0, -1) : key;
      if (!(name in v)) {
        if (optional) continue;
        return bad(`${p}.${name}`, 'a value (the field is missing)', undefined);
      }
      if (optional && v[name] === undefined) continue;
      const problem = check(v[name], `${p}.${name}`);
      if (problem) return problem;
    }
    return null;
  };
}

const arrayOf = (item: Check): Check => (v, p) => {
  if (!Array.isArray(v)) return bad(p, 'an array', v);
  for (let i = 0; i < v.length; i++) {
    const problem = item(v[i], `${p}[${i}]`);
    if (problem) return problem;
  }
  return null;
};

const recordOf = (value: Check, what: string): Check => (v, p) => {
  if (!isObject(v)) return bad(p, `an object of ${what}`, v);
  for (const [k, x] of Object.entries(v)) {
    const problem = value(x, `${p}.${k}`);
    if (problem) return problem;
  }
  return null;
};

const numOrStr: Check = (v, p) => (typeof v === 'number' || typeof v === 'string' ? null : bad(p, 'a number or a string', v));
const backend = obj({ name: str, version: str, threads: num, 'matmul?': obj({ path: str, 'library?': str, 'blas?': str, 'step?': str }) });
const values = recordOf(numOrStr, 'numbers and strings');

const cell = obj({
  hash: str, index: int, values, seed: num, status: oneOf(...CELL_STATUSES), steps: num,
  'reason?': str, 'divergedAt?': num, notes: arrayOf(str), seconds: num, stepsPerSecond: num, backend, cached: bool,
});

const record = obj({
  cell: str, values, seed: num, step: num, measurement: str, 'layer?': int, 'coords?': recordOf(num, 'numbers'),
  value: nullable(num, 'a number'),
});

const results = obj({
  formatVersion: int,
  experiment: str,
  profile: nullable(str, 'a string'),
  shard: nullable(obj({ index: int, count: int }), 'an object {index, count}'),
  totals: obj({ cells: num, cached: num, trained: num, diverged: num, failed: num, seconds: num }),
  backend,
  cells: arrayOf(cell),
  records: arrayOf(record),
  'expectations?': arrayOf(obj({
    name: str, verdict: oneOf('pass', 'fail', 'inconclusive'), detail: str, predicted: nullable(num, 'a number'),
    measured: obj({ value: nullable(num, 'a number'), interval: nullable(arrayOf(num), 'an array [lo, hi]') }),
  })),
  'finishedAt?': str,
  'environment?': obj({}),
});

function describeFound(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** The results in `text` (read from `file`), or an Error naming the file and the first problem. */
export function validateResults(text: string, file: string, formatVersion: number): RunResults {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(RESULTS_ERR.notJson(file, (e as Error).message));
  }
  if (isObject(parsed) && 'formatVersion' in parsed && parsed['formatVersion'] !== formatVersion) {
    throw new Error(RESULTS_ERR.version(file, parsed['formatVersion'], formatVersion));
  }
  const problem = results(parsed, '$');
  if (problem) throw new Error(RESULTS_ERR.problem(file, problem.path, problem.expected, describeFound(problem.found)));
  return parsed as unknown as RunResults;
}
