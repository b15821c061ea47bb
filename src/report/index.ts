// The report stage: results → a self-contained HTML page; results × results → a diff.
//
//   spec text ─readReportSpec→ charts, prose, expectations
//   results ─aggregate→ points ─buildChart→ Vega-Lite ─renderSvg→ static SVG ┐
//   verdicts ─theoryRows→ table ────────────────────────────────────────────┴─page→ index.html
//   sides ─diffResults→ Diff ─renderDiffHtml | renderDiffMarkdown | JSON
//
export { renderReport, buildFigures, type ReportInput } from './render.js';
export { writeReport, verdictsFor, currentEnvironment, runDate, type WriteReportOptions } from './write.js';
export { readReportSpec, type ReportSpec, type ChartDef } from './spec.js';
export { buildChart } from './chart.js';
export { renderSvg } from './svg.js';
export { toCsv } from './export.js';
export type { Environment } from './tables.js';
export { diffResults, type Diff, type DiffSide, type DiffStep, type Move, type VerdictChange } from './diff/model.js';
export { diffSpecs, type SpecChange } from './diff/spec-diff.js';
export { renderDiffHtml, renderDiffMarkdown, renderDiffJson } from './diff/render.js';
export { loadSide, type SideOptions } from './diff/sides.js';
