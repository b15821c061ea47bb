// The grammar reference, generated from the live parser so it cannot drift: an EBNF text
// (walking Chevrotain's serialized GAST) with the lexical rules read from tokens.ts, and
// self-contained railroad diagrams (railroad.ts). `npm run grammar` writes both to grammar/.

import { Lexer, type ISerializedGast, type TokenType } from 'chevrotain';
import { MAX_NESTING, parser } from './parser.js';
import { ALL_TOKENS, Identifier } from './tokens.js';

export { railroadHtml } from './railroad.js';

interface Gast extends ISerializedGast {
  name?: string;
  label?: string;
  separator?: Gast;
  definition?: Gast[];
}

const HEADER = `(* The lazylab language: grammar reference.
   Generated from the live parser (src/lang/parser.ts, src/lang/tokens.ts) by \`npm run grammar\`;
   do not edit by hand. Notation: \`::=\` defines a rule, juxtaposition is sequence, \`|\`
   separates alternatives, \`?\` optional, \`*\` zero or more, \`+\` one or more, 'x' a
   literal token, CapitalizedNames the lexical tokens defined at the end.

   Rules the diagram cannot show (semantic predicates in the parser):
   - Newlines are not significant. So that a statement needs no terminator, \`atom\` does
     not read a name as a reference when the tokens ahead open a statement: \`experiment\`,
     \`data\`, \`model\`, \`expect\`, \`profile\` or \`chart\` followed by a name and '{';
     \`train\`, \`measure\` or \`report\` followed by '{'; \`let\` or \`sweep\` followed by a
     name or '('; \`seeds\` followed by '='; \`text\` followed by a string.
   - The body of a block (settings, measurements, profile entries) ends before tokens that
     open a block, so a block left without its '}' is reported at its '{'.
   - Brackets, calls, prefix operators and '^' nest at most ${MAX_NESTING} levels deep (E0108).
   - In \`list\` and \`argumentList\` the repetition stops before a trailing ','.
   - \`argument\` is a named argument exactly when its second token is ':'.
   - Precedence, low to high: or, and, comparison, + -, * /, unary - + not, ^ (right-
     associative; -2^2 is -(2^2)); a comparison does not chain. *)`;

/** Top-level rules as EBNF, then the lexical rules. */
export function ebnfFromParser(): string {
  const rules = parser.getSerializedGastProductions() as Gast[];
  const width = Math.max(...rules.map((r) => r.name!.length));
  const body = rules.map((r) => printRule(r, width)).join('\n\n');
  return `${HEADER}\n\n${body}\n\n${lexicalRules()}\n`;
}

function printRule(rule: Gast, width: number): string {
  const head = `${rule.name!.padEnd(width)} ::= `;
  const defs = rule.definition ?? [];
  const only = defs[0];
  if (defs.length === 1 && only?.type === 'Alternation') {
    const alts = (only.definition ?? []).map((a) => sequence(a.definition ?? []));
    return head + alts.join(`\n${' '.repeat(width + 3)}| `);
  }
  return head + sequence(defs);
}

function sequence(items: readonly Gast[]): string {
  return items.map(item).join(' ') || '(* empty *)';
}

/** One GAST production; suffixes bind to a single item, a group gets parentheses. */
function item(g: Gast): string {
  const inner = (): string => sequence(g.definition ?? []);
  const only = g.definition?.[0];
  const group = (s: string, n: number): string =>
    n === 1 && (!s.includes(' ') || only?.type === 'Alternation') ? s : `( ${s} )`;
  const count = (g.definition ?? []).length;
  switch (g.type) {
    case 'Terminal': return terminal(g);
    case 'NonTerminal': return g.name!;
    case 'Alternative': return inner();
    case 'Alternation': return `( ${(g.definition ?? []).map((a) => sequence(a.definition ?? [])).join(' | ')} )`;
    case 'Option': return `${group(inner(), count)}?`;
    case 'Repetition': return `${group(inner(), count)}*`;
    case 'RepetitionMandatory': return `${group(inner(), count)}+`;
    case 'RepetitionWithSeparator': return `( ${inner()} ( ${terminal(g.separator!)} ${inner()} )* )?`;
    case 'RepetitionMandatoryWithSeparator': return `${inner()} ( ${terminal(g.separator!)} ${inner()} )*`;
    default: return `(* ${g.type} *)`;
  }
}

/** A literal token by its quoted label ('{', 'let'); any other by its token name. */
function terminal(g: Gast): string {
  return g.label !== undefined && /^'[^']+'$/.test(g.label) ? g.label : g.name!;
}

function literalOf(t: TokenType): string | null {
  const p = t.PATTERN;
  if (!(p instanceof RegExp)) return null;
  const src = p.source;
  return /^(?:\\.|[^\\[\](){}*+?|.^$])+$/.test(src) ? src.replace(/\\(.)/g, '$1') : null;
}

const isCategory = (t: TokenType): boolean => t.PATTERN === Lexer.NA;
const isSoft = (t: TokenType): boolean => (t.CATEGORIES ?? []).includes(Identifier);

/** Tokens with a pattern (not plain literals), the categories, and the keyword lists. */
function lexicalRules(): string {
  const patterned = ALL_TOKENS.filter((t) => !isCategory(t) && literalOf(t) === null && t.PATTERN instanceof RegExp);
  const categories = ALL_TOKENS.filter(isCategory);
  const width = Math.max(...[...patterned, ...categories].map((t) => t.name.length));
  const lines = patterned.flatMap((t) => [`(* ${tokenNote(t)} *)`, `${t.name.padEnd(width)} ::= /${(t.PATTERN as RegExp).source}/`]);
  for (const c of categories) {
    const members = ALL_TOKENS.filter((t) => t !== c && t.CATEGORIES?.includes(c)).map((t) => `'${literalOf(t)}'`);
    lines.push(`${c.name.padEnd(width)} ::= ${members.join(' | ')}`);
  }
  const keywords = ALL_TOKENS.filter((t) => t.LONGER_ALT === Identifier);
  const soft = keywords.filter(isSoft).map((t) => literalOf(t)).join(' ');
  const reserved = keywords.filter((t) => !isSoft(t)).map((t) => literalOf(t)).join(' ');
  return [
    '(* Lexical rules. Tokens are tried in the order of tokens.ts (these patterns, then keywords,',
    '   then Identifier, then punctuation, longer operators first); the first match wins. A keyword',
    '   followed by more name characters is a name (`letter`, `models`). *)',
    '',
    ...lines,
    '',
    '(* Soft keywords, also accepted wherever a name (Identifier) is:',
    `   ${soft}.`,
    `   Reserved words, never a name: ${reserved}. *)`,
  ].join('\n');
}

function tokenNote(t: TokenType): string {
  if (t.GROUP === Lexer.SKIPPED) return 'skipped';
  if (t.GROUP === 'comments') return 'a comment: kept for fmt, ignored by the grammar';
  const category = (t.CATEGORIES ?? [])[0];
  if (category) return `${t.LABEL ?? t.name}: an error, but parsed as a ${category.name} so it is reported once`;
  return t.LABEL ?? t.name;
}
