// Where the cursor is, read from the tokens rather than the AST: while you type, the text is
// usually broken, and the tokens before the cursor still say which block, setting or call
// encloses it. Completion and hover both start here.

import type { IToken, TokenType } from 'chevrotain';
import * as T from '../lang/tokens.js';

export type BlockKind = 'experiment' | 'data' | 'model' | 'train' | 'measure' | 'expect' | 'report' | 'chart' | 'profile' | 'other';

type Frame =
  | { kind: 'block'; block: BlockKind | null; setting: string | null }
  | { kind: 'call'; callee: string | null }
  | { kind: 'list' };

export interface CursorContext {
  /** The part of a name already typed before the cursor, and where it starts. */
  prefix: string;
  prefixStart: number;
  /** The innermost block (null at the top level). */
  block: BlockKind | null;
  /** The setting or statement (`let x`, `sweep m`, `seeds`) whose value holds the cursor. */
  setting: string | null;
  /** The innermost call whose parentheses hold the cursor, and its enclosing calls' names. */
  call: string | null;
  /** name: a new setting, measurement or statement; value: an expression; argument: a call's argument; declaring: a new name. */
  position: 'name' | 'value' | 'argument' | 'declaring';
}

const NAMED_BLOCKS = new Set<string>(['experiment', 'data', 'model', 'expect', 'chart', 'profile']);
const UNNAMED_BLOCKS = new Set<string>(['train', 'measure', 'report']);
const DECLARING = new Set<TokenType>([T.Let, T.Sweep, T.Experiment, T.Data, T.Model, T.Expect, T.Profile, T.Chart]);
const VALUE_AFTER = new Set<TokenType>([T.Equals, T.Colon, T.Comma, T.LParen, T.LBracket, T.Plus, T.Minus, T.Star, T.Slash, T.Caret,
  T.EqEq, T.NotEq, T.Less, T.LessEq, T.Greater, T.GreaterEq, T.And, T.Or, T.Not, T.Within]);

/** Lexes the text once; comments and strings are where no completion or hover applies. */
export function lexText(text: string): { tokens: IToken[]; comments: IToken[] } {
  const lexed = T.lazyLexer.tokenize(text);
  return { tokens: lexed.tokens, comments: lexed.groups['comments'] ?? [] };
}

const end = (t: IToken): number => t.startOffset + t.image.length;

/** The token whose text holds `offset` (touching its start or end), if any. */
export function tokenAt(tokens: IToken[], offset: number): { token: IToken; index: number } | null {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid]!;
    if (end(t) < offset) lo = mid + 1;
    else if (t.startOffset > offset) hi = mid - 1;
    else return { token: t, index: mid };
  }
  return null;
}

function isString(t: IToken): boolean {
  const types = [t.tokenType, ...(t.tokenType.CATEGORIES ?? [])];
  return types.includes(T.StringLiteral) || types.includes(T.TripleString);
}

/** The context at `offset`, or null inside a comment or a string. */
export function contextAt(text: string, offset: number): CursorContext | null {
  const { tokens, comments } = lexText(text);
  // Inside a comment or an unclosed string up to its end; inside a closed string before its quote.
  const inside = (t: IToken, open: boolean) => t.startOffset < offset && (open ? offset <= end(t) : offset < end(t));
  if (comments.some((t) => inside(t, true))) return null;
  if (tokens.some((t) => isString(t) && inside(t, T.isUnclosed(t)))) return null;
  let prefixStart = offset;
  // A profile override is a dotted path (`model.mlp.hidden`): the dots belong to the name typed.
  while (prefixStart > 0 && /[A-Za-z0-9_.]/.test(text[prefixStart - 1]!)) prefixStart--;
  const before = tokens.filter((t) => t.startOffset < prefixStart);
  const stack = walkFrames(before);
  return describe(stack, before[before.length - 1], text.slice(prefixStart, offset), prefixStart);
}

function walkFrames(tokens: IToken[]): Frame[] {
  const stack: Frame[] = [{ kind: 'block', block: null, setting: null }];
  tokens.forEach((t, i) => {
    const top = stack[stack.length - 1]!;
    const type = t.tokenType;
    if (type === T.LBrace) stack.push({ kind: 'block', block: blockOf(tokens, i), setting: null });
    else if (type === T.RBrace) popUntil(stack, 'block');
    else if (type === T.LParen) stack.push({ kind: 'call', callee: tokens[i - 1]?.tokenType.CATEGORIES?.includes(T.Identifier) || tokens[i - 1]?.tokenType === T.Identifier ? tokens[i - 1]!.image : null });
    else if (type === T.RParen && top.kind === 'call') stack.pop();
    else if (type === T.LBracket) stack.push({ kind: 'list' });
    else if (type === T.RBracket && top.kind === 'list') stack.pop();
    else if (type === T.Equals && top.kind === 'block') top.setting = settingBefore(tokens, i);
  });
  return stack;
}

function popUntil(stack: Frame[], kind: Frame['kind']): void {
  while (stack.length > 1) {
    if (stack.pop()!.kind === kind) return;
  }
}

/** The block a `{` opens: `model mlp {`, `train {`, `chart weights {` … */
function blockOf(tokens: IToken[], i: number): BlockKind {
  const prev = tokens[i - 1]?.image ?? '';
  const prev2 = tokens[i - 2]?.image ?? '';
  const prev3 = tokens[i - 3]?.tokenType;
  if (NAMED_BLOCKS.has(prev2) && prev3 !== T.Equals && prev3 !== T.Colon && prev3 !== T.Comma) return prev2 as BlockKind;
  if (UNNAMED_BLOCKS.has(prev)) return prev as BlockKind;
  return 'other';
}

/** The name a `=` assigns: a setting, a dotted profile override, `let x`, `sweep m` or `seeds`. */
function settingBefore(tokens: IToken[], i: number): string | null {
  const prev = tokens[i - 1];
  if (!prev) return null;
  if (prev.tokenType === T.RParen) return 'sweep';
  const keyword = tokens[i - 2]?.image;
  if (keyword === 'let' || keyword === 'sweep') return `${keyword} ${prev.image}`;
  let path = prev.image;
  for (let j = i - 2; j >= 1 && tokens[j]!.tokenType === T.Dot; j -= 2) path = `${tokens[j - 1]!.image}.${path}`;
  return path;
}

function describe(stack: Frame[], prev: IToken | undefined, prefix: string, prefixStart: number): CursorContext {
  const block = [...stack].reverse().find((f): f is Extract<Frame, { kind: 'block' }> => f.kind === 'block')!;
  const top = stack[stack.length - 1]!;
  const call = top.kind === 'call' ? top.callee : null;
  const base = { prefix, prefixStart, block: block.block, call };
  if (top.kind === 'call') {
    const position = prev?.tokenType === T.LParen || prev?.tokenType === T.Comma ? 'argument' : 'value';
    return { ...base, setting: block.setting, position };
  }
  if (top.kind === 'list') return { ...base, setting: block.setting, position: 'value' };
  if (prev && VALUE_AFTER.has(prev.tokenType)) return { ...base, setting: block.setting, position: 'value' };
  if (prev && DECLARING.has(prev.tokenType)) return { ...base, setting: null, position: 'declaring' };
  return { ...base, setting: null, position: 'name' };
}
