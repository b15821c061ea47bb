// Tokens of the lazylab language. Block keywords are "soft": they belong to the Identifier
// category, so `model`, `data` or `train` still work as setting keys, named arguments and paths.
// The operator words `and or not within` are reserved.

import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

/** A byte-order mark (some editors start a UTF-8 file with one) is blank space, like a tab. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

/** A soft keyword also counts as an Identifier; a reserved one (operators) never does. */
function keyword(word: string, soft = true): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: soft ? [Identifier] : [],
    label: `'${word}'`,
  });
}

export const Experiment = keyword('experiment');
export const Let = keyword('let');
export const Sweep = keyword('sweep');
export const Seeds = keyword('seeds');
export const Data = keyword('data');
export const Model = keyword('model');
export const Train = keyword('train');
export const Measure = keyword('measure');
export const Expect = keyword('expect');
export const Report = keyword('report');
export const Profile = keyword('profile');
export const Chart = keyword('chart');
export const Text = keyword('text');
export const Within = keyword('within', false);
export const And = keyword('and', false);
export const Or = keyword('or', false);
export const Not = keyword('not', false);

export const TripleString = createToken({
  name: 'TripleString',
  pattern: /"""[\s\S]*?"""/,
  line_breaks: true,
  label: 'a """markdown""" block',
});
/**
 * An unclosed literal is lexed whole, as a string the parser accepts, so that one clear
 * diagnostic (from parse.ts) replaces a cascade: before, `"""abc` lexed as the string `""`,
 * a stray quote and the words of the block.
 */
export const UnterminatedTriple = createToken({
  name: 'UnterminatedTriple',
  pattern: /"""(?:[\s\S]*\S)?/, // to the last non-blank character, so spans end on a real line
  line_breaks: true,
  categories: [TripleString],
  label: 'an unterminated """ block',
});
export const StringLiteral = createToken({
  name: 'StringLiteral',
  // Unrolled (`plain* (escape plain*)*`) so the regex engine keeps no backtracking entry per
  // character: the alternation `(plain|escape)*` overflowed the stack on a 10 MB literal.
  pattern: /"[^"\\\n\r]*(?:\\.[^"\\\n\r]*)*"/,
  label: 'a "string"',
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"[^"\\\n\r]*(?:\\.[^"\\\n\r]*)*\\?/,
  categories: [StringLiteral],
  label: 'an unterminated "string"',
});

export function isUnclosed(t: IToken): boolean {
  return t.tokenType === UnterminatedString || t.tokenType === UnterminatedTriple;
}

/** A string token's image with its missing closing quotes restored. */
export function closedImage(t: IToken): string {
  if (t.tokenType === UnterminatedTriple) return `${t.image}"""`;
  return t.tokenType === UnterminatedString ? `${t.image}"` : t.image;
}

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, label: "'}'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, label: "']'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
export const Percent = createToken({ name: 'Percent', pattern: /%/, label: "'%'" });

export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA, label: 'a comparison' });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/, categories: [CompareOp], label: "'=='" });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/, categories: [CompareOp], label: "'!='" });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/, categories: [CompareOp], label: "'<='" });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/, categories: [CompareOp], label: "'>='" });
export const Less = createToken({ name: 'Less', pattern: /</, categories: [CompareOp], label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: />/, categories: [CompareOp], label: "'>'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });

export const AddOp = createToken({ name: 'AddOp', pattern: Lexer.NA, label: "'+' or '-'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, categories: [AddOp], label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, categories: [AddOp], label: "'-'" });
export const MulOp = createToken({ name: 'MulOp', pattern: Lexer.NA, label: "'*' or '/'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, categories: [MulOp], label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, categories: [MulOp], label: "'/'" });
export const Caret = createToken({ name: 'Caret', pattern: /\^/, label: "'^'" });

export const KEYWORDS = [
  Experiment, Let, Sweep, Seeds, Data, Model, Train, Measure, Expect, Report, Profile,
  Chart, Text, Within, And, Or, Not,
];

/** Order matters: longer and more specific patterns first. */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, Comment, TripleString, UnterminatedTriple, StringLiteral, UnterminatedString, NumberLiteral,
  ...KEYWORDS, Identifier,
  LBrace, RBrace, LParen, RParen, LBracket, RBracket, Comma, Colon, Dot, Percent,
  CompareOp, EqEq, NotEq, LessEq, GreaterEq, Less, Greater, Equals,
  AddOp, Plus, Minus, MulOp, Star, Slash, Caret,
];

/** The lexer's options; `lazyLexer` skips the token definitions' validation at every command's
 *  start, which test/lang/parser.test.ts runs instead (`skipValidations: false`). */
export const LEXER_OPTIONS = { positionTracking: 'full', ensureOptimizations: false } as const;
export const lazyLexer = new Lexer(ALL_TOKENS, { ...LEXER_OPTIONS, skipValidations: true });
