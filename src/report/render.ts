// renderReport: spec source + results (+ verdicts, environment, date) → one self-contained HTML
// page. Pure apart from reading the installed chart libraries: the same input gives the same
// bytes (vega's random generator is seeded, ids are renumbered, the only date is the run's).

import type { RunResults } from '../run/results.js';
import type { ExpectationVerdict } from '../theory/verdict.js';
import { parseSpec } from '../lang/parse.js';
import { esc } from './escape.js';
import { dataUrl, toCsv, toJson } from './export.js';
import { buildFigure, figureHtml, type Figure } from './figures.js';
import { highlightSpec } from './highlight.js';
import { renderMarkdown } from './markdown.js';
import { page, sections } from './page.js';
import { charts, readReportSpec, type ReportSpec } from './spec.js';
import { renderSvg } from './svg.js';
import { divergedList, environmentList, theoryRows, theoryTable, type Environment } from './tables.js';
import { withTruthValues } from './truth-values.js';

export interface ReportInput {
  /** The spec's text, as run. */
  source: string;
  /** How to name the spec file (shown, never read). */
  specPath: string;
  results: RunResults;
  /** The expectations' verdicts; null when nothing evaluated them. */
  verdicts: readonly ExpectationVerdict[] | null;
  environment: Environment;
  /** When the run happened (ISO 8601), or null when unknown. */
  date: string | null;
  /** No JavaScript: static SVG charts only (a much smaller file). */
  static?: boolean;
  /** Shown at the top in red (results that do not match the spec, provenance unknown). */
  warnings?: readonly string[];
}

/** A visible banner per warning; existing classes only, so reports without warnings keep their bytes. */
export function warningBanners(warnings: readonly string[] = []): string {
  return warnings.map((w) => `<p class="verdict fail banner" role="alert"><strong>Warning:</strong> ${esc(w)}</p>`).join('');
}

/** Numbered figures of the report section (numbers in order of appearance). */
/** Hashes of the cells that reached the step limit without meeting `stop` (their figures say so). */
function unconvergedCells(r: RunResults): Set<string> {
  return new Set(r.cells.filter((c) => c.status === 'unconverged').map((c) => c.hash));
}

export function buildFigures(spec: ReportSpec, results: RunResults): Figure[] {
  return charts(spec).map((c, i) => buildFigure(c, i + 1, results.records, spec, unconvergedCells(results)));
}

function header(spec: ReportSpec, date: string | null, r: RunResults): string {
  const authors = spec.authors.length ? `<span class="authors">${esc(spec.authors.join(', '))}</span> · ` : '';
  const when = date ? `<time datetime="${esc(date)}">${esc(date.slice(0, 10))}</time> · ` : '';
  const what = `experiment <code>${esc(spec.experiment)}</code>${r.profile ? `, profile <code>${esc(r.profile)}</code>` : ''}`;
  const abstract = spec.abstract.trim() ? `<div class="abstract">${renderMarkdown(spec.abstract)}</div>` : '';
  return `<header><h1>${esc(spec.title)}</h1><p class="byline">${authors}${when}${what}</p>${abstract}</header>`;
}

async function resultsBody(spec: ReportSpec, figures: Figure[], interactive: boolean): Promise<string> {
  const parts: string[] = [];
  let i = 0;
  for (const item of spec.items) {
    if (item.kind === 'text') { parts.push(`<div class="prose">${renderMarkdown(item.markdown)}</div>`); continue; }
    const f = figures[i++]!;
    const svg = await renderSvg(f.vl, `f${f.number}`, f.chart.title || f.name);
    parts.push(figureHtml(f, svg, interactive));
  }
  return parts.join('\n');
}

function downloads(r: RunResults, source: string, experiment: string): string {
  const links = [
    ['results.csv', dataUrl('text/csv', toCsv(r.records)), 'tidy records (CSV)'],
    ['results.json', dataUrl('application/json', toJson(r)), 'results (JSON)'],
    [`${experiment}.lazy`, dataUrl('text/plain', source), 'spec'],
  ];
  return `<ul class="downloads">${links.map(([name, href, what]) => `<li><a download="${esc(name!)}" href="${href}">${esc(name!)}</a> `
    + `<span class="note">${esc(what!)}</span></li>`).join('')}</ul>`;
}

export async function renderReport(input: ReportInput): Promise<string> {
  const parsed = parseSpec(input.source).spec;
  const spec = readReportSpec(parsed, input.results.profile);
  const r = input.results;
  const interactive = !input.static;
  const figures = buildFigures(spec, r);
  const rows = theoryRows(spec.expects, withTruthValues(input.verdicts, parsed, r), figures);
  const body = sections([
    { title: 'Theory against measurement', id: 'theory', html: theoryTable(rows) },
    { title: 'Results', id: 'results', html: await resultsBody(spec, figures, interactive) },
    { title: 'Runs', id: 'runs', html: environmentList(r, input.environment, input.specPath) + `<h3>Cells that diverged, failed or did not converge</h3>${divergedList(r)}` },
    { title: 'Spec', id: 'spec', html: `<pre class="source"><code>${highlightSpec(input.source)}</code></pre>` },
    { title: 'Data', id: 'data', html: downloads(r, input.source, spec.experiment) },
  ]);
  return page({ title: spec.title, header: warningBanners(input.warnings) + header(spec, input.date, r), body, version: input.environment.lazylab, interactive });
}
