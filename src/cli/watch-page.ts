// The page `lazylab watch` serves: the last good report, plus a banner with the spec's errors
// when the latest save did not check, plus a small script that reloads the page when the
// watcher's state changes (server-sent events). The report on disk stays as `run` writes it;
// only the served copy gains the script, its hash in the policy, and `connect-src 'self'`.

import { esc } from '../report/escape.js';
import { hashSource } from '../report/csp.js';

/** Reloads when the watcher's version differs from the one this page was served at. Constant text, so one hash. */
export const RELOAD_SCRIPT = "(function(){var m=document.querySelector('meta[name=\"lazylab-watch\"]');var v=m?m.getAttribute('content'):'';"
  + "var s=new EventSource('/events');s.addEventListener('version',function(e){if(e.data!==v){s.close();location.reload();}});})();";

export const BANNER_CSS = '.lazylab-watch{font:13px/1.4 ui-monospace,monospace;margin:0;padding:.6rem 1rem;border-bottom:1px solid #ccc;background:#f6f6f6;white-space:pre-wrap}'
  + '.lazylab-watch.error{background:#fdecea;color:#611a15;border-color:#e0b4b4}';

export interface WatchState {
  /** Bumped on every change the browser should see (a new report, an error, a fix). */
  version: number;
  /** The spec's diagnostics (as `check` prints them) when the latest save does not check. */
  error: string | null;
  /** What the watcher is doing, one line. */
  status: string;
}

/** `report` (or a placeholder before the first one) with the watcher's banner and reload script. */
export function servedPage(report: string | null, state: WatchState): string {
  const html = report ?? placeholder();
  const banner = `<pre class="lazylab-watch${state.error ? ' error' : ''}" id="lazylab-watch">${esc(state.error ? `${state.status}\n\n${state.error}` : state.status)}</pre>`;
  const head = `<meta name="lazylab-watch" content="${state.version}"><style>${BANNER_CSS}</style>`;
  return allowWatchAssets(html)
    .replace('</head>', `${head}</head>`)
    .replace(/<body([^>]*)>/, (m) => `${m}\n${banner}`)
    .replace(/<\/body>(?![\s\S]*<\/body>)/, `<script>${RELOAD_SCRIPT}</script></body>`);
}

/** The report's policy with the reload script and banner style allowed by hash, and the event stream by `'self'`. */
export function allowWatchAssets(html: string): string {
  const add = (directive: string, hash: string) => (policy: string) => policy.replace(new RegExp(`${directive} ([^;"]*)`), (_m, list: string) => `${directive} ${list.trim() === "'none'" ? hash : `${list} ${hash}`}`);
  return html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/, (_m, a: string, policy: string, c: string) => {
    let p = add('script-src', hashSource(RELOAD_SCRIPT))(policy);
    p = add('style-src', hashSource(BANNER_CSS))(p);
    p = p.replace("connect-src 'none'", "connect-src 'self'");
    return a + p + c;
  });
}

function placeholder(): string {
  const policy = "default-src 'none'; script-src 'none'; style-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>lazylab watch</title>
</head>
<body>
<p>No report yet: the first run is under way.</p>
</body>
</html>
`;
}
