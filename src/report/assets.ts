// The three libraries an interactive page inlines (vega, vega-lite, vega-embed), read once
// from the installed packages, and the page script that turns each static SVG into a live
// chart. Nothing is fetched: the page works from file:// with the network off.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { scriptSource } from './escape.js';

const require = createRequire(import.meta.url);

function packageFile(pkg: string, file: string): string {
  // Find the package folder on the resolver's search path (exports maps hide build/ paths).
  const dir = (require.resolve.paths(pkg) ?? []).map((p) => join(p, pkg)).find((d) => existsSync(join(d, 'package.json')));
  if (!dir) throw new Error(`package ${pkg} is not installed`);
  return readFileSync(join(dir, file), 'utf8');
}

let cached: string | null = null;

/** vega, vega-lite and vega-embed, minified, each in its own <script>. */
export function libraryScripts(): string {
  cached ??= [
    packageFile('vega', 'build/vega.min.js'),
    packageFile('vega-lite', 'build/vega-lite.min.js'),
    packageFile('vega-embed', 'build/vega-embed.min.js'),
  ].map((js) => `<script>${scriptSource(js)}</script>`).join('\n');
  return cached;
}

/** Embeds each figure's spec; the static SVG stays until the live chart has rendered. */
export const PAGE_SCRIPT = `<script>
(function () {
  if (typeof vegaEmbed !== 'function') return;
  var opts = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
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
</script>`;
