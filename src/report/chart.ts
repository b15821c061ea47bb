// buildChart: one chart of the spec's report section + its points → a Vega-Lite spec with the
// data inline. Means as lines (or points, bars), the band over seeds as an area (or error
// bars), theory lines dashed, heatmaps as rectangles on the swept values with iso-lines,
// facets as small multiples, and in diffs every revision overlaid by dash and shape.

import type { TopLevelSpec } from 'vega-lite';
import { compareKeys, type GridPoint, type Point } from './aggregate.js';
import type { ChartDef } from './spec.js';
import type { LinePoint } from './theory.js';
import { CHART_CONFIG } from './style.js';
import { titleOf } from './labels.js';
import { axisTitle, wrapTitle } from './axes.js';

export interface ChartData {
  points: Point[];
  grid: GridPoint[];
  lines: LinePoint[];
  /** Revision labels, in order, when revisions are overlaid (a diff). */
  revisions?: string[];
}

type Json = Record<string, unknown>;

/** Plot sizes that keep the whole figure about 470 px wide (see CHART_CONFIG: readable on a phone). */
const WIDTH = 390, HEIGHT = 260, FACET_WIDTH = 180, FACET_HEIGHT = 150, FACET_COLUMNS = 2;

function scale(log: boolean, extra: Json = {}): Json {
  return log ? { type: 'log', nice: false, padding: 8, ...extra } : { zero: false, ...extra };
}

function colorEncoding(chart: ChartDef, points: readonly { color: unknown }[], data: ChartData): Json | null {
  if (chart.color !== null) {
    const numeric = points.every((p) => typeof p.color === 'number');
    return numeric
      ? { field: 'color', type: 'ordinal', title: titleOf(chart.color), scale: { scheme: { name: 'viridis', extent: [0.05, 0.85] } } }
      : { field: 'color', type: 'nominal', title: titleOf(chart.color) };
  }
  if (data.revisions) return { field: 'revision', type: 'nominal', title: 'revision', sort: data.revisions };
  return null;
}

function tooltip(chart: ChartDef, data: ChartData): Json[] {
  const t: Json[] = [];
  if (data.revisions) t.push({ field: 'revision', title: 'revision' });
  if (chart.color) t.push({ field: 'color', title: titleOf(chart.color) });
  if (chart.facet) t.push({ field: 'facet', title: titleOf(chart.facet) });
  t.push({ field: 'x', title: axisTitle(chart, 'x') }, { field: 'y', title: `${axisTitle(chart, 'y')} (${data.points.some((p) => p.logSpace) ? 'geometric mean' : 'mean'})`, format: '.4~g' });
  if (chart.band !== 'none') t.push({ field: 'lo', title: `band low (${chart.band})`, format: '.4~g' }, { field: 'hi', title: `band high (${chart.band})`, format: '.4~g' });
  t.push({ field: 'n', title: 'seeds' });
  return t;
}

/** The height of one plot (a facet's is smaller): a y title longer than it wraps. */
function plotHeight(chart: ChartDef): number {
  return chart.facet !== null && chart.mark !== 'heatmap' ? FACET_HEIGHT : HEIGHT;
}

