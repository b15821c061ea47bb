// `lazylab diff A B [C …]`: what changed between runs or spec revisions. Each side is a
// results directory, a spec file, or `spec@gitrev`; specs are run through the cache as needed.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../run/results.js';
import { gitShow } from '../report/diff/sides.js';
import { diffResults, loadSide, renderDiffHtml, renderDiffJson, renderDiffMarkdown, type DiffSide } from '../report/index.js';
import { lazylabVersion } from '../version.js';
import { ERR } from '../report/messages.js';
import { err, out, parseCommand, parseJobs, prepareWritableDir } from './io.js';

export const DIFF_USAGE = `usage: lazylab diff <A> <B> [C …] [--out DIR] [--format html|md|json] [--profile P] [--static]

Compares revisions of an experiment. Each side is a results directory, a spec file, or
spec.lazy@REV (the spec as committed at a git revision; run, or taken from the cache).
Shows the changed settings (old → new) and the text diff, the measurements that moved,
the charts with every revision overlaid, and the expectations whose verdict changed.
  --out DIR        write DIR/index.html (html) or DIR/diff.md / DIR/diff.json
  --format F       html (default with --out), md (a pull-request comment), json
  --profile P      apply this profile to every spec side
  --cache DIR      the run cache to share (default runs/<experiment>/cache)
  --jobs N         worker threads for cells that must be trained
  --static         html without JavaScript
  --allow-mismatch compare a results directory whose spec.lazy did not produce its results
                   (older results without provenance), under a warning`;

export async function diffCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, {
    out: { type: 'string', short: 'o' }, format: { type: 'string', short: 'f' }, profile: { type: 'string', short: 'p' },
    cache: { type: 'string' }, jobs: { type: 'string', short: 'j' }, static: { type: 'boolean' },
    'allow-mismatch': { type: 'boolean' },
  }, DIFF_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  const v = parsed.values;
  const outDir = v['out'] as string | undefined;
  const format = (v['format'] as string | undefined) ?? (outDir ? 'html' : 'md');
  if (!['html', 'md', 'json'].includes(format)) { err(`lazylab diff: ${ERR.badFormat(format)}`); return 2; }
  if (parsed.positionals.length < 2) { err(`lazylab diff: ${ERR.tooFewSides}\n\n${DIFF_USAGE}`); return 2; }
  if (format === 'html' && !outDir) { err('lazylab diff: --format html needs --out DIR'); return 2; }
  const unusable = checkFlags(v);
  if (unusable) { err(`lazylab diff: ${unusable}`); return 2; }
  const missing = checkSides(parsed.positionals);
  if (missing) { err(`lazylab diff: ${missing}`); return 1; }
  const scratch = outDir ? null : join(tmpdir(), `lazylab-diff-${process.pid}`);
  const workDir = join(outDir ?? scratch!, '.sides');
  mkdirSync(workDir, { recursive: true });
  try {
    return await diffSides(parsed.positionals, v, workDir, outDir, format);
  } finally {
    // The scratch folder holds only results and links to the shared cache.
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every side is checked before any side is trained: a typo in the last side must not cost
 *  the first side's training. */
function checkSides(args: string[]): string | null {
  for (const arg of args) {
    const at = /^(.*\.lazy)@(.+)$/.exec(arg);
    try {
      if (at) gitShow(at[1]!, at[2]!);
      else if (!existsSync(arg)) return ERR.badSide(arg, 'no such file or directory');
      else if (statSync(arg).isDirectory() && !existsSync(join(arg, 'results.json'))) return ERR.noResults(arg);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return null;
}

/** --jobs, --out and --cache, checked before any work (usage errors). */
function checkFlags(v: Record<string, string | boolean | undefined>): string | null {
  const jobs = parseJobs(v['jobs']);
  if (typeof jobs === 'string') return jobs;
  for (const [flag, dir] of [['out', v['out']], ['cache', v['cache']]] as const) {
    if (dir === '') return `--${flag} needs a directory, got ""`;
    const problem = typeof dir === 'string' ? prepareWritableDir(dir) : null;
    if (problem) return problem;
  }
  return null;
}

async function diffSides(args: string[], v: Record<string, string | boolean | undefined>, workDir: string, outDir: string | undefined, format: string): Promise<number> {
  const sides: DiffSide[] = [];
  try {
    for (const arg of args) {
      sides.push(await loadSide(arg, {
        profile: (v['profile'] as string | undefined) ?? null, workDir, cacheDir: v['cache'] as string | undefined,
        jobs: v['jobs'] === undefined ? undefined : Number(v['jobs']), allowMismatch: Boolean(v['allow-mismatch']), // jobs checked by checkFlags
        onEvent: (label, e) => { if (e.type === 'start' && e.toTrain > 0) err(`${label}: ${e.total} cells, ${e.cached} cached, training ${e.toTrain}`); },
      }));
    }
  } catch (e) {
    err(`lazylab diff: ${(e as Error).message}`);
    return 1;
  }
  const diff = diffResults(sides);
  for (const w of diff.warnings ?? []) err(`lazylab diff: warning: ${w}`);
  const text = format === 'json' ? renderDiffJson(diff) : format === 'md' ? renderDiffMarkdown(diff)
    : await renderDiffHtml(diff, sides, { static: Boolean(v['static']), version: lazylabVersion() });
  if (!outDir) { out(text); return 0; }
  const path = join(outDir, format === 'html' ? 'index.html' : `diff.${format}`);
  writeFileAtomic(path, text);
  out(`diff: ${path}`);
  return 0;
}
