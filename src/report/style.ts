// The look of reports and diffs: the Vega-Lite config every chart shares and the page's CSS
// (screen and print). System fonts only: a web font would be a request or a megabyte.

export const SERIF = "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, 'Iowan Old Style', Georgia, serif";
export const SANS = "system-ui, -apple-system, 'Segoe UI', 'Helvetica Neue', Helvetica, Arial, sans-serif";
export const MONO = "ui-monospace, 'SF Mono', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace";

/**
 * Chart text is 12 px in a figure about 470 px wide, so that on a 400 px phone, where the
 * figure is scaled down to the column (about 375 px), no text is drawn below 9 px; legends sit
 * under the plot so they do not widen it. Overlapping tick labels are thinned, the outer ones
 * kept inside the axis.
 */
export const CHART_CONFIG = {
  font: SANS,
  view: { stroke: '#bbb', strokeWidth: 0.8 },
  axis: {
    labelFontSize: 12, titleFontSize: 12.5, titleFontWeight: 'normal', titleColor: '#222', labelColor: '#333',
    gridColor: '#eee', domainColor: '#888', tickColor: '#888', labelOverlap: 'greedy', labelFlush: true, labelSeparation: 4,
  },
  axisX: { tickCount: 6 },
  axisY: { tickCount: 6 },
  legend: {
    labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', symbolStrokeWidth: 1.6, labelLimit: 300,
    orient: 'bottom', direction: 'horizontal', titleOrient: 'left', titleAnchor: 'start', columnPadding: 12, rowPadding: 4,
    gradientLength: 220, gradientThickness: 10,
    // Several legends under one plot stack (colour above the line kinds) instead of widening it.
    layout: { bottom: { anchor: 'middle', direction: 'vertical', margin: 6 } },
  },
  header: { labelFontSize: 12, titleFontSize: 12.5, titleFontWeight: 'normal' },
  range: { category: ['#3b6ea8', '#d1762f', '#4a9a5b', '#b8403a', '#7d5ba6', '#8c6d31', '#cc6a9e', '#6b6b6b', '#9fa83a', '#2aa1b3'] },
  line: { strokeCap: 'round' },
} as const;

