// Railroad diagrams of the live grammar as one self-contained HTML page. Chevrotain's
// createSyntaxDiagramsCode links its scripts and stylesheet from a CDN (unpkg); the chevrotain
// package ships the same files under diagrams/, so they are inlined here: the page works offline.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { parser } from './parser.js';

const BASE = 'LAZYLAB_RESOURCE/';
const CSS = 'LAZYLAB_CSS';

/** node_modules/chevrotain/diagrams, found through the package's main entry (lib/src/api.js). */
function diagramsDir(): string {
  const entry = createRequire(import.meta.url).resolve('chevrotain');
  return join(dirname(entry), '..', '..', 'diagrams');
}

function replaceOnce(html: string, find: string, by: string): string {
  const at = html.indexOf(find);
  if (at < 0) throw new Error(`railroad: createSyntaxDiagramsCode output changed, no ${find}`);
  return html.slice(0, at) + by + html.slice(at + find.length);
}

const INTRO = `<title>lazylab grammar: railroad diagrams</title>
<style>
  body { font-family: system-ui, sans-serif; }
  .intro { max-width: 46em; margin: 1em auto; }
</style>
<div class="intro">
  <h1>lazylab grammar</h1>
  <p>Generated from the live parser by <code>npm run grammar</code>; do not edit. The same grammar
  as text, with the lexical rules, is in <code>lazylab.ebnf</code>; <code>README.md</code> explains it
  by example. Click a rule name to jump to its diagram.</p>
</div>
`;

/** The diagrams page, with Chevrotain's diagram scripts and stylesheet inlined. */
export function railroadHtml(): string {
  const dir = diagramsDir();
  let html = createSyntaxDiagramsCode(parser.getSerializedGastProductions(), { resourceBase: BASE, css: CSS });
  const css = readFileSync(join(dir, 'diagrams.css'), 'utf8');
  html = replaceOnce(html, `<link rel='stylesheet' href='${CSS}'>`, `<style>\n${css}\n</style>\n${INTRO}`);
  for (const file of ['vendor/railroad-diagrams.js', 'src/diagrams_builder.js', 'src/diagrams_behavior.js', 'src/main.js']) {
    const code = readFileSync(join(dir, file), 'utf8').replace(/<\/script/gi, '<\\/script');
    html = replaceOnce(html, `<script src='${BASE}${file}'></script>`, `<script>\n${code}\n</script>`);
  }
  return html.replace(/[ \t]+$/gm, '');
}
