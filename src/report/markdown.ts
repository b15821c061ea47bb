// Markdown prose of a spec (abstract, text blocks, captions) → HTML. markdown-it runs with
// raw HTML off and images off (an image is a request); links only to http(s), mailto and
// places without a scheme (so no `javascript:` or `data:`); `$…$` and `$$…$$` become MathML
// by KaTeX (trust off: no \href, no \htmlClass), which needs neither stylesheet nor font.

import MarkdownIt from 'markdown-it';
import katex from 'katex';

type StateInline = Parameters<MarkdownIt['inline']['ruler']['push']>[1] extends (s: infer S, silent: boolean) => boolean ? S : never;

function renderMath(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { output: 'mathml', displayMode, throwOnError: false, trust: false, strict: 'ignore' });
}

/** `$…$` inline (not `\$`, not `$ ` opening), `$$…$$` display. */
function mathRule(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== '$') return false;
  const display = src[start + 1] === '$';
  const open = display ? 2 : 1;
  if (!display && /\s/.test(src[start + 1] ?? ' ')) return false;
  let end = start + open;
  while (end < state.posMax) {
    if (src[end] === '\\') { end += 2; continue; }
    if (src[end] === '$' && (!display || src[end + 1] === '$')) break;
    end++;
  }
  if (end >= state.posMax || end === start + open) return false;
  if (!silent) {
    const token = state.push(display ? 'math_display' : 'math_inline', 'math', 0);
    token.content = src.slice(start + open, end);
  }
  state.pos = end + open;
  return true;
}

/** `m^(−1/2)` and `m^2` in prose: the exponent raised (<sup>), as a reader would write it on paper. */
function superscriptRule(state: StateInline, silent: boolean): boolean {
  const src = state.src.slice(state.pos, state.posMax);
  const m = /^\^(?:\(([^()\n]{1,40})\)|([-−]?[0-9]+(?:\.[0-9]+)?|[-−]?[A-Za-zα-ω]))/.exec(src);
  if (!m || state.pos === 0) return false;
  if (!silent) {
    state.push('sup_open', 'sup', 1);
    const text = state.push('text', '', 0);
    text.content = m[1] ?? m[2]!;
    state.push('sup_close', 'sup', -1);
  }
  state.pos += m[0].length;
  return true;
}

/** Schemes a link may use; a link without a scheme (`#fig-loss`, `notes.html`) is fine too. */
const SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** markdown-it's own check refuses a deny-list of schemes; this allows a list instead. */
export function safeLink(url: string): boolean {
  let decoded = url;
  try { decoded = decodeURIComponent(url); } catch { /* not percent-encoded: check it as written */ }
  // Browsers ignore control characters and whitespace inside a scheme (`java\tscript:`).
  const schemeOf = (u: string) => /^([a-z][a-z0-9+.-]*:)/i.exec(u.replace(/[\x00-\x20\x7f]+/g, ''))?.[1]?.toLowerCase() ?? null;
  return [url, decoded].every((u) => { const s = schemeOf(u); return s === null || SCHEMES.has(s); });
}

function makeMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true });
  md.validateLink = safeLink;
  md.disable(['image']);
  md.inline.ruler.before('escape', 'math', mathRule);
  md.inline.ruler.after('math', 'superscript', superscriptRule);
  md.renderer.rules['math_inline'] = (tokens, i) => renderMath(tokens[i]!.content, false);
  md.renderer.rules['math_display'] = (tokens, i) => renderMath(tokens[i]!.content, true);
  return md;
}

const md = makeMarkdown();

/** Block markdown → HTML. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** One paragraph of inline markdown (captions, table cells) → HTML without a <p>. */
export function renderInline(text: string): string {
  return md.renderInline(text);
}
