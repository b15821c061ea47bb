// The HTML shell shared by reports and diffs: <head> with the inline stylesheet, a strict
// Content-Security-Policy that forbids every request (so a stray URL fails loudly instead of
// leaking), numbered sections, footer, and the scripts when the page is interactive.

import { esc } from './escape.js';
import { libraryScripts, PAGE_SCRIPT } from './assets.js';
import { MSG } from './messages.js';
import { PAGE_CSS } from './style.js';

/** No fetch, no external script/style/font/image; inline scripts and styles, data: downloads. */
const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

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
}

export function page(p: PageParts): string {
  const scripts = p.interactive ? `${libraryScripts()}\n${PAGE_SCRIPT}` : '';
  const note = p.interactive ? MSG.interactiveNote : MSG.staticNote;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lazylab ${esc(p.version)}">
<title>${esc(p.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
${p.header}
${p.body}
<footer><p>${esc(MSG.footer(p.version))} <span class="interactive-note">${esc(note)}</span></p></footer>
</main>
${scripts}
</body>
</html>
`;
}
