// `npm run fuzz`: generated and mutated specs through parse, check, fmt and plan, in-process
// (a worker thread with the main thread's stack size), each input under a time limit that counts
// a hang. Prints the counts; exits 1 on any crash, hang, diagnostic with an invalid position, or
// fmt output that does not read back the same. Runs on dist/ (the script builds it first).
//
//   node scripts/fuzz.mjs [--count 100000] [--seed 1] [--timeout 20] [--out fuzz-failures.json]
//
// Every input is a pure function of (seed, index), so a failure replays with --seed S --from I --count 1.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const ROOT = join(fileURLToPath(import.meta.url), '../..');

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

/** mulberry32: a small deterministic generator, one per input. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYWORDS = ['experiment', 'let', 'sweep', 'seeds', 'data', 'model', 'train', 'measure', 'expect', 'report',
  'profile', 'chart', 'text', 'within', 'and', 'or', 'not'];
const PUNCT = ['{', '}', '(', ')', '[', ']', ',', ':', '.', '%', '==', '!=', '<=', '>=', '<', '>', '=', '+', '-', '*', '/', '^'];
const NAMES = ['x', 'm', 'tau', 'lr', 'width', 'constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty',
  'range', 'min', 'max', 'zip', 'logspace', 'linspace', 'sqrt', 'gd', 'adam', 'every', 'train_loss', 'step', 'seed', 'pi', 'true'];
const OTHER = ['0', '1', '1.5', '1e-3', '.5', '1e308', '4294967296', '1e400', '"s"', '"a\\n"', '"bad\\q"', '"open',
  '"""md"""', '"""open', '"""\r x\r"""', '# comment', '\n', '\r\n', '\r', ';', "'", '@', '//', '!', '\t', '\u00a0',
  '\uFEFF', '😀', '"""', '\\'];
const VOCAB = [...KEYWORDS, ...PUNCT, ...NAMES, ...OTHER];

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

function soup(r) {
  const n = int(r, 1, 60);
  let out = '';
  for (let i = 0; i < n; i++) out += pick(r, VOCAB) + pick(r, [' ', '', '\n', ' ']);
  return out;
}

/** Shapes the issue lists: deep nesting, long chains, huge sizes, prototype names. */
function adversarialExpr(r) {
  // Mostly around the nesting limit; now and then far beyond it (slow to parse, so rarely).
  const n = r() < 0.97 ? int(r, 1, 60) : int(r, 61, 2000);
  switch (int(r, 0, 11)) {
    case 0: return '('.repeat(n) + '1';
    case 1: return '('.repeat(n) + '1' + ')'.repeat(n);
    case 2: return 'f('.repeat(n) + '1' + ')'.repeat(n);
    case 3: return '['.repeat(n);
    case 4: return '-'.repeat(n) + '1';
    case 5: return '1' + '^2'.repeat(n);
    case 6: return '1' + ' + 1'.repeat(n * 3);
    case 7: return pick(r, ['4294967296', '1e12', '100000', '0', '-1', '0.5', 'range(1, 1000000)', '[]']);
    case 8: return r() < 0.9 ? pick(r, ['min(range(1, 1000))', 'range(1, 200)', 'logspace(0, 3, 5)']) : pick(r, ['min(range(1, 1000000))', 'max(range(1, 300000))', 'range(1, 1e9)', 'linspace(0, 1, 1e7)', 'logspace(0, 400, 3)', 'zip([1], [])']);
    case 9: return `${pick(r, NAMES)}(${pick(r, NAMES)}: ${int(r, -2, 9)})`;
    case 10: return `${'(-f(['.repeat(Math.ceil(n / 4))}`;
    default: return 'not '.repeat(n) + 'true';
  }
}

/** Character-level mutations of a text. */
function mutateChars(r, t) {
  if (!t.length) return pick(r, VOCAB);
  const i = int(r, 0, t.length - 1);
  const len = int(r, 1, 20);
  switch (int(r, 0, 4)) {
    case 0: return t.slice(0, i) + t.slice(i + len);
    case 1: return t.slice(0, i) + t.slice(i, i + len).repeat(2) + t.slice(i + len);
    case 2: return t.slice(0, i) + pick(r, VOCAB) + t.slice(i);
    case 3: {
      const j = int(r, 0, t.length - 1);
      const [a, b] = i < j ? [i, j] : [j, i];
      return a === b ? t : t.slice(0, a) + t[b] + t.slice(a + 1, b) + t[a] + t.slice(b + 1);
    }
    default: return t.slice(0, i);
  }
}

