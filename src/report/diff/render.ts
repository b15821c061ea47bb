// A diff as a self-contained HTML page (charts with every revision overlaid), as markdown
// for a pull-request comment, or as JSON for machines.

import { badge as verdictBadge, esc, fmtNum, fmtValues } from '../escape.js';
import { buildOverlayFigure, figureHtml } from '../figures.js';
import { MSG } from '../messages.js';
import { page, sections } from '../page.js';
import { renderSvg } from '../svg.js';
import { warningBanners } from '../render.js';
import { NOISE_FACTOR, type Diff, type DiffSide, type DiffStep, type Move } from './model.js';

/** Rows of the moved-measurements table shown (the rest are counted). */
export const MAX_MOVES = 40;

export function fmtRelative(r: number): string {
  if (!Number.isFinite(r)) return r > 0 ? '+∞' : '−∞';
  return `${r >= 0 ? '+' : '−'}${fmtNum(Math.abs(r) * 100, 3)}%`;
}

function specTable(s: DiffStep): string {
  if (s.spec === null) return `<p class="note">${esc(MSG.noSpec(`${s.from} or ${s.to}`))}</p>`;
  if (!s.spec.length) return `<p class="note">${esc(MSG.specUnchanged)}</p>`;
  const rows = s.spec.map((c) => `<tr><td>${esc(MSG[c.kind])}</td><td><code>${esc(c.what)}</code></td>`
    + `<td class="old"><code>${esc(c.old ?? '—')}</code></td><td class="new"><code>${esc(c.new ?? '—')}</code></td></tr>`);
  return `<table><thead><tr><th></th><th>setting</th><th>old</th><th>new</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function textDiff(s: DiffStep): string {
  if (!s.text?.length) return '';
  const lines = s.text.flatMap((h) => [`<span class="hunk">${esc(h.header)}</span>`,
    ...h.lines.map((l) => `<span class="${l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : ''}">${esc(l.op + ' ' + l.text)}</span>`)]);
  return `<details><summary>Text diff</summary><pre class="textdiff">${lines.join('')}</pre></details>`;
}

/** `±0.0123 (3+3 seeds)`: two standard errors of the difference, or why there is none. */
function noiseText(m: Move): string {
  return m.noise === null ? '—' : `±${fmtNum(NOISE_FACTOR * m.noise)} (${m.seeds[0]}+${m.seeds[1]} seeds)`;
}

function moveVerdict(m: Move): string {
  return m.beyondNoise === null ? MSG.moveNoYardstick : m.beyondNoise ? MSG.moveBeyond : MSG.moveWithin;
}

function noiseSummary(s: DiffStep): string {
  return MSG.movesNoise(s.moves.filter((m) => m.beyondNoise === true).length, s.moves.length, NOISE_FACTOR);
}

function moveRows(moves: Move[]): string {
  return moves.slice(0, MAX_MOVES).map((m) => `<tr${m.beyondNoise === false ? ' class="within"' : ''}><td><code>${esc(m.measurement)}</code></td><td>${esc(fmtValues(m.values))}</td>`
    + `<td class="num">${fmtNum(m.old)}</td><td class="num">${fmtNum(m.new)}</td><td class="num">${esc(fmtRelative(m.relative))}</td>`
    + `<td class="num">${esc(noiseText(m))}</td><td>${m.beyondNoise ? `<span class="beyond">${esc(moveVerdict(m))}</span>` : `<span class="detail">${esc(moveVerdict(m))}</span>`}</td></tr>`).join('');
}

function movesTable(s: DiffStep): string {
  const only = [[s.from, s.onlyOld], [s.to, s.onlyNew]] as const;
  const onlyHtml = only.filter(([, v]) => v.length).map(([label, v]) => `<p class="note">${esc(MSG.onlyOn(label, v.length))}: ${esc(v.map(fmtValues).join('; '))}</p>`).join('');
  if (!s.moves.length) return `<p class="note">${esc(MSG.noMoves)}</p>${onlyHtml}`;
  const more = s.moves.length > MAX_MOVES ? `<p class="note">${esc(MSG.movedMore(s.moves.length - MAX_MOVES))}</p>` : '';
  return `<p class="note">${esc(noiseSummary(s))}</p><table><thead><tr><th>measurement (final, mean over seeds)</th><th>cell</th><th>old</th><th>new</th><th>change</th><th>noise (2 s.e.)</th><th></th></tr></thead>`
    + `<tbody>${moveRows(s.moves)}</tbody></table>${more}${onlyHtml}`;
}

function verdictTable(s: DiffStep): string {
  if (!s.verdicts.length) return `<p class="note">${esc(MSG.diffNoExpectations)}</p>`;
  const flipped = s.verdicts.filter((v) => v.changed).length;
  const badge = (v: string | null) => verdictBadge(v, v ?? 'absent');
  const rows = s.verdicts.map((v) => `<tr${v.changed ? ' class="changed"' : ''}><td><code>${esc(v.claim)}</code></td><td>${badge(v.old)} <span class="detail">${fmtNum(v.oldValue)}</span></td>`
    + `<td>${badge(v.new)} <span class="detail">${fmtNum(v.newValue)}</span></td><td>${v.changed ? '<span class="flipped">flipped</span>' : ''}</td></tr>`);
  const note = `<p class="note">${esc(flipped ? MSG.verdictsFlipped(flipped, s.verdicts.length) : MSG.noVerdictChange)}</p>`;
  return `${note}<table><thead><tr><th>expectation</th><th>old</th><th>new</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function stepHtml(s: DiffStep): string {
  const h = (t: string) => `<h3>${esc(t)}</h3>`;
  return [h(`${s.from} → ${s.to}: spec`), specTable(s), textDiff(s), h('Measurements that moved'), movesTable(s), h('Expectations and their verdicts'), verdictTable(s)].join('\n');
}

export async function renderDiffHtml(diff: Diff, sides: DiffSide[], opts: { static?: boolean; version: string }): Promise<string> {
  const interactive = !opts.static;
  const figs: string[] = [];
  for (const [i, chart] of diff.charts.entries()) {
    const f = buildOverlayFigure(chart, i + 1, sides.map((s) => ({ label: s.label, records: s.results.records })));
    figs.push(figureHtml(f, await renderSvg(f.vl, `f${f.number}`, chart.title || chart.name), interactive));
  }
  const title = MSG.diffTitle(diff.labels);
  const body = sections([
    ...diff.steps.map((s, i) => ({ title: diff.steps.length > 1 ? `${s.from} → ${s.to}` : 'Changes', id: `step-${i + 1}`, html: stepHtml(s) })),
    { title: 'Charts, every revision overlaid', id: 'charts', html: figs.join('\n') },
  ]);
  return page({ title, header: warningBanners(diff.warnings) + `<header><h1>${esc(title)}</h1></header>`, body, version: opts.version, interactive });
}

const mdCode = (s: string): string => `\`${s.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\n/g, ' ')}\``;
const mdText = (s: string): string => s.replace(/([\\`*_[\]|<>])/g, '\\$1').replace(/[\r\n]+/g, ' ');

function textMarkdown(s: DiffStep): string[] {
  if (!s.text?.length) return [];
  const lines = s.text.flatMap((h) => [h.header, ...h.lines.map((l) => `${l.op}${l.text}`)]);
  // A fence longer than any backtick run in the spec, so the block cannot end early.
  const fence = '`'.repeat(Math.max(3, ...lines.map((l) => (l.match(/`+/g) ?? []).reduce((m, r) => Math.max(m, r.length + 1), 0))));
  return ['**Text diff**', '', `${fence}diff`, ...lines, fence, ''];
}

function movesMarkdown(s: DiffStep): string[] {
  const out = ['**Measurements that moved** (final value, mean over seeds)', ''];
  if (!s.moves.length) return [...out, MSG.noMoves, ''];
  out.push(noiseSummary(s), '', '| measurement | cell | old | new | change | noise (2 s.e.) | |', '|---|---|---:|---:|---:|---:|---|');
  out.push(...s.moves.slice(0, MAX_MOVES).map((m) => `| ${mdCode(m.measurement)} | ${mdText(fmtValues(m.values))} | ${fmtNum(m.old)} | ${fmtNum(m.new)} | ${fmtRelative(m.relative)} | ${noiseText(m)} | ${m.beyondNoise ? `**${moveVerdict(m)}**` : moveVerdict(m)} |`), '');
  if (s.moves.length > MAX_MOVES) out.push(MSG.movedMore(s.moves.length - MAX_MOVES), '');
  return out;
}

function verdictsMarkdown(s: DiffStep): string[] {
  const out = ['**Expectations and their verdicts**', ''];
  if (!s.verdicts.length) return [...out, MSG.diffNoExpectations, ''];
  const flipped = s.verdicts.filter((v) => v.changed).length;
  const cell = (v: string | null, x: number | null) => `${mdText(String(v ?? 'absent'))}${x === null ? '' : ` (${fmtNum(x)})`}`;
  out.push(flipped ? MSG.verdictsFlipped(flipped, s.verdicts.length) : MSG.noVerdictChange, '', '| expectation | old | new | |', '|---|---|---|---|');
  out.push(...s.verdicts.map((v) => `| ${mdCode(v.claim)} | ${cell(v.old, v.oldValue)} | ${v.changed ? `**${cell(v.new, v.newValue)}**` : cell(v.new, v.newValue)} | ${v.changed ? 'flipped' : ''} |`), '');
  return out;
}

/** One step; its own heading only when the diff has several (one step's heading is the title's). */
function stepMarkdown(s: DiffStep, several: boolean): string[] {
  const out = several ? [`### ${mdText(s.from)} → ${mdText(s.to)}`, ''] : [];
  if (s.spec === null) out.push(mdText(MSG.noSpec(`${s.from} or ${s.to}`)), '');
  else if (!s.spec.length) out.push(MSG.specUnchanged, '');
  else out.push('| | setting | old | new |', '|---|---|---|---|', ...s.spec.map((c) => `| ${MSG[c.kind]} | ${mdCode(c.what)} | ${c.old === null ? '—' : mdCode(c.old)} | ${c.new === null ? '—' : mdCode(c.new)} |`), '');
  out.push(...textMarkdown(s), ...movesMarkdown(s));
  for (const [label, v] of [[s.from, s.onlyOld], [s.to, s.onlyNew]] as const) if (v.length) out.push(`${mdText(MSG.onlyOn(label, v.length))}: ${mdText(v.map(fmtValues).join('; '))}`, '');
  out.push(...verdictsMarkdown(s));
  return out;
}

export function renderDiffMarkdown(diff: Diff): string {
  const warnings = (diff.warnings ?? []).flatMap((w) => [`> **Warning:** ${mdText(w)}`, '']);
  return [`## ${mdText(MSG.diffTitle(diff.labels))}`, '', ...warnings, ...diff.steps.flatMap((st) => stepMarkdown(st, diff.steps.length > 1))].join('\n').trimEnd() + '\n';
}

/** JSON for machines: charts by name (their definitions belong to the specs). */
export function renderDiffJson(diff: Diff): string {
  return JSON.stringify({ ...diff, charts: diff.charts.map((c) => c.name) }, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1) + '\n';
}
