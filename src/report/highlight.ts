// highlightSpec: spec source → escaped HTML lines with token classes, from lazylab's own
// lexer (so highlighting agrees with the parser). Line numbers come from CSS counters, so
// copying the code copies no numbers.

import { KEYWORDS, lazyLexer, Identifier, NumberLiteral, StringLiteral, TripleString, UnterminatedString, UnterminatedTriple } from '../lang/tokens.js';
import type { IToken, TokenType } from 'chevrotain';
import { esc } from './escape.js';

interface Piece { start: number; end: number; cls: string | null }

function classOf(t: IToken, next: IToken | undefined): string | null {
  const type: TokenType = t.tokenType;
  if (KEYWORDS.includes(type)) return 'tk-kw';
  if ([StringLiteral, TripleString, UnterminatedString, UnterminatedTriple].includes(type)) return 'tk-str';
  if (type === NumberLiteral) return 'tk-num';
  if (type === Identifier) return next?.image === '(' ? 'tk-fn' : null;
  return 'tk-op';
}

function pieces(source: string): Piece[] {
  const lexed = lazyLexer.tokenize(source);
  const tokens = lexed.tokens;
  const out: Piece[] = tokens.map((t, i) => ({ start: t.startOffset, end: t.startOffset + t.image.length, cls: classOf(t, tokens[i + 1]) }));
  for (const c of lexed.groups['comments'] ?? []) out.push({ start: c.startOffset, end: c.startOffset + c.image.length, cls: 'tk-com' });
  return out.sort((a, b) => a.start - b.start);
}

/** Wrap each piece, splitting multi-line pieces so every line is its own element. */
export function highlightSpec(source: string): string {
  let html = '';
  let pos = 0;
  const wrap = (text: string, cls: string | null): string =>
    text.split('\n').map((part) => (cls && part ? `<span class="${cls}">${esc(part)}</span>` : esc(part))).join('\n');
  for (const p of pieces(source)) {
    if (p.start < pos) continue;
    html += wrap(source.slice(pos, p.start), null) + wrap(source.slice(p.start, p.end), p.cls);
    pos = p.end;
  }
  html += wrap(source.slice(pos), null);
  const lines = html.replace(/\n$/, '').split('\n');
  return lines.map((l) => `<span class="l">${l || ' '}</span>`).join('');
}