/** Replaces the value of one `name = value` line with a generated expression. */
function replaceValue(r, t, expr) {
  const lines = t.split('\n');
  const at = lines.map((l, i) => (/=\s*\S/.test(l) ? i : -1)).filter((i) => i >= 0);
  if (!at.length) return `${t}\nlet z = ${expr}\n`;
  const i = pick(r, at);
  lines[i] = lines[i].replace(/=.*$/, `= ${expr}`);
  return lines.join('\n');
}

function makeInput(corpus, seed, index) {
  const r = rng((seed * 0x9e3779b1 + index * 0x85ebca77) >>> 0);
  const base = pick(r, corpus);
  switch (int(r, 0, 5)) {
    case 0: return soup(r);
    case 1: return replaceValue(r, base, adversarialExpr(r));
    case 2: {
      let t = base;
      for (let k = int(r, 1, 4); k > 0; k--) t = mutateChars(r, t);
      return t;
    }
    case 3: return replaceValue(r, mutateChars(r, base), soup(r).replace(/\n/g, ' '));
    case 4: return pick(r, ['', '\uFEFF', '\r']) + base.replace(/\n/g, pick(r, ['\n', '\r\n', '\r']));
    default: return `${base}\n${soup(r)}`;
  }
}

function loadCorpus() {
  const fixtures = join(ROOT, 'test/fixtures/errors');
  const specs = readdirSync(fixtures).map((d) => readFileSync(join(fixtures, d, 'spec.lazy'), 'utf8'));
  return [...specs, readFileSync(join(ROOT, 'specs/quickstart.lazy'), 'utf8')];
}

// ── One input through every stage ───────────────────────────────────────────────────────────

function lineStarts(text) {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

/** A reason the position is not a real place in the text, or null. */
function positionProblem(p, text, starts) {
  if (![p.line, p.col, p.offset].every(Number.isFinite)) return `non-finite ${JSON.stringify(p)}`;
  if (p.line < 1 || p.col < 1 || p.offset < 0 || p.offset > text.length) return `outside the text ${JSON.stringify(p)}`;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= p.offset) lo = mid;
    else hi = mid - 1;
  }
  const [line, col] = [lo + 1, p.offset - starts[lo] + 1];
  return line === p.line && col === p.col ? null : `${p.line}:${p.col} but offset ${p.offset} is at ${line}:${col}`;
}

function badPositions(diagnostics, text, starts) {
  return diagnostics.flatMap((d) => {
    if (d.whole) return [];
    const why = positionProblem(d.span.start, text, starts) ?? positionProblem(d.span.end, text, starts)
      ?? (d.span.end.offset < d.span.start.offset ? 'span ends before it starts' : null);
    return why ? [`${d.code} ${d.message.slice(0, 80)}: ${why}`] : [];
  });
}

async function runWorker() {
  const { parseSpec } = await import(join(ROOT, 'dist/lang/parse.js'));
  const { checkSpec } = await import(join(ROOT, 'dist/check/index.js'));
  const { formatSpec } = await import(join(ROOT, 'dist/fmt/index.js'));
  const { planSpec } = await import(join(ROOT, 'dist/plan/plan.js'));
  const { profileNames } = await import(join(ROOT, 'dist/plan/profile.js'));
  const { hasErrors } = await import(join(ROOT, 'dist/diagnostics.js'));
  const { seed, from, to, progress } = workerData;
  const corpus = loadCorpus();
  const counts = { inputs: 0, clean: 0, withErrors: 0, crashes: 0, badPositions: 0, fmtProblems: 0 };
  const failures = [];
  const fail = (kind, index, text, detail) => {
    counts[kind]++;
    if (failures.length < 200) failures.push({ kind, index, detail, text: text.length > 2000 ? `${text.slice(0, 2000)}…` : text });
  };
  for (let i = from; i < to; i++) {
    Atomics.store(progress, 0, i);
    const text = makeInput(corpus, seed, i);
    const starts = lineStarts(text);
    let stage = 'parse';
    try {
      const parsed = parseSpec(text);
      stage = 'check';
      const checked = checkSpec(parsed.spec);
      stage = 'plan';
      const planned = [null, ...profileNames(parsed.spec).slice(0, 1)].flatMap((profile) => planSpec(parsed.spec, { profile }).diagnostics);
      const all = [...parsed.diagnostics, ...checked, ...planned];
      const bad = badPositions(all, text, starts);
      if (bad.length) fail('badPositions', i, text, bad.slice(0, 3).join('; '));
      stage = 'fmt';
      // fmt refuses a text with syntax errors after the same parse: only clean texts are worth its time.
      const once = hasErrors(parsed.diagnostics) ? null : formatSpec(text).text;
      if (once !== null) {
        const again = formatSpec(once);
        if (again.text !== once || hasErrors(again.diagnostics)) fail('fmtProblems', i, text, 'fmt output does not format to itself');
      }
      if (hasErrors(all)) counts.withErrors++;
      else counts.clean++;
    } catch (e) {
      fail('crashes', i, text, `${stage}: ${e?.constructor?.name}: ${String(e?.message).slice(0, 200)}`);
    }
    counts.inputs++;
    if (i % 500 === 499) parentPort.postMessage({ counts: { ...counts }, failures: failures.splice(0) });
  }
  parentPort.postMessage({ counts, failures, done: true });
}

