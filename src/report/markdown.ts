// Markdown prose of a spec (abstract, text blocks, captions) → HTML. markdown-it runs with
// raw HTML off and images off (an image is a request); `$…$` and `$$…$$` become MathML by
// KaTeX, which needs neither a stylesheet nor a font file, so nothing is fetched.

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

function makeMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true });
  md.disable(['image']);
  md.inline.ruler.before('escape', 'math', mathRule);
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
