// Diagnostic texts of the check stage (src/check): structure, names, claims, charts, literal
// settings and measurement fit; also the hints the planner shares with it (did you mean …?).

import type * as A from '../lang/ast.js';

// ── Shared hints (checker and planner) ──────────────────────────────────────────────────────

export const didYouMean = (name: string): string => `did you mean \`${name}\`?`;
export const oneOf = (values: readonly string[]): string => `one of: ${values.join(', ')}`;
/** `settings: a, b, c`, `charts: …`, `models: …`: the names a place knows. */
export const knownNames = (what: string, names: readonly string[]): string => `${what}: ${names.join(', ')}`;
/** `unknown activation \`tanhh\``; a value that is no word reads as `otherwise`. */
export const unknownWord = (what: string, word: string | null, otherwise = 'this value'): string =>
  `unknown ${what} ${word === null ? otherwise : `\`${word}\``}`;
export const unknownSetting = (key: string, block: string): string => `unknown setting \`${key}\` in ${block}`;
export const unknownMeasurement = (name: string): string => `unknown measurement \`${name}\``;
export const bindingCycleHint = (): string => 'break the cycle with a number or a swept value';
export const mustBeString = (what: string, found: string): string => `${what} must be a "string", found ${found}`;
export const needsArgument = (callee: string, name: string): string => `\`${callee}\` needs its \`${name}\` argument`;
export const needsArgumentHint = (callee: string, name: string): string => `e.g. ${callee}(${name}: …)`;
export const removeIt = (): string => 'remove it';

// ── Structure: blocks, duplicate names, settings, measurements ──────────────────────────────

const BLOCK_EXAMPLES: Record<string, string> = {
  experiment: 'experiment NAME { title = "…" }',
  train: 'train { optimizer = gd(lr: 0.1)  steps = 1000 }',
  data: 'data NAME { source = … }',
  model: 'model NAME { hidden = [m] }',
};

export const missingBlock = (kind: string): string => `the spec has no \`${kind}\` block`;
export const missingBlockHint = (kind: string): string => `add \`${BLOCK_EXAMPLES[kind]}\``;
export const secondBlock = (kind: string): string => `a second \`${kind}\` ${kind === 'seeds' ? 'statement' : 'block'}`;
export const oneBlockOnly = (kind: string): string => `a spec has one \`${kind}\` block; merge them`;
export const mergeIntoOne = (): string => 'merge them into one';
export const nameDefinedTwice = (name: string): string => `\`${name}\` is defined twice`;
export const firstDefinedAs = (kind: 'let' | 'sweep', line: number): string =>
  `first defined as ${kind === 'let' ? 'a binding' : 'a swept variable'} on line ${line}`;
export const blockDefinedTwice = (kind: string, name: string): string => `${kind} \`${name}\` is defined twice`;
export const firstDefinedOnLine = (line: number): string => `first defined on line ${line}`;
export const settingSetTwice = (key: string): string => `\`${key}\` is set twice`;
export const firstSetOnLine = (line: number): string => `first set on line ${line}`;
export const missingSetting = (block: string, key: string): string => `${block} is missing \`${key}\``;
export const missingSettingHint = (key: string, doc: string): string => `add \`${key} = …\` (${doc})`;
export const missingStepsOrEpochs = (): string => 'train is missing `steps` or `epochs`';
export const missingStepsOrEpochsHint = (): string => 'add `steps = 1000`';
export const measurementListedTwice = (name: string): string => `measurement \`${name}\` is listed twice`;
export const firstListedOnLine = (line: number): string => `first listed on line ${line}`;

// ── Names: cycles, unused names, names in charts and claims ─────────────────────────────────

export const bindingCycle = (path: readonly string[]): string => `bindings form a cycle: ${path.join(' → ')}`;
export const unusedBinding = (name: string): string => `binding \`${name}\` is never used`;
export const unusedBindingHint = (): string => 'remove it, or use it in a setting';
export const unusedSweep = (name: string): string => `swept variable \`${name}\` is never used`;
export const unusedSweepHint = (): string => 'cells that differ only by it train the same network';
/** Where a name is used, as `checkName` reports it. */
export const inClaim = (): string => 'a claim';
export const inChart = (name: string): string => `chart \`${name}\``;
export const notMeasured = (where: string, name: string): string => `${where} uses \`${name}\`, which is not measured`;
export const addToMeasure = (measurement: string): string => `add \`${measurement}\` to the measure block`;
export const unknownNameIn = (name: string, where: string): string => `unknown name \`${name}\` in ${where}`;
export const plottableNameHint = (): string => 'use a swept variable, `step`, `model`, `seed`, or a measurement';
export const unknownClaimFunction = (name: string): string => `unknown function \`${name}\` in a claim`;
export function claimArgumentCount(callee: string, min: number, max: number, found: number): string {
  return `\`${callee}\` takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, found ${found}`;
}
export const unknownBlockInClaim = (kind: string, name: string): string => `unknown ${kind} \`${name}\` in a claim`;
export const badLayer = (): string => 'a layer is a positive integer (1 = the first layer)';
export const badLayerHint = (): string => 'e.g. slope(weight_change, m, layer: 1)';

// ── Expectations and charts ─────────────────────────────────────────────────────────────────

