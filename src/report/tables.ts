// The report's tables and lists: theory against measurement (one row per expectation, with
// its verdict, both sides' numbers with their intervals and the figure that shows it; one sub-row
// per model when the claim was judged per model), the negative controls apart, the environment
// of the run, and the cells that diverged, failed or did not converge, with why.

import type { RunResults } from '../run/results.js';
import type { ExpectationVerdict, MeasuredValue } from '../theory/verdict.js';
import { badge, esc, fmtNum, fmtSeconds, fmtValues } from './escape.js';
import { figureId, type Figure } from './figures.js';
import { renderInline } from './markdown.js';
import { MSG } from './messages.js';
import { predictionHtml, relationOf } from './prediction.js';
import { backendLabel } from '../messages/run.js';
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

/** A measured value with its interval: `[lo, hi]` for a bootstrap interval, else labelled as a range of seeds; its note below. */
function valueCell(m: MeasuredValue | null | undefined): string {
  if (!m) return '—';
  const label = m.interval
    ? `${m.intervalKind === 'range' ? `${esc(MSG.rangeOfSeeds(m.seeds ?? 0))} ` : ''}[${fmtNum(m.interval[0])}, ${fmtNum(m.interval[1])}]`
    : esc(MSG.noInterval(m.intervalNote));
  const note = m.note && m.value !== null ? `<br><span class="detail">${esc(m.note)}</span>` : '';
  return `${fmtNum(m.value)}<br><span class="detail">${label}</span>${note}`;
}

/** What theory predicts: the claim's relation and bound (`≤ −0.4`, `−0.5 ± 0.15`, `[a, b]`), or the relation and the other measured side. */
function predicted(v: ExpectationVerdict | null, compared: MeasuredValue | null | undefined): string {
  if (!v) return '—';
  return predictionHtml(relationOf(v.claim), v.predicted, compared ? valueCell(compared) : null);
}

const perGroup = (v: ExpectationVerdict | null): boolean => (v?.groups?.length ?? 0) > 1;

/** The measured side; of a claim judged per model, each model's value is in its own row below. */
function measuredCell(v: ExpectationVerdict | null): string {
  return perGroup(v) ? `<span class="detail">${esc(MSG.perGroupBelow)}</span>` : valueCell(v?.measured);
}

export function verdictBadge(v: ExpectationVerdict | null): string {
  return v ? badge(v.verdict) : badge(null, MSG.notEvaluated);
}

function flags(v: ExpectationVerdict | null): string {
  return v?.unconverged ? ` ${badge('inconclusive', MSG.usesUnconverged(v.unconverged))}` : '';
}

/** One sub-row per model (data block) of a claim judged per model. */
function groupRows(v: ExpectationVerdict | null, lead: number): string {
  return (v?.groups ?? []).map((g) => {
    const label = Object.entries(g.group).map(([k, x]) => `${k} ${x}`).join(', ');
    const mark = badge(g.verdict);
    return `<tr class="group"><td colspan="${Number(lead)}"><span class="detail">${esc(label)}</span></td><td class="num">${predicted(v, g.compared)}</td>`
      + `<td class="num">${valueCell(g.measured)}</td><td>${mark}<span class="detail">${esc(g.detail)}</span></td><td></td></tr>`;
  }).join('');
}

function theoryRow(r: TheoryRow): string {
  const e = r.expect;
  const says = e.says ? `<span class="says">${renderInline(e.says)}</span>` : '';
  const detail = `<span class="detail">${esc(r.verdict ? r.verdict.detail : MSG.notEvaluatedDetail)}</span>`;
  const fig = r.figure ? `<a href="#${figureId(r.figure.name)}">${esc(MSG.figure(r.figure.number))}</a>` : '—';
  const second = r.verdict?.control ? `<a href="#claim-${esc(r.verdict.control)}">${esc(MSG.protects(r.verdict.control))}</a>` : esc(e.source || '—');
  return `<tr id="claim-${esc(e.name)}"><td><code>${esc(e.claim)}</code>${says}</td><td>${second}</td>`
    + `<td class="num">${predicted(r.verdict, perGroup(r.verdict) ? null : r.verdict?.compared)}</td><td class="num">${measuredCell(r.verdict)}</td><td>${verdictBadge(r.verdict)}${flags(r.verdict)}${detail}</td><td>${fig}</td></tr>`
    + groupRows(r.verdict, 2);
}

function table(rows: TheoryRow[], second: string): string {
  const head = `<thead><tr><th>claim</th><th>${second}</th><th>predicted / compared with</th><th>measured (95% interval)</th><th>verdict</th><th>figure</th></tr></thead>`;
  return `<table class="theory">${head}<tbody>${rows.map(theoryRow).join('')}</tbody></table>`;
}

/** The claims, then the negative controls in their own table, each linked to the claim it protects. */
export function theoryTable(rows: TheoryRow[]): string {
  if (!rows.length) return `<p class="note">${esc(MSG.noExpectations)}</p>`;
  const isControl = (r: TheoryRow): boolean => Boolean(r.verdict?.control ?? r.expect.control);
  const claims = rows.filter((r) => !isControl(r)), controls = rows.filter(isControl);
  const parts = claims.length ? [table(claims, 'source')] : [];
  if (controls.length) {
    parts.push(`<h3 id="controls">${esc(MSG.controlsTitle)}</h3><p class="note">${esc(MSG.controlsNote)}</p>${table(controls, 'protects')}`);
  }
  return parts.join('');
}

export function environmentList(r: RunResults, env: Environment, specPath: string): string {
  const t = r.totals;
  const cpuSeconds = r.cells.filter((c) => !c.cached).reduce((s, c) => s + c.seconds, 0);
  const b = r.backend;
  const rows: [string, string][] = [
    ['lazylab', env.lazylab],
    ['backend', backendLabel(b)],
    ['Node.js', env.node],
    ['CPU', env.cpu],
    ['compute', MSG.computeTime(fmtSeconds(cpuSeconds), fmtSeconds(t.seconds))],
    ['cells', MSG.cellsLine(t.cells, t.cached, t.trained)],
    ...stepRow(r),
    ['profile', r.profile ?? 'none'],
    ['spec', specPath],
    ['commit', env.git ? `${env.git.commit}${env.git.dirty ? ` (${MSG.dirty})` : ''}` : MSG.noGit],
  ];
  return `<dl class="env">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

/** Which executor ran the training steps, when the cells recorded it (the native matrix path). */
function stepRow(r: RunResults): [string, string][] {
  const host = r.cells.filter((c) => c.backend.matmul?.step === 'host').length;
  const tfjs = r.cells.filter((c) => c.backend.matmul?.step === 'tfjs').length;
  return host + tfjs ? [['training step', MSG.stepExecutors(host, tfjs)]] : [];
}

export function divergedList(r: RunResults): string {
  const bad = r.cells.filter((c) => c.status === 'diverged' || c.status === 'failed');
  const unconverged = r.cells.filter((c) => c.status === 'unconverged');
  // Unconverged cells are often most of a sweep: one line with the count and the limit.
  const note = unconverged.length ? `<p class="note">${esc(MSG.unconvergedCells(unconverged.length, r.cells.length, unconverged[0]!.reason ?? ''))}</p>` : '';
  if (!bad.length) return `<p class="note">${esc(MSG.divergedNone)}</p>${note}`;
  const items = bad.map((c) => `<li>${esc(MSG.cellLine(c.status, fmtValues(c.values), c.seed, c.reason ?? ''))}</li>`);
  return `<ul class="cells">${items.join('')}</ul>${note}`;
}