// ── The driver: workers, the time limit, the summary ────────────────────────────────────────

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** Runs inputs [from, to) in one worker; resolves with its counts, or with the index that hung. */
function runRange(seed, from, to, timeoutMs, onReport) {
  return new Promise((resolve) => {
    const progress = new Int32Array(new SharedArrayBuffer(4));
    progress[0] = from;
    // The main thread's stack (about 1 MB), so a stack overflow here is one in the CLI too.
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { seed, from, to, progress }, resourceLimits: { stackSizeMb: 1 } });
    let last = { index: from, at: Date.now() };
    const timer = setInterval(() => {
      const now = Atomics.load(progress, 0);
      if (now !== last.index) last = { index: now, at: Date.now() };
      else if (Date.now() - last.at > timeoutMs) {
        clearInterval(timer);
        worker.terminate();
        resolve({ hung: now });
      }
    }, 200);
    worker.on('message', (m) => {
      onReport(m);
      if (m.done) {
        clearInterval(timer);
        resolve({ hung: null });
      }
    });
    worker.on('error', (e) => {
      clearInterval(timer);
      resolve({ hung: null, error: e, at: Atomics.load(progress, 0) });
    });
  });
}

async function main() {
  const total = Number(arg('count', '100000'));
  const seed = Number(arg('seed', '1'));
  const start = Number(arg('from', '0'));
  const timeoutMs = Number(arg('timeout', '20')) * 1000;
  const out = arg('out', join(tmpdir(), 'lazylab-fuzz-failures.json'));
  const jobs = Number(arg('jobs', '2'));
  const sum = { inputs: 0, clean: 0, withErrors: 0, crashes: 0, badPositions: 0, fmtProblems: 0, hangs: 0 };
  const failures = [];
  const began = Date.now();
  // Each job runs a slice; a hang restarts its slice after the input that hung.
  const slice = Math.ceil(total / jobs);
  const runSlice = async (from, to) => {
    while (from < to) {
      let seen = { inputs: 0, clean: 0, withErrors: 0, crashes: 0, badPositions: 0, fmtProblems: 0 };
      const r = await runRange(seed, from, to, timeoutMs, (m) => {
        for (const k of Object.keys(seen)) sum[k] += m.counts[k] - seen[k];
        seen = m.counts;
        failures.push(...m.failures);
      });
      // Inputs the stopped worker ran after its last report were not counted yet.
      const stoppedAt = r.error ? r.at : r.hung;
      if (stoppedAt !== null) sum.inputs += stoppedAt - from - seen.inputs;
      if (r.error) {
        sum.crashes++;
        failures.push({ kind: 'crashes', index: r.at, detail: `worker: ${r.error.message}` });
        from = r.at + 1;
      } else if (r.hung !== null) {
        sum.hangs++;
        sum.inputs++;
        failures.push({ kind: 'hangs', index: r.hung, detail: `no answer within ${timeoutMs / 1000} s` });
        from = r.hung + 1;
      } else from = to;
    }
  };
  const progressTimer = setInterval(() => process.stderr.write(`  ${sum.inputs} inputs, ${Math.round((Date.now() - began) / 1000)} s\n`), 30_000);
  await Promise.all(Array.from({ length: jobs }, (_, j) => runSlice(start + j * slice, Math.min(start + total, start + (j + 1) * slice))));
  clearInterval(progressTimer);
  const seconds = ((Date.now() - began) / 1000).toFixed(0);
  console.log(`fuzz: ${sum.inputs} inputs (seed ${seed}) in ${seconds} s: ${sum.clean} clean, ${sum.withErrors} with errors`);
  console.log(`  crashes ${sum.crashes}, hangs ${sum.hangs}, invalid positions ${sum.badPositions}, fmt not idempotent ${sum.fmtProblems}`);
  const bad = sum.crashes + sum.hangs + sum.badPositions + sum.fmtProblems;
  if (bad) {
    writeFileSync(out, JSON.stringify(failures, null, 2));
    for (const f of failures.slice(0, 5)) console.log(`  ${f.kind} #${f.index}: ${f.detail}`);
    console.log(`  all failures: ${out}`);
  }
  process.exit(bad ? 1 : 0);
}

if (isMainThread) await main();
else await runWorker();
