// The language stage: tokens, grammar, and the text → AST function.
export { parseSpec, type ParseResult } from './parse.js';
export type * from './ast.js';
export { LazyParser, parser } from './parser.js';
export { ALL_TOKENS } from './tokens.js';
