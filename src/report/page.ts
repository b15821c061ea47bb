// The HTML shell shared by reports, diffs and the gallery: <head> with the inline stylesheet,
// a strict Content-Security-Policy that forbids every request (so a stray URL fails loudly
// instead of leaking) and lets only this page's own scripts and styles run, by hash (csp.ts);
// numbered sections, footer, and the scripts when the page is interactive. Only this file
// writes <script> or <style> elements that the browser executes or applies.

import { contentSecurityPolicy, inlineText } from './csp.js';
import { esc } from './escape.js';
import { libraryScripts, liveChartCss, PAGE_SCRIPT } from './assets.js';
import { MSG } from './messages.js';
import { PAGE_CSS } from './style.js';

export interface Section { title: string; id: string; html: string }

export function sections(list: Section[]): string {
  return list.map((s, i) => `<section id="${esc(s.id)}"><h2><span class="num">${i + 1}</span>${esc(s.title)}</h2>${s.html}</section>`).join('\n');
}

export interface PageParts {
  title: string;
  header: string;
  body: string;
  version: string;
  interactive: boolean;
  /** CSS of this kind of page, added to the shared stylesheet (and so to its hash). */
  css?: string;
}

export function page(p: PageParts): string {
  const scripts = p.interactive ? [...libraryScripts(), inlineText(PAGE_SCRIPT)] : [];
  const style = inlineText(PAGE_CSS + (p.interactive ? liveChartCss() : '') + (p.css ?? ''));
  // Not escaped: the policy is fixed words and base64 hashes, and stays readable in the source.
  const csp = contentSecurityPolicy(scripts, [style]);
  const note = p.interactive ? MSG.interactiveNote : MSG.staticNote;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lazylab ${esc(p.version)}">
<title>${esc(p.title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${p.header}
${p.body}
<footer><p>${esc(MSG.footer(p.version))} <span class="interactive-note">${esc(note)}</span></p></footer>
</main>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}
