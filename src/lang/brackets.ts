// Unclosed brackets, found from the tokens alone. The parser notices a missing `}` only where
// it expected one, often lines later and in other words ("expected '=' but found `m`"); the
// opening bracket itself is what the user must fix, so it is reported there.

import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

const CLOSERS = new Map<TokenType, TokenType>([[T.LBrace, T.RBrace], [T.LParen, T.RParen], [T.LBracket, T.RBracket]]);
const OPENER_OF = new Map<TokenType, TokenType>([...CLOSERS].map(([o, c]) => [c, o]));

/** The opening brackets that no closing one matches, in source order. */
export function unclosedBrackets(tokens: readonly IToken[]): IToken[] {
  const open: IToken[] = [];
  const unclosed: IToken[] = [];
  for (const t of tokens) {
    if (CLOSERS.has(t.tokenType)) {
      open.push(t);
      continue;
    }
    const opener = OPENER_OF.get(t.tokenType);
    if (opener === undefined) continue;
    // A closer pops to its own kind; the brackets it passes were never closed. A stray
    // closer (no opener of its kind) is the parser's to report.
    let i = open.length - 1;
    while (i >= 0 && open[i]!.tokenType !== opener) i--;
    if (i < 0) continue;
    unclosed.push(...open.splice(i).slice(1));
  }
  return [...unclosed, ...open].sort((a, b) => a.startOffset - b.startOffset);
}

/** The closing bracket of an opening one, as text. */
export function closerOf(t: IToken): string {
  return t.tokenType === T.LBrace ? '}' : t.tokenType === T.LParen ? ')' : ']';
}
