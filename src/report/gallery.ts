// The gallery: one static page (reports/index.html) that links every published report with
// its key figure (the first chart, as static SVG), its title, the first sentence of its
// abstract, and how many of its expectations passed.

import { parseSpec } from '../lang/parse.js';
import type { RunResults } from '../run/results.js';
import { esc } from './escape.js';
import { page } from './page.js';
import { readReportSpec } from './spec.js';
import { buildFigures } from './render.js';
import { renderSvg } from './svg.js';
import { renderMarkdown } from './markdown.js';

export interface GalleryEntry {
  /** Folder of the report, relative to the gallery (e.g. `chizat_tau`). */
  href: string;
  source: string;
  results: RunResults;
}

/** A relative link to a report folder: each segment encoded, so no `:` makes it a scheme and no `//` a host. */
export function reportHref(folder: string): string {
  return [...folder.split('/').filter(Boolean).map(encodeURIComponent), 'index.html'].join('/');
}

function firstSentence(markdown: string): string {
  const text = markdown.replace(/\s+/g, ' ').trim();
  const end = text.search(/\.\s/);
  return end > 0 ? text.slice(0, end + 1) : text;
}

function verdictLine(r: RunResults): string {
  const vs = r.expectations ?? [];
  if (!vs.length) return '<span class="note">no expectations</span>';
  const count = (k: string) => vs.filter((v) => v.verdict === k).length;
  const parts = [['pass', count('pass')], ['fail', count('fail')], ['inconclusive', count('inconclusive')]] as const;
  return parts.filter(([, n]) => n > 0).map(([k, n]) => `<span class="verdict ${k}">${n} ${k}</span>`).join(' ');
}

async function card(e: GalleryEntry, i: number): Promise<string> {
  const spec = readReportSpec(parseSpec(e.source).spec, e.results.profile);
  const [figure] = buildFigures(spec, e.results);
  const svg = figure ? await renderSvg(figure.vl, `g${i}`, figure.chart.title || figure.name) : '';
  const href = reportHref(e.href);
  return `<article class="card"><a class="thumb" href="${esc(href)}">${svg}</a>
<h3><a href="${esc(href)}">${esc(spec.title)}</a></h3>
<div class="prose">${renderMarkdown(firstSentence(spec.abstract))}</div>
<p class="byline">experiment <code>${esc(spec.experiment)}</code>${e.results.profile ? `, profile <code>${esc(e.results.profile)}</code>` : ''} · ${verdictLine(e.results)}</p></article>`;
}

const GALLERY_CSS = `.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:1.5rem}
.card{border:1px solid #ddd;border-radius:6px;padding:1rem;background:#fff}.card h3{margin:.6rem 0 .3rem}
.thumb svg{max-width:100%;height:auto}.verdict.pass{color:#1a7f37}.verdict.fail{color:#cf222e}.verdict.inconclusive{color:#9a6700}`;

/** The gallery page: static (no JavaScript), self-contained like every report. */
/** The committed gallery's heading; `lazylab gallery` gives its own. */
const SHIPPED = {
  title: 'lazylab reports',
  byline: 'Reproductions of the papers on lazy training, each run in its quick profile. Every card links a self-contained report; its figure is the report\'s first.',
};

export async function renderGallery(entries: GalleryEntry[], version: string, heading: { title: string; byline: string } = SHIPPED): Promise<string> {
  const cards = [];
  for (const [i, e] of entries.entries()) cards.push(await card(e, i));
  const header = `<header><h1>${esc(heading.title)}</h1><p class="byline">${esc(heading.byline)}</p></header>`;
  const body = `<div class="cards">${cards.join('\n')}</div>`;
  return page({ title: heading.title, header, body, version, interactive: false, css: GALLERY_CSS });
}
