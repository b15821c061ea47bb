// renderSvg: a Vega-Lite spec → static SVG, rendered in Node with vega's headless view, so a
// figure reads without JavaScript and prints. Its expressions are interpreted, never compiled
// to code. Vega's random generator is seeded before each render and element ids are
// renumbered per figure, so the same spec gives the same bytes and several SVGs in one page
// never share an id (a shared clip-path id would cross-clip).

import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import { esc } from './escape.js';

const randomness = vega as unknown as { setRandom(f: () => number): void; randomLCG(seed: number): () => number };

/** Warnings go nowhere: a report renders what it can; the CLI alone prints. */
const quietLogger = {
  level(): number { return 0; },
  error(): void {}, warn(): void {}, info(): void {}, debug(): void {},
} as unknown as Parameters<typeof compile>[1] extends infer O ? O extends { logger?: infer L } ? L : never : never;

/** Compile to Vega (the interactive page compiles the same spec in the browser). */
export function toVega(spec: TopLevelSpec): vega.Spec {
  return compile(spec, { logger: quietLogger }).spec;
}

/** Renames every id="…" (and its url(#…)/href="#…" uses) to `${prefix}-${n}` in order of appearance. */
export function renumberIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => a + (ids.get(id) ?? id) + b)
    .replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : m))
    .replace(/(href=")#([^"]+)(")/g, (m, a: string, id: string, b: string) => (ids.has(id) ? `${a}#${ids.get(id)}${b}` : m));
}

export async function renderSvg(spec: TopLevelSpec, prefix: string, label: string): Promise<string> {
  randomness.setRandom(randomness.randomLCG(1));
  // Expressions are interpreted, not compiled with Function, as in the page: text from a
  // spec or a results file never becomes code, in the browser or here.
  const runtime = vega.parse(toVega(spec), undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', logLevel: vega.None, expr: expressionInterpreter } as vega.ViewOptions);
  try {
    const svg = await view.toSVG();
    const labelled = svg.replace('<svg ', `<svg role="img" aria-label="${esc(label)}" `);
    return renumberIds(labelled, prefix);
  } finally {
    view.finalize();
  }
}
