// The grammar of the lazylab language as a Chevrotain CST parser. Pure grammar: meaning is
// given by the CST → AST builder (build.ts). One instance, reused; error recovery is on so that
// one pass reports every syntax error.

import { CstParser, EOF, tokenLabel, tokenMatcher, type IParserErrorMessageProvider, type CstNode, type IToken, type IRecognitionException } from 'chevrotain';
import * as T from './tokens.js';
import * as M from '../messages/index.js';

function describeToken(t: IToken): string {
  return t.tokenType === EOF ? 'the end of the file' : `\`${t.image}\``;
}

/** Chevrotain's messages rewritten in the project's voice (texts live in messages.ts). */
const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    expected === EOF ? M.trailingInput(describeToken(actual)) : M.expectedToken(tokenLabel(expected), describeToken(actual)),
  buildNotAllInputParsedMessage: ({ firstRedundant }) => M.trailingInput(describeToken(firstRedundant)),
  buildNoViableAltMessage: ({ actual, ruleName }) => M.unexpectedToken(describeToken(actual[0]!), ruleName),
  buildEarlyExitMessage: ({ actual, ruleName }) => M.unexpectedToken(describeToken(actual[0]!), ruleName),
};

/** Keyword patterns that open a statement or block, so they are never read as a name in an expression. */
function startsStatement(la: (i: number) => IToken): boolean {
  const t1 = la(1).tokenType;
  const t2 = la(2).tokenType;
  if (opensBlock(la)) return true;
  if (t1 === T.Let || t1 === T.Sweep) return tokenMatcher(la(2), T.Identifier) || t2 === T.LParen;
  if (t1 === T.Seeds) return t2 === T.Equals;
  if (t1 === T.Text) return t2 === T.TripleString || t2 === T.StringLiteral;
  return false;
}

/**
 * How deeply brackets, calls, prefix operators and `^` may nest. The parser recurses about ten
 * JavaScript frames per level (more while recovering from an error), so an explicit count stops
 * it well before the stack ends: the deepest spec in specs/ nests 4 levels.
 */
export const MAX_NESTING = 32;

/** Thrown (and caught in parseCst) when an expression nests deeper than MAX_NESTING. */
export class NestingTooDeep extends Error {
  constructor(readonly token: IToken) {
    super('expression nested too deeply');
  }
}

/** Keyword patterns that open a block (`model mlp {`, `train {`): they end the body of a block left open. */
function opensBlock(la: (i: number) => IToken): boolean {
  const t1 = la(1).tokenType;
  const named = [T.Experiment, T.Data, T.Model, T.Expect, T.Profile, T.Chart];
  if (named.includes(t1)) return tokenMatcher(la(2), T.Identifier) && la(3).tokenType === T.LBrace;
  return (t1 === T.Train || t1 === T.Measure || t1 === T.Report) && la(2).tokenType === T.LBrace;
}

export class LazyParser extends CstParser {
  /** Current nesting depth (see MAX_NESTING); reset before each parse. */
  nesting = 0;

