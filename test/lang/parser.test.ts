// The CLI builds the parser and lexer without Chevrotain's definition checks (they cost a third
// of a short command's start); these tests run those checks on the same grammar and tokens.

import { describe, expect, it } from 'vitest';
import { Lexer } from 'chevrotain';
import { LazyParser } from '../../src/lang/parser.js';
import { ALL_TOKENS, LEXER_OPTIONS, lazyLexer } from '../../src/lang/tokens.js';
import { parseSpec } from '../../src/lang/parse.js';

describe('grammar and token definitions', () => {
  it('the grammar passes Chevrotain\'s validation (ambiguities, left recursion, unresolved rules)', () => {
    const validated = new LazyParser(true);
    expect(validated.definitionErrors).toEqual([]);
  });

  it('the tokens pass the lexer\'s validation', () => {
    const validated = new Lexer(ALL_TOKENS, { ...LEXER_OPTIONS, skipValidations: false, deferDefinitionErrorsHandling: true });
    expect(validated.lexerDefinitionErrors).toEqual([]);
  });

  it('the validated lexer tokenizes a spec as the shipped one does', () => {
    const text = 'let n = 100\nsweep m = [10, 20]\n# comment\nmodel a { hidden = [m] }\n';
    const validated = new Lexer(ALL_TOKENS, { ...LEXER_OPTIONS, skipValidations: false });
    const names = (r: ReturnType<Lexer['tokenize']>) => r.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
    expect(names(lazyLexer.tokenize(text))).toEqual(names(validated.tokenize(text)));
    expect(parseSpec(text).diagnostics).toEqual([]);
  });
});
