// The three libraries an interactive page inlines (vega, vega-lite, vega-embed), read once
// from the installed packages, the stylesheet vega-embed would otherwise inject itself, and
// the page script that turns each static SVG into a live chart. Nothing is fetched: the page
// works from file:// with the network off. Everything here runs under a CSP without
// 'unsafe-inline' or 'unsafe-eval': vega-embed is told to inject no <style> (its CSS rides in
// the page's hashed stylesheet) and to evaluate expressions with the interpreter vega-embed
// bundles (`ast: true`) instead of compiling them with Function.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inlineText } from './csp.js';
import { scriptSource } from './escape.js';
import { TOOLTIP_CSS } from './style.js';

const require = createRequire(import.meta.url);

function packageFile(pkg: string, file: string): string {
  // Find the package folder on the resolver's search path (exports maps hide build/ paths).
  const dir = (require.resolve.paths(pkg) ?? []).map((p) => join(p, pkg)).find((d) => existsSync(join(d, 'package.json')));
  if (!dir) throw new Error(`package ${pkg} is not installed`);
  return readFileSync(join(dir, file), 'utf8');
}

let cached: string[] | null = null;

/** vega, vega-lite and vega-embed, minified: the text of one <script> each. */
export function libraryScripts(): string[] {
  cached ??= [
    packageFile('vega', 'build/vega.min.js'),
    packageFile('vega-lite', 'build/vega-lite.min.js'),
    packageFile('vega-embed', 'build/vega-embed.min.js'),
  ].map((js) => inlineText(scriptSource(js)));
  return cached;
}

let embedCss: string | null = null;

/** vega-embed's own stylesheet (the actions menu), from the template literal in its source. */
function vegaEmbedCss(): string {
  const source = packageFile('vega-embed', 'src/style.ts');
  const css = /export default `([^`]*)`/.exec(source)?.[1];
  if (!css || css.includes('${')) throw new Error('vega-embed/src/style.ts no longer holds a plain stylesheet');
  return css;
}

/** The CSS live charts need: vega-embed's and the tooltip's, which the page script tells them not to inject. */
export function liveChartCss(): string {
  embedCss ??= inlineText(vegaEmbedCss());
  return `${embedCss}\n${TOOLTIP_CSS}`;
}

/** Embeds each figure's spec; the static SVG stays until the live chart has rendered. */
export const PAGE_SCRIPT = `
(function () {
  if (typeof vegaEmbed !== 'function') return;
  var opts = {
    renderer: 'svg', ast: true, defaultStyle: false, forceActionsMenu: true, tooltip: { disableDefaultStyle: true },
    actions: { export: true, source: false, compiled: false, editor: false }
  };
  document.querySelectorAll('figure[data-chart]').forEach(function (fig) {
    var json = fig.querySelector('script.vl-spec');
    var live = fig.querySelector('.live');
    if (!json || !live) return;
    var spec = JSON.parse(json.textContent);
    live.hidden = false;
    vegaEmbed(live, spec, opts).then(function (r) {
      fig.querySelector('.static').hidden = true;
      fig.classList.add('is-live');
      fig.__view = r.view;
    }).catch(function (e) {
      live.hidden = true;
      console.error('lazylab: chart ' + fig.getAttribute('data-chart') + ': ' + e);
    });
  });
})();
`;