function mainLayers(chart: ChartDef, data: ChartData): Json[] {
  const xNumeric = data.points.every((p) => typeof p.x === 'number') && chart.mark !== 'bar';
  const x = { field: 'x', type: xNumeric ? 'quantitative' : 'ordinal', title: axisTitle(chart, 'x'), ...(xNumeric ? { scale: scale(chart.log.x) } : {}) };
  const y = { field: 'y', type: 'quantitative', title: wrapTitle(axisTitle(chart, 'y'), plotHeight(chart)), scale: scale(chart.log.y) };
  const color = colorEncoding(chart, data.points, data);
  // Revisions overlaid (a diff): solid against dashed, and in colour too when colour is free; the legend draws line symbols.
  const revisionLegend = { symbolType: 'stroke', symbolSize: 500, symbolStrokeWidth: 2, symbolOpacity: 1, ...(chart.color === null ? {} : { symbolStrokeColor: '#333', encode: { symbols: { update: { stroke: { value: '#333' } } } } }) };
  const dash = data.revisions ? { strokeDash: { field: 'revision', type: 'nominal', sort: data.revisions, title: 'revision', legend: revisionLegend, scale: { range: [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]] } } } : {};
  const shape = data.revisions ? { shape: { field: 'revision', type: 'nominal', sort: data.revisions, title: 'revision' } } : {};
  const common = { x, detail: { field: 'series' }, ...(color ? { color } : {}) };
  // The merged legend would show the band's pale swatches: draw its symbols opaque.
  const legend = data.revisions && chart.color === null ? revisionLegend : { symbolOpacity: 1, symbolType: 'circle' };
  const bandCommon = { ...common, ...(color ? { color: { ...color, legend } } : {}) };
  const seriesCount = new Set(data.points.map((p) => p.series)).size;
  const bandOpacity = seriesCount > 3 ? 0.08 : 0.16;
  const layers: Json[] = [];
  const hasBand = data.points.some((p) => p.lo !== null);
  if (hasBand && chart.mark === 'line') {
    layers.push({ mark: { type: 'area', opacity: bandOpacity, line: false }, encoding: { ...bandCommon, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } });
  } else if (hasBand) {
    layers.push({ mark: { type: 'rule', strokeWidth: 1.2 }, encoding: { ...bandCommon, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } });
  }
  const mark = chart.mark === 'bar' ? { type: 'bar', opacity: 0.85 }
    : chart.mark === 'point' ? { type: 'point', filled: true, size: 46 }
      : { type: 'line', strokeWidth: 1.8, point: { filled: true, size: 30 } };
  layers.push({
    mark, encoding: { ...common, y, ...dash, ...(chart.mark === 'point' ? shape : {}), tooltip: tooltip(chart, data) },
    ...(xNumeric && !data.revisions ? { params: [{ name: 'zoom', select: 'interval', bind: 'scales' }] } : {}),
  });
  // Means that include an unconverged cell: a hollow ring around the point (the caption says so).
  if (data.points.some((p) => p.unconverged)) {
    layers.push({ transform: [{ filter: 'datum.unconverged === true' }], mark: { type: 'point', filled: false, size: 120, strokeWidth: 1.4, color: '#111' }, encoding: { x, y } });
  }
  return layers;
}

function overlayLayer(chart: ChartDef, data: ChartData): Json | null {
  if (!data.lines.length) return null;
  // Lines of one colour group take its colour; a line that stands for every group (merged) is ink.
  const colored = chart.color !== null && data.lines.some((l) => l.color !== null);
  const kinds = [...new Set(data.lines.map((l) => l.kind))];
  return {
    data: { values: data.lines },
    mark: { type: 'line', strokeWidth: 1.4, clip: true, ...(colored ? {} : { color: '#333' }) },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      detail: { field: 'line' },
      strokeDash: { field: 'kind', type: 'nominal', title: null, sort: kinds, legend: { orient: 'bottom', symbolStrokeColor: '#333', symbolType: 'stroke', symbolSize: 500 }, scale: { domain: kinds, range: kinds.map((k) => (/predicted|linearized|infinite|analytic/.test(k) ? [6, 4] : [1, 0])) } },
      ...(colored ? { color: { condition: { test: 'datum.color === null', value: '#333' }, field: 'color' } } : {}),
      tooltip: [{ field: 'kind', title: 'line' }],
    },
  };
}

/** Cell edges between neighbouring swept values (midpoints in log space on a log axis). */
export function edges(values: number[], log: boolean): Map<number, [number, number]> {
  const vs = [...new Set(values)].sort((a, b) => a - b);
  const t = (v: number) => (log ? Math.log(v) : v), u = (v: number) => (log ? Math.exp(v) : v);
  const mids = vs.slice(1).map((v, i) => (t(v) + t(vs[i]!)) / 2);
  const step = vs.length > 1 ? (t(vs[vs.length - 1]!) - t(vs[0]!)) / (vs.length - 1) : 1;
  return new Map(vs.map((v, i) => [v, [u(i ? mids[i - 1]! : t(v) - step / 2), u(i < mids.length ? mids[i]! : t(v) + step / 2)]]));
}