export const PAGE_CSS = `
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --accent: #2d5f98; --bg-code: #f7f7f9;
  --pass: #1e7b34; --fail: #b3261e; --inc: #8a6d00; }
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; color: var(--ink); background: #fff; font-family: ${SERIF}; line-height: 1.55;
  font-kerning: normal; text-rendering: optimizeLegibility; }
main { max-width: 50rem; margin: 0 auto; padding: 3rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; font-weight: 600; margin: 0 0 .6rem; letter-spacing: -.01em; }
h2 { font-size: 1.25rem; font-weight: 600; margin: 2.6rem 0 .8rem; padding-bottom: .25rem; border-bottom: 1px solid var(--rule); }
h2 .num { color: var(--muted); font-weight: 400; margin-right: .4rem; }
a { color: var(--accent); text-decoration-thickness: .06em; text-underline-offset: .15em; }
.byline { font-family: ${SANS}; font-size: .88rem; color: var(--muted); margin: 0 0 1.6rem; }
.byline .authors { color: var(--ink); font-weight: 500; }
.abstract { border-left: 3px solid var(--rule); padding: .1rem 0 .1rem 1.1rem; margin: 1.2rem 0 2rem; }
.abstract::before { content: "Abstract"; display: block; font-family: ${SANS}; font-size: .72rem; font-weight: 600;
  letter-spacing: .08em; text-transform: uppercase; color: var(--muted); margin-bottom: .2rem; }
.abstract p { margin: .3rem 0; }
math { font-size: 1.05em; }
/* A formula wider than the column scrolls on its own rather than widening the page. */
.katex { display: inline-block; max-width: 100%; overflow-x: auto; overflow-y: hidden; vertical-align: bottom; }
math[display="block"] { margin: .8rem 0; }
figure { margin: 2rem 0; break-inside: avoid; page-break-inside: avoid; }
figure .chart { overflow-x: auto; }
figure .chart svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figure .chart .vega-embed { display: block; width: fit-content; margin: 0 auto; }
figure .chart .live[hidden], figure .chart .static[hidden] { display: none; }
figcaption { font-size: .9rem; line-height: 1.45; color: #333; margin-top: .6rem; }
figcaption .label { font-family: ${SANS}; font-weight: 650; color: var(--ink); margin-right: .35rem; }
figcaption .title { font-weight: 600; }
figcaption .auto { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .86rem; margin: 1rem 0; font-variant-numeric: tabular-nums; }
thead th { font-family: ${SANS}; font-weight: 600; font-size: .76rem; text-align: left; color: var(--muted);
  border-top: 1.5px solid var(--ink); border-bottom: 1px solid var(--ink); padding: .45rem .5rem; }
tbody td { border-bottom: 1px solid var(--rule); padding: .5rem .5rem; vertical-align: top; }
tbody tr:last-child td { border-bottom: 1.5px solid var(--ink); }
td.num { text-align: right; white-space: nowrap; }
td code, li code, p code { font-family: ${MONO}; font-size: .84em; background: var(--bg-code); padding: .05rem .25rem; border-radius: 3px; }
.says { color: var(--muted); font-size: .92em; display: block; margin-top: .15rem; }
.verdict { font-family: ${SANS}; font-size: .72rem; font-weight: 700; letter-spacing: .04em; text-transform: uppercase;
  padding: .12rem .45rem; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.verdict.pass { color: var(--pass); } .verdict.fail { color: var(--fail); } .verdict.inconclusive, .verdict.none { color: var(--inc); }
.detail { display: block; color: var(--muted); font-size: .9em; margin-top: .2rem; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.4rem; font-size: .9rem; margin: 1rem 0; }
dl.env dt { font-family: ${SANS}; color: var(--muted); font-size: .82rem; padding-top: .1rem; }
dl.env dd { margin: 0; }
pre.source { font-family: ${MONO}; font-size: .78rem; line-height: 1.5; background: var(--bg-code); border: 1px solid var(--rule);
  border-radius: 6px; padding: .8rem 0; overflow-x: auto; counter-reset: line; }
pre.source .l { display: block; padding: 0 1rem 0 0; white-space: pre; }
pre.source .l::before { counter-increment: line; content: counter(line); display: inline-block; width: 3.2em; padding-right: 1em;
  margin-right: .8em; text-align: right; color: #a0a0a8; border-right: 1px solid var(--rule); user-select: none; }
.tk-kw { color: #7a3e9d; font-weight: 600; } .tk-str { color: #2f7d32; } .tk-num { color: #b35c00; }
.tk-com { color: #8a8f98; font-style: italic; } .tk-op { color: #555; } .tk-fn { color: #1f5fa8; }
.downloads { list-style: none; padding: 0; } .downloads li { margin: .3rem 0; }
.downloads a { font-family: ${MONO}; font-size: .86rem; margin-right: .5rem; }
.note { color: var(--muted); font-size: .86rem; }
ul.cells { font-size: .9rem; padding-left: 1.2rem; }
.diff-add { background: #e8f5e9; } .diff-del { background: #fdecea; }
.beyond { font-weight: 600; color: #b3261e; } .flipped { font-weight: 600; color: #fff; background: #b3261e; border-radius: 3px; padding: 0 .3rem; }
pre.textdiff { font-family: ${MONO}; font-size: .78rem; background: var(--bg-code); border: 1px solid var(--rule); border-radius: 6px; padding: .6rem 0; overflow-x: auto; }
pre.textdiff span { display: block; padding: 0 1rem; white-space: pre; }
pre.textdiff .hunk { color: var(--muted); }
.old { color: var(--fail); } .new { color: var(--pass); }
footer { margin-top: 3rem; font-family: ${SANS}; font-size: .78rem; color: var(--muted); border-top: 1px solid var(--rule); padding-top: .8rem; }
@media (max-width: 600px) {
  html { font-size: 16px; }
  main { padding: 1.5rem .75rem 3rem; }
  h1 { font-size: 1.6rem; }
  table { font-size: .8rem; }
  thead th, tbody td { padding: .4rem .3rem; }
  td, th { overflow-wrap: anywhere; }
  td.num, .verdict { white-space: normal; }
  table.theory { display: block; overflow-x: auto; }
  dl.env { grid-template-columns: 1fr; gap: 0 1rem; }
  dl.env dd { margin-bottom: .4rem; overflow-wrap: anywhere; }
  /* vega-embed keeps 38 px free for its actions button: on a phone the button floats over the chart instead. */
  figure .chart .vega-embed.has-actions { padding-right: 0; }
}
@page { size: A4; margin: 16mm 15mm 18mm; }
@media print {
  html { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  figure .chart svg { max-width: 100%; max-height: 120mm; width: auto; }
  figure .chart { overflow: visible; }
  table { font-size: 9pt; }
  td, th { overflow-wrap: anywhere; }
  .downloads, .interactive-note, .vega-embed .vega-actions, details summary { display: none !important; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  pre.source { font-size: 7.5pt; white-space: pre-wrap; }
}
`;

/** The charts' tooltip (vega-tooltip's element), styled here: the page's CSP refuses injected styles. */
export const TOOLTIP_CSS = `#vg-tooltip-element { visibility: hidden; position: fixed; z-index: 1000; padding: 6px 8px;
  font-family: ${SANS}; font-size: 11px; color: #1d1d1f; background: rgba(255, 255, 255, .96); border: 1px solid #d9d9de;
  border-radius: 4px; box-shadow: 2px 2px 4px rgba(0, 0, 0, .1); white-space: pre-line; }
#vg-tooltip-element.visible { visibility: visible; }
#vg-tooltip-element h2 { margin: 0 0 6px; padding: 0; border: 0; font-size: 12px; }
#vg-tooltip-element table { width: auto; margin: 0; border-spacing: 0; font-size: 11px; }
#vg-tooltip-element td { overflow: hidden; text-overflow: ellipsis; padding: 1px 0; border: 0; vertical-align: text-top; }
#vg-tooltip-element td.key { color: #5f6368; max-width: 150px; text-align: right; padding-right: 6px; }
#vg-tooltip-element td.value { display: block; max-width: 300px; max-height: 7em; text-align: left; }
`;
