// The report's tables and lists: theory against measurement (one row per expectation, with
// its verdict and the figure that shows it), the environment of the run, and the cells that
// diverged or failed, with why.

import type { RunResults } from '../run/results.js';
import type { ExpectationVerdict } from '../theory/verdict.js';
import { badge, esc, fmtNum, fmtSeconds, fmtValues } from './escape.js';
import { figureId, type Figure } from './figures.js';
import { renderInline } from './markdown.js';
import { MSG } from './messages.js';
import type { ExpectDef } from './spec.js';

export interface Environment {
  lazylab: string;
  node: string;
  cpu: string;
  /** The spec's last commit, when the spec lives in a git repository. */
  git: { commit: string; dirty: boolean } | null;
}

/** A row of the theory table: the spec's expectation and its verdict (null: not evaluated). */
export interface TheoryRow { expect: ExpectDef; verdict: ExpectationVerdict | null; figure: Figure | null }

/** The figure that shows an expectation: named by the verdict or spec, else the chart of its measurement. */
export function figureFor(e: ExpectDef, v: ExpectationVerdict | null, figures: Figure[]): Figure | null {
  const named = v?.figure ?? e.figure;
  if (named) return figures.find((f) => f.name === named) ?? null;
  const words = new Set(e.claim.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return figures.find((f) => words.has(f.chart.y) && (f.chart.x === 'step' || words.has(f.chart.x)))
    ?? figures.find((f) => words.has(f.chart.y)) ?? null;
}

export function theoryRows(expects: ExpectDef[], verdicts: readonly ExpectationVerdict[] | null, figures: Figure[]): TheoryRow[] {
  const named = expects.map((e) => {
    const v = verdicts?.find((x) => x.name === e.name) ?? null;
    return { expect: e, verdict: v, figure: figureFor(e, v, figures) };
  });
  // Verdicts for expectations the spec no longer states still show (results from an older spec).
  const extra = (verdicts ?? []).filter((v) => !expects.some((e) => e.name === v.name)).map((v) => {
    const e: ExpectDef = { name: v.name, claim: v.claim, source: v.source, says: v.says, figure: v.figure };
    return { expect: e, verdict: v, figure: figureFor(e, v, figures) };
  });
  return [...named, ...extra];
}

function predicted(v: ExpectationVerdict | null): string {
  if (!v || v.predicted === null) return '—';
  const t = v.tolerance;
  const tol = t ? ` ± ${t.relative ? `${fmtNum(t.value * 100)}%` : fmtNum(t.value)}` : '';
  return `${fmtNum(v.predicted)}${tol}`;
}

function measured(v: ExpectationVerdict | null): string {
  if (!v) return '—';
  const m = v.measured;
  const interval = m.interval ? `<br><span class="detail">[${fmtNum(m.interval[0])}, ${fmtNum(m.interval[1])}]</span>` : `<br><span class="detail">${esc(MSG.noInterval(m.intervalNote))}</span>`;
  return `${fmtNum(m.value)}${interval}`;
}

export function verdictBadge(v: ExpectationVerdict | null): string {
  return v ? badge(v.verdict) : badge(null, MSG.notEvaluated);
}

function theoryRow(r: TheoryRow): string {
  const e = r.expect;
  const says = e.says ? `<span class="says">${renderInline(e.says)}</span>` : '';
  const detail = `<span class="detail">${esc(r.verdict ? r.verdict.detail : MSG.notEvaluatedDetail)}</span>`;
  const fig = r.figure ? `<a href="#${figureId(r.figure.name)}">${esc(MSG.figure(r.figure.number))}</a>` : '—';
  return `<tr id="claim-${esc(e.name)}"><td><code>${esc(e.claim)}</code>${says}</td><td>${esc(e.source || '—')}</td>`
    + `<td class="num">${predicted(r.verdict)}</td><td class="num">${measured(r.verdict)}</td><td>${verdictBadge(r.verdict)}${detail}</td><td>${fig}</td></tr>`;
}

export function theoryTable(rows: TheoryRow[]): string {
  if (!rows.length) return `<p class="note">${esc(MSG.noExpectations)}</p>`;
  const head = '<thead><tr><th>claim</th><th>source</th><th>predicted</th><th>measured (95% interval)</th><th>verdict</th><th>figure</th></tr></thead>';
  return `<table class="theory">${head}<tbody>${rows.map(theoryRow).join('')}</tbody></table>`;
}

export function environmentList(r: RunResults, env: Environment, specPath: string): string {
  const t = r.totals;
  const cpuSeconds = r.cells.filter((c) => !c.cached).reduce((s, c) => s + c.seconds, 0);
  const b = r.backend;
  const rows: [string, string][] = [
    ['lazylab', env.lazylab],
    ['backend', `${b.name} ${b.version}, ${b.threads} thread${b.threads === 1 ? '' : 's'}`],
    ['Node.js', env.node],
    ['CPU', env.cpu],
    ['compute', MSG.computeTime(fmtSeconds(cpuSeconds), fmtSeconds(t.seconds))],
    ['cells', MSG.cellsLine(t.cells, t.cached, t.trained)],
    ['profile', r.profile ?? 'none'],
    ['spec', specPath],
    ['commit', env.git ? `${env.git.commit}${env.git.dirty ? ` (${MSG.dirty})` : ''}` : MSG.noGit],
  ];
  return `<dl class="env">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

export function divergedList(r: RunResults): string {
  const bad = r.cells.filter((c) => c.status === 'diverged' || c.status === 'failed');
  if (!bad.length) return `<p class="note">${esc(MSG.divergedNone)}</p>`;
  const items = bad.map((c) => `<li>${esc(MSG.cellLine(c.status, fmtValues(c.values), c.seed, c.reason ?? ''))}</li>`);
  return `<ul class="cells">${items.join('')}</ul>`;
}
