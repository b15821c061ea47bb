// Diagnostic texts of the parse stage (lexer and parser): syntax errors and their hints.

const RULE_NAMES: Record<string, string> = {
  spec: 'a statement',
  statement: 'a statement',
  experimentBlock: 'the experiment block',
  letStatement: 'a `let` binding',
  sweepStatement: 'a `sweep`',
  sweepTarget: 'the swept name',
  seedsStatement: 'the `seeds` statement',
  dataBlock: 'a `data` block',
  modelBlock: 'a `model` block',
  trainBlock: 'the `train` block',
  measureBlock: 'the `measure` block',
  measureItem: 'a measurement',
  expectBlock: 'an `expect` block',
  reportBlock: 'the `report` block',
  chartItem: 'a `chart`',
  textItem: 'a `text` block',
  profileBlock: 'a `profile`',
  pathSetting: 'a profile override',
  settingsBody: 'a block',
  setting: 'a setting',
  argumentList: 'an argument list',
  argument: 'an argument',
  list: 'a list',
};

const RULE_HINTS: Record<string, string> = {
  spec: 'a spec is made of `experiment`, `let`, `sweep`, `seeds`, `data`, `model`, `train`, `measure`, `expect`, `report` and `profile` statements',
  statement: 'a spec is made of `experiment`, `let`, `sweep`, `seeds`, `data`, `model`, `train`, `measure`, `expect`, `report` and `profile` statements',
  setting: 'a setting reads `name = value`, one per line',
  settingsBody: 'a block is `{` followed by `name = value` lines and `}`',
  letStatement: 'write `let name = expression`',
  sweepStatement: 'write `sweep m = [64, 128]` or `sweep (alpha, lr) = zip([1, 10], [0.1, 0.01])`',
  sweepTarget: 'write `sweep m = …` or `sweep (alpha, lr) = zip(…)`',
  seedsStatement: 'write `seeds = 5` or `seeds = [0, 1, 2]`',
  measureBlock: 'list one measurement per line, e.g. `train_loss` or `weight_change(per_layer: true)`',
  measureItem: 'list one measurement per line, e.g. `train_loss` or `weight_change(per_layer: true)`',
  reportBlock: 'a report holds `chart name { … }` and `text """…"""` items',
  textItem: 'write `text """markdown"""`',
  profileBlock: 'a profile holds `let`, `sweep` and `path.to.setting = value` overrides',
  pathSetting: 'an override reads `train.steps = 100` or `data.sphere.n_train = 64`',
  argumentList: 'arguments read `f(1, 2)` or `f(name: value)`, separated by commas',
  argument: 'arguments read `f(1, 2)` or `f(name: value)`, separated by commas',
  list: 'a list reads `[1, 2, 3]`',
};

export function ruleHint(rule: string): string {
  return (Object.hasOwn(RULE_HINTS, rule) ? RULE_HINTS[rule] : undefined) ?? 'an expression reads like `0.1 / tau^2` or `min(10, 0.1 / tau^2)`';
}

export const unterminatedString = (): string => 'unterminated string';
export const unterminatedTriple = (): string => 'unterminated """ block';
export const unexpectedCharacter = (ch: string): string => `unexpected character \`${ch}\``;
export function characterHint(ch: string): string {
  if (ch.startsWith("'")) return 'strings use double quotes: "…"';
  if (ch.startsWith(';')) return 'no semicolons: one setting per line';
  if (ch.startsWith('//')) return 'comments start with #';
  return 'remove it, or put text in "quotes"';
}
export const expectedToken = (expected: string, found: string): string => `expected ${expected} but found ${found}`;
export const trailingInput = (found: string): string => `unexpected ${found}: expected a statement`;
export const unexpectedToken = (found: string, rule: string): string =>
  `unexpected ${found} in ${(Object.hasOwn(RULE_NAMES, rule) ? RULE_NAMES[rule] : undefined) ?? 'an expression'}`;

// ── Limits of the parser ────────────────────────────────────────────────────────────────────
export const nestedTooDeeply = (limit: number): string => `expression nested too deeply (more than ${limit} levels)`;
export const nestedTooDeeplyHint = (): string => 'name inner parts with `let` bindings, e.g. `let inner = …`';
export const expressionTooLong = (limit: number): string => `expression too long (more than ${limit} operations inside one another)`;
export const unclosedBracket = (open: string): string => `unclosed \`${open}\``;
export const unclosedBracketHint = (close: string): string => `close it with \`${close}\``;