function heatmapLayers(chart: ChartDef, data: ChartData): Json[] {
  const ex = edges(data.grid.map((g) => g.x), chart.log.x), ey = edges(data.grid.map((g) => g.y), chart.log.y);
  const values = data.grid.map((g) => ({ ...g, x0: ex.get(g.x)![0], x1: ex.get(g.x)![1], y0: ey.get(g.y)![0], y1: ey.get(g.y)![1] }));
  const vs = data.grid.map((g) => g.v);
  const logColor = vs.every((v) => v > 0) && Math.max(...vs) / Math.min(...vs) > 30;
  const measure = chart.color ?? chart.y;
  const rect = {
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'x0', type: 'quantitative', title: titleOf(chart.x), scale: scale(chart.log.x, { nice: false }) },
      x2: { field: 'x1' },
      y: { field: 'y0', type: 'quantitative', title: wrapTitle(titleOf(chart.y), HEIGHT), scale: scale(chart.log.y, { nice: false }) },
      y2: { field: 'y1' },
      color: { field: 'v', type: 'quantitative', title: titleOf(measure), scale: { type: logColor ? 'log' : 'linear', scheme: 'viridis' } },
      tooltip: [{ field: 'x', title: titleOf(chart.x) }, { field: 'y', title: titleOf(chart.y) }, { field: 'v', title: titleOf(measure), format: '.4~g' }, { field: 'n', title: 'seeds' }],
    },
  };
  const iso = data.lines.length ? [{
    data: { values: data.lines },
    mark: { type: 'line', color: 'white', strokeWidth: 1, strokeDash: [4, 3], opacity: 0.9, clip: true },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, detail: { field: 'line' }, tooltip: [{ field: 'line', title: 'iso-line' }] },
  }] : [];
  return [rect, ...iso];
}

/**
 * A heatmap per facet value, side by side (two columns) with one shared color scale: the
 * heatmap's layers carry their own data (rectangles, iso-lines), so they are concatenated
 * rather than faceted from one source. Without this, the facets' rectangles were drawn on top of
 * each other and only the last one showed.
 */
function facetedHeatmap(chart: ChartDef, data: ChartData): TopLevelSpec {
  const keys = [...new Set(data.grid.map((g) => g.facet))].sort((a, b) => (a === null || b === null ? 0 : compareKeys(a, b)));
  const panels = keys.map((k) => ({
    title: { text: `${titleOf(chart.facet!)} = ${k}`, fontSize: 12, fontWeight: 'normal' },
    width: FACET_WIDTH, height: FACET_HEIGHT,
    layer: heatmapLayers(chart, { ...data, grid: data.grid.filter((g) => g.facet === k) }),
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CHART_CONFIG, background: 'white',
    columns: FACET_COLUMNS, concat: panels, resolve: { scale: { color: 'shared' } },
  } as unknown as TopLevelSpec;
}

/** The Vega-Lite spec of one chart, data inline, no title (the figure caption carries it). */
export function buildChart(chart: ChartDef, data: ChartData): TopLevelSpec {
  const heat = chart.mark === 'heatmap';
  if (heat && chart.facet !== null) return facetedHeatmap(chart, data);
  const layer = heat ? heatmapLayers(chart, data) : [...mainLayers(chart, data), overlayLayer(chart, data)].filter(Boolean);
  const faceted = chart.facet !== null && !heat;
  const size = faceted ? { width: FACET_WIDTH, height: FACET_HEIGHT } : { width: WIDTH, height: HEIGHT };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CHART_CONFIG, background: 'white' };
  if (!faceted) return { ...base, ...size, data: { values: heat ? [] : data.points }, layer } as unknown as TopLevelSpec;
  // Facets need one data source: overlay lines ride along, marked so each layer filters its own.
  const rows = [...data.points.map((p) => ({ ...p, layerKind: 'data' })), ...data.lines.map((l) => ({ ...l, layerKind: 'line' }))];
  const filtered = layer.map((l) => ({ ...l, data: undefined, transform: [{ filter: `datum.layerKind === '${l === layer[layer.length - 1] && data.lines.length ? 'line' : 'data'}'` }, ...((l as Json)['transform'] as Json[] | undefined ?? [])] }));
  return {
    ...base, data: { values: rows }, columns: FACET_COLUMNS,
    facet: { field: 'facet', type: 'nominal', title: titleOf(chart.facet!) },
    spec: { ...size, layer: filtered },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  } as unknown as TopLevelSpec;
}