export const claimNotStatement = (): string => 'a claim must be a comparison or decreasing(…)/increasing(…)';
export const claimNotStatementHint = (): string => 'e.g. slope(weight_change, m) == -0.5 within 0.1';
export const figureNotChart = (name: string): string => `figure \`${name}\` is not a chart of the report`;
export const addChart = (): string => 'add a chart to the report';
export const chartAxisNotName = (key: string): string => `chart \`${key}\` must be a name`;
export const chartAxisNotNameHint = (): string => 'e.g. x = m';
export const chartAxisNotExpr = (key: string): string => `chart \`${key}\` must be a name or an arithmetic expression of swept values and measurements`;
export const chartAxisNotExprHint = (): string => 'e.g. x = alpha * sqrt(m), y = 1 - test_accuracy';
export const chartAxisFunction = (name: string): string => `\`${name}\` cannot be used in a chart axis`;
export const chartAxisFunctionHint = (names: readonly string[]): string => `an axis may use ${names.join(', ')}`;
export const heatmapAxisNotName = (key: string): string => `a heatmap's \`${key}\` must name a swept variable`;
export const heatmapAxisNotNameHint = (): string => 'draw an expression of the axes with theory = isolines(…)';
export const badLogAxis = (): string => 'log axes are `x` and `y`';
export const badLogAxisHint = (): string => 'e.g. log = [x, y]';
export const unknownTheory = (name: string | null): string => `unknown theory overlay${name ? ` \`${name}\`` : ''}`;

// ── Literal settings (experiment, expect, chart) ────────────────────────────────────────────

/** A written expression as a message shows it. */
export function describeExpr(e: A.Expr): string {
  switch (e.kind) {
    case 'number': return e.raw;
    case 'ref': return `\`${e.name}\``;
    case 'list': return 'a list';
    case 'call': return `\`${e.callee}(…)\``;
    default: return 'an expression';
  }
}
/** `chart \`title\``, `expect \`says\``: a setting of a block kind. */
export const blockSetting = (kind: string, key: string): string => `${kind} \`${key}\``;
export const stringExample = (key: string): string => `e.g. ${key} = "…"`;
export const mustBeStringList = (what: string, found: string): string => `${what} must be a list of "strings", found ${found}`;
export const stringListExample = (key: string): string => `e.g. ${key} = ["…"]`;
/** What an unknown word is of: the enum setting itself (`band`), or a setting that may also name a binding. */
export const enumWhat = (key: string, orRef: boolean): string => (orRef ? `\`${key}\` value` : key);

// ── Measurement fit ─────────────────────────────────────────────────────────────────────────

export const profileMark = (profile: string): string => ` [profile ${profile}]`;
export const measurementMisfit = (measurement: string, model: string): string =>
  `measurement \`${measurement}\` does not fit model \`${model}\``;
export const analyticKernelActivation = (model: string, activation: string): string =>
  `the analytic kernel exists for relu and erf, and model \`${model}\` uses ${activation}`;
export const analyticKernelParameterization = (model: string, parameterization: string): string =>
  `the analytic kernel is for NTK parameterization, and model \`${model}\` uses ${parameterization}`;
export const activationPatternsNeedRelu = (model: string, activation: string): string =>
  `activation patterns are defined for relu, and model \`${model}\` uses ${activation}`;
export const kappaNeedsSquareLoss = (model: string, loss: string): string =>
  `κ is defined for the square loss, and model \`${model}\` trains with ${loss}`;
export const infiniteNeedsMse = (model: string, loss: string): string =>
  `the infinite-width dynamics are kernel regression for the square loss, and model \`${model}\` trains with ${loss}`;
export const infiniteNeedsGd = (model: string, optimizer: string): string =>
  `the infinite-width dynamics are for full-batch gradient descent (gd), and model \`${model}\` trains with ${optimizer}`;
export const infiniteNeedsScalarHead = (model: string, head: string): string =>
  `the infinite-width dynamics are for a scalar (identity) output, and model \`${model}\` has a ${head} head`;
export const infiniteTooManyPoints = (n: number, max: number): string =>
  `the infinite-width dynamics need an n × n kernel and its eigendecomposition; n_train = ${n} is above ${max}`;
export const infiniteNoAnalyticLimit = (model: string, reason: string): string =>
  `model \`${model}\` has no analytic infinite-width NTK here: ${reason}`;

// ── Claim range filters and controls (issue 10) ─────────────────────────────────────────────

export const rangeFilterShape = (): string => 'a range filter compares a swept variable with a number';
export const rangeFilterHint = (): string => 'e.g. slope(test_error, atilde, atilde >= 1) or mean(test_loss, tau >= 1.34, tau <= 10)';
export const rangeFilterNotSwept = (name: string): string => `range filter on \`${name}\`, which is not a swept variable`;
export const sweptNamesHint = (names: string[]): string =>
  names.length ? `swept variables: ${names.map((n) => `\`${n}\``).join(', ')}` : 'the spec sweeps no variable; add a `sweep`';
export const rangeFilterTolerance = (): string => 'a range filter takes no `within` tolerance';
export const unknownControlTarget = (name: string): string => `\`control\` names \`${name}\`, which is not an expect block`;
export const controlOfItself = (name: string): string => `expect \`${name}\` is named as a control of itself`;
export const controlHint = (names: string[]): string =>
  names.length ? `controls protect another expectation: ${names.map((n) => `\`${n}\``).join(', ')}` : 'add the expect block this control protects';
export const booleanExample = (key: string): string => `e.g. ${key} = true`;
export const controlNotName = (found: string): string => `\`control\` names the expect block it protects, found ${found}`;
export const controlUnquoted = (name: string): string => `a name, not a string: control = ${name}`;