  constructor(validate = false) {
    // Grammar validation (a third of building the parser at every command's start) runs in the
    // tests instead: test/lang/parser.test.ts builds it with `validate` and expects no errors.
    super(T.ALL_TOKENS, { recoveryEnabled: true, nodeLocationTracking: 'full', maxLookahead: 3, errorMessageProvider, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  public spec = this.RULE('spec', () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  public statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.experimentBlock) },
      { ALT: () => this.SUBRULE(this.letStatement) },
      { ALT: () => this.SUBRULE(this.sweepStatement) },
      { ALT: () => this.SUBRULE(this.seedsStatement) },
      { ALT: () => this.SUBRULE(this.dataBlock) },
      { ALT: () => this.SUBRULE(this.modelBlock) },
      { ALT: () => this.SUBRULE(this.trainBlock) },
      { ALT: () => this.SUBRULE(this.measureBlock) },
      { ALT: () => this.SUBRULE(this.expectBlock) },
      { ALT: () => this.SUBRULE(this.reportBlock) },
      { ALT: () => this.SUBRULE(this.profileBlock) },
    ]);
  });

  public experimentBlock = this.RULE('experimentBlock', () => {
    this.CONSUME(T.Experiment);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.settingsBody);
  });

  public letStatement = this.RULE('letStatement', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  public sweepStatement = this.RULE('sweepStatement', () => {
    this.CONSUME(T.Sweep);
    this.SUBRULE(this.sweepTarget);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  public sweepTarget = this.RULE('sweepTarget', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.CONSUME2(T.Identifier);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.CONSUME3(T.Identifier);
          });
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  public seedsStatement = this.RULE('seedsStatement', () => {
    this.CONSUME(T.Seeds);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  public dataBlock = this.RULE('dataBlock', () => {
    this.CONSUME(T.Data);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.settingsBody);
  });

  public modelBlock = this.RULE('modelBlock', () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.settingsBody);
  });

  public trainBlock = this.RULE('trainBlock', () => {
    this.CONSUME(T.Train);
    this.SUBRULE(this.settingsBody);
  });

  public measureBlock = this.RULE('measureBlock', () => {
    this.CONSUME(T.Measure);
    this.CONSUME(T.LBrace);
    this.MANY({ GATE: () => !opensBlock((i) => this.LA(i)), DEF: () => this.SUBRULE(this.measureItem) });
    this.CONSUME(T.RBrace);
  });

  public measureItem = this.RULE('measureItem', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.argumentList));
  });

  public expectBlock = this.RULE('expectBlock', () => {
    this.CONSUME(T.Expect);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.settingsBody);
  });

  public reportBlock = this.RULE('reportBlock', () => {
    this.CONSUME(T.Report);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.OR([
      { ALT: () => this.SUBRULE(this.chartItem) },
      { ALT: () => this.SUBRULE(this.textItem) },
    ]));
    this.CONSUME(T.RBrace);
  });

  public chartItem = this.RULE('chartItem', () => {
    this.CONSUME(T.Chart);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.settingsBody);
  });

  public textItem = this.RULE('textItem', () => {
    this.CONSUME(T.Text);
    this.OR([
      { ALT: () => this.CONSUME(T.TripleString) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
  });

  public profileBlock = this.RULE('profileBlock', () => {
    this.CONSUME(T.Profile);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY({
      GATE: () => !opensBlock((i) => this.LA(i)),
      DEF: () => this.OR([
        { ALT: () => this.SUBRULE(this.letStatement) },
        { ALT: () => this.SUBRULE(this.sweepStatement) },
        { ALT: () => this.SUBRULE(this.pathSetting) },
      ]),
    });
    this.CONSUME(T.RBrace);
  });

  public pathSetting = this.RULE('pathSetting', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  public settingsBody = this.RULE('settingsBody', () => {
    this.CONSUME(T.LBrace);
    this.MANY({ GATE: () => !opensBlock((i) => this.LA(i)), DEF: () => this.SUBRULE(this.setting) });
    this.CONSUME(T.RBrace);
  });

  public setting = this.RULE('setting', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpression);
    });
  });

  public andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.comparison);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.comparison);
    });
  });

  public comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.CONSUME(T.CompareOp);
      this.SUBRULE2(this.additive);
      this.OPTION2(() => {
        this.CONSUME(T.Within);
        this.SUBRULE3(this.additive);
        this.OPTION3(() => this.CONSUME(T.Percent));
      });
    });
  });

  public additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.CONSUME(T.AddOp);
      this.SUBRULE2(this.multiplicative);
    });
  });

  public multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(T.MulOp);
      this.SUBRULE2(this.unary);
    });
  });

  /** Runs one nesting level of the grammar, counting it (the counter is plain code, not grammar). */
  private nested(body: () => void): void {
    this.ACTION(() => {
      if (++this.nesting > MAX_NESTING) throw new NestingTooDeep(this.LA(1));
    });
    try {
      body();
    } finally {
      this.ACTION(() => this.nesting--);
    }
  }

  public unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => this.nested(() => {
          this.CONSUME(T.AddOp);
          this.SUBRULE(this.unary);
        }),
      },
      {
        ALT: () => this.nested(() => {
          this.CONSUME(T.Not);
          this.SUBRULE2(this.unary);
        }),
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  /** `^` binds tighter than unary minus on its left and is right-associative: -2^2 = -(2^2). */
  public power = this.RULE('power', () => {
    this.SUBRULE(this.atom);
    this.OPTION(() => this.nested(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE(this.unary);
    }));
  });

  public atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.TripleString) },
      { GATE: () => !startsStatement((i) => this.LA(i)), ALT: () => this.SUBRULE(this.reference) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.list) },
    ]);
  });

  public reference = this.RULE('reference', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.argumentList));
  });

  public parenthesized = this.RULE('parenthesized', () => this.nested(() => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  }));

  public list = this.RULE('list', () => this.nested(() => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY({
        GATE: () => !tokenMatcher(this.LA(2), T.RBracket),
        DEF: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.expression);
        },
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  }));

  public argumentList = this.RULE('argumentList', () => this.nested(() => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.argument);
      this.MANY({
        GATE: () => !tokenMatcher(this.LA(2), T.RParen),
        DEF: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.argument);
        },
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
  }));

  public argument = this.RULE('argument', () => {
    this.OR([
      {
        GATE: () => tokenMatcher(this.LA(2), T.Colon),
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.CONSUME(T.Colon);
          this.SUBRULE(this.expression);
        },
      },
      { ALT: () => this.SUBRULE2(this.expression) },
    ]);
  });
}

/** The one parser instance (Chevrotain parsers are meant to be reused). */
export const parser = new LazyParser();

export interface CstResult {
  /** Null when the parse stopped at a too-deep nesting (`tooDeep`). */
  cst: CstNode | null;
  errors: IRecognitionException[];
  /** The token that opened one nesting level too many, if any. */
  tooDeep: IToken | null;
}

export function parseCst(tokens: IToken[]): CstResult {
  parser.input = tokens;
  parser.nesting = 0;
  try {
    return { cst: parser.spec(), errors: [...parser.errors], tooDeep: null };
  } catch (e) {
    if (!(e instanceof NestingTooDeep)) throw e;
    // Chevrotain's rule exit adds "not all input parsed" as the exception unwinds: not a real error.
    const errors = parser.errors.filter((x) => x.name !== 'NotAllInputParsedException');
    return { cst: null, errors, tooDeep: e.token };
  }
}
