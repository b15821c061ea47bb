// Diagnostic texts of the plan stage (src/plan): evaluation, typed values, constructor calls,
// sweeps and seeds, profiles, per-block resolution, and the size limit.

import type { ValueType } from '../check/schema.js';
import type { Family } from '../plan/calls.js';
import type { Value } from '../plan/eval.js';

/** A computed value as a message shows it. */
export function describeValue(v: Value): string {
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'string') return `the string "${v}"`;
  return String(v);
}

// ── Evaluation ──────────────────────────────────────────────────────────────────────────────

export const incompleteExpression = (): string => 'incomplete expression';
export const dependsOnItself = (name: string, path: readonly string[]): string =>
  `binding \`${name}\` depends on itself: ${path.join(' → ')}`;
export const unknownName = (name: string): string => `unknown name \`${name}\``;
export const defineNameHint = (): string => 'define it with `let` or `sweep`';
export const expectedNumber = (found: string): string => `expected a number, found ${found}`;
export const needsOneArgument = (callee: string): string => `\`${callee}\` needs at least one argument`;
export const unknownFunction = (name: string): string => `unknown function \`${name}\``;
export const zipTakesLists = (): string => '`zip` takes lists';
export const zipTakesListsHint = (): string => 'zip([1, 10], [0.1, 0.01])';
export const zipLengths = (a: number, b: number): string => `\`zip\` lists differ in length: ${a} and ${b}`;
export const zipLengthsHint = (): string => 'values that move together need lists of equal length';
export const rangeZeroStep = (): string => '`range` step must be a non-zero number';
export const rangeTooLong = (count: number): string => `\`range\` makes ${count} values`;
export const atMost = (max: number): string => `at most ${max}`;
export const badCount = (callee: string, count: number): string => `\`${callee}\` count must be a positive integer, found ${count}`;

// ── Typed values and call arguments ─────────────────────────────────────────────────────────

const RANGE_TEXT: Partial<Record<ValueType, string>> = {
  integer: 'an integer',
  positive: 'a number > 0',
  positiveInteger: 'a positive integer',
  nonNegative: 'a number ≥ 0',
  probability: 'a probability in [0, 1]',
};

export const notFinite = (what: string, x: number): string => `${what} is ${x}`;
export const notFiniteHint = (): string => 'the expression gives NaN or Infinity here (a division by zero, log of a negative, or an overflow?)';
export const outOfRange = (what: string, type: ValueType, x: number): string => `${what} must be ${RANGE_TEXT[type]}, found ${x}`;
export const mustBeNumber = (what: string, found: string): string => `${what} must be a number, found ${found}`;
export const mustBeBoolean = (what: string, found: string): string => `${what} must be true or false, found ${found}`;
export const mustBeList = (what: string, found: string): string => `${what} must be a list, found ${found}`;
export const listExample = (): string => 'e.g. [64, 128]';
export const mustHoldNumbers = (what: string, found: string): string => `${what} must hold numbers, found ${found}`;
/** `width 2`: the n-th item (from 1) of a list of several. */
export const listItem = (what: string, n: number): string => `${what} ${n}`;
/** `` `gd` lr ``: one argument of a call. */
export const callArgument = (callee: string, name: string): string => `\`${callee}\` ${name}`;
export const tooManyPositional = (callee: string, count: number): string =>
  `\`${callee}\` takes ${count} positional argument${count === 1 ? '' : 's'}`;
export const nameTheArgument = (names: readonly string[]): string => `name the argument: ${names.join(', ')}`;
export const unknownArgument = (callee: string, name: string): string => `\`${callee}\` has no argument \`${name}\``;
export const knownArguments = (names: readonly string[]): string => `arguments: ${names.join(', ') || 'none'}`;
export const argumentTwice = (name: string): string => `argument \`${name}\` given twice`;

// ── Constructor calls ───────────────────────────────────────────────────────────────────────

const FAMILY_WHAT: Record<Family, string> = {
  source: 'data kind',
  init: 'initialization',
  optimizer: 'optimizer',
  schedule: 'lr schedule',
  log: 'log schedule',
  layer: 'layer',
  augment: 'augmentation',
  theory: 'theory overlay',
};

/** What a member of a call family is called in a message (`optimizer`, `data kind`). */
export const familyWhat = (family: Family): string => FAMILY_WHAT[family];
export const expectedFamilyCall = (family: Family, example: string): string =>
  `expected a ${FAMILY_WHAT[family]} such as \`${example}(…)\``;

// ── Sweeps and seeds ────────────────────────────────────────────────────────────────────────

export const sweepName = (label: string): string => `sweep \`${label}\``;
export const sweepHoldsNonScalar = (label: string, found: string): string =>
  `sweep \`${label}\` holds ${found}; expected numbers or strings`;
export const sweepListHint = (): string => 'e.g. [64, 128], range(…), linspace(…), logspace(…) or zip(…)';
export const sweepEmpty = (label: string): string => `sweep \`${label}\` is empty`;
export const sweepEmptyHint = (): string => 'give at least one value';
export const sweepTuples = (label: string, n: number): string => `sweep (${label}) needs tuples of ${n} values`;
export const sweepTuplesHint = (n: number): string => `use zip with ${n} lists`;
export const badSeedCount = (v: number): string => `seeds must be a positive count, found ${v}`;
export const seedsEmpty = (): string => 'seeds is empty';
export const seedsEmptyHint = (): string => 'e.g. seeds = 5 or seeds = [0, 1, 2]';
export const badSeed = (found: string): string => `a seed must be a non-negative integer, found ${found}`;
export const seedTwice = (seed: number): string => `seed ${seed} is listed twice`;
export const firstListedAsItem = (n: number): string => `first listed as item ${n}`;

// ── Profiles ────────────────────────────────────────────────────────────────────────────────

export const unknownProfile = (name: string): string => `unknown profile \`${name}\``;
export const noProfiles = (): string => 'this spec defines no profile';
export const noBlockNamed = (kind: string, name: string): string => `no ${kind} block named \`${name}\``;
export const cannotOverride = (path: readonly string[]): string => `cannot override \`${path.join('.')}\``;
export const overridePathHint = (): string =>
  'override `seeds`, `train.KEY`, `data.NAME.KEY`, `model.NAME.KEY` or `expect.NAME.KEY`, or use `let`/`sweep`';

// ── Cells: data, model, train and measure blocks ────────────────────────────────────────────

const SETTING_EXAMPLES: Record<string, string> = {
  source: 'source = teacher_student(teacher_width: 3)',
  n_train: 'n_train = 1000',
  dim: 'dim = 10',
  hidden: 'hidden = [m]',
  optimizer: 'optimizer = gd(lr: 0.1)',
  steps: 'steps = 1000',
  stop: 'stop = train_loss <= 0.005',
};

/** Where a value went bad, when not every cell has it: ` (in the cell m = 0, lr = -1)`. */
export function inCell(values: Record<string, number | string>): string {
  const parts = Object.entries(values).map(([k, v]) => `${k} = ${v}`);
  return parts.length ? ` (in the cell ${parts.join(', ')})` : '';
}
export const settingExample = (key: string): string => `e.g. ${SETTING_EXAMPLES[key]}`;
export const blockNeeds = (kind: string, name: string, key: string): string => `${kind} \`${name}\` needs \`${key}\``;
export const dimFixed = (kind: string): string => `\`dim\` is fixed by ${kind} data`;
export const mnistTooSmall = (size: number, n: number): string => `mnist ships ${size} digits, n_train + n_test = ${n}`;
export const takeFewerExamples = (): string => 'take fewer examples';
export const badMnistClass = (c: number | undefined): string => `mnist classes are digits 0…9, found ${c}`;
export const mnistTwoClasses = (): string => 'mnist needs at least two distinct classes';
export const noHiddenLayer = (model: string): string => `model \`${model}\` has no hidden layer`;
export const noHiddenLayerHint = (): string => 'give at least one width, e.g. [m]';
export const symmetrizedOddWidth = (width: number | undefined): string => `symmetrized init needs an even last width, found ${width}`;
export const symmetrizedOddWidthHint = (): string => 'hidden units come in pairs';
export const customNeedsMultipliers = (): string => 'parameterization = custom needs `multipliers`';
export const onePerLayer = (layers: number): string => `one per layer: ${layers} numbers`;
export const multiplierCount = (model: string, layers: number, given: number): string =>
  `model \`${model}\` has ${layers} layers but ${given} multipliers`;
export const multipliersNeedCustom = (): string => '`multipliers` only apply with parameterization = custom';
export const setCustom = (): string => 'set parameterization = custom';
export const initCount = (layers: number, given: number): string => `${layers} layers but ${given} inits`;
export const uniformBounds = (low: number, high: number): string => `uniform(${low}, ${high}) needs low < high`;
export const nestedWrapper = (kind: string): string => `\`${kind}\` wraps a distribution and cannot be nested here`;
export const nestedWrapperHint = (): string => 'write symmetrized(normal(std: tau))';
export const trainNeedsOptimizer = (): string => 'the train block needs `optimizer`';
export const trainNeedsSteps = (): string => 'the train block needs `steps` or `epochs`';
export const batchTooLarge = (batch: number, nTrain: number): string => `batch ${batch} is larger than the ${nTrain} training examples`;
export const batchTooLargeHint = (nTrain: number): string => `use batch ≤ ${nTrain}`;
export const stepsAndEpochs = (): string => 'give `steps` or `epochs`, not both';
export const removeOne = (): string => 'remove one';
export const badStop = (): string => 'stop condition must read `train_loss <= ε`';
export const everyNeedsCount = (): string => '`every` needs a step count';

// ── The size limit and the spec file ────────────────────────────────────────────────────────

/** 2973 → "2,973", as toLocaleString('en-US') writes an integer, without the ~50 ms ICU start-up. */
export const groupThousands = (k: number): string => String(k).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** `2 cells, 20 steps, 1.2 MFLOP, peak 3.3 KiB per cell`: a plan's size, in E0501 and in the CLI's summaries. */
export function costSummary(cells: number, steps: number, flops: string, peakBytes: string): string {
  const n = (k: number, word: string) => `${groupThousands(k)} ${word}${k === 1 ? '' : 's'}`;
  return `${n(cells, 'cell')}, ${n(steps, 'step')}, ${flops}, peak ${peakBytes} per cell`;
}
export const flopsOverLimit = (flops: string, limit: string): string => `${flops} is above the ${limit} limit`;
export const memoryOverLimit = (bytes: string, limit: string): string => `a cell needs ${bytes}, above the ${limit} limit`;
/** A layered cell whose training step the wasm backend's heap cannot hold (src/plan/memory.ts). */
export const wasmHeapTooSmall = (model: string, batch: number, step: string, heap: string, limit: string): string =>
  `model ${model} at batch ${batch} needs about ${step} of tensors (data, parameters, and a training step or an evaluation chunk), ${heap} of wasm heap with the backend's overhead, above the wasm backend's ${limit} limit`;
export const wasmHeapTooSmallHint = (fits: number): string =>
  `${fits >= 1 ? `a batch of ${fits} would fit; ` : ''}lower the batch or the channel counts (a widening factor), or pass --force to plan it for a backend without this limit (tensorflow)`;
export const planTooLarge = (cost: string, over: string): string => `the plan is too large: ${cost}; ${over}`;
/** Names a profile the spec really has, or asks for one. */
export function planTooLargeHint(smallerProfile: string | undefined): string {
  const smaller = smallerProfile !== undefined ? `use a smaller profile (--profile ${smallerProfile})` : 'add a smaller `profile` to the spec';
  return `${smaller}, or pass --force to run it anyway`;
}
export const cannotReadSpec = (reason: string): string => `cannot read the spec: ${reason}`;

// ── Limits of evaluation and of the plan's size ─────────────────────────────────────────────
export const evaluationTooDeep = (limit: number): string => `expression nested too deeply through its bindings (more than ${limit} levels)`;
export const evaluationTooDeepHint = (): string => 'shorten the chain of `let` bindings that refer to one another';
/** `1,000 m` or `5 seeds`: one factor of the grid's size. */
export const gridFactor = (size: number, what: string): string => `${size.toLocaleString('en-US')} ${what}`;
export function tooManyCells(cells: number, factors: readonly string[], limit: number): string {
  const n = cells < 1e15 ? cells.toLocaleString('en-US') : cells.toExponential(1);
  const product = factors.length > 1 ? ` (${factors.join(' × ')})` : '';
  return `the plan would have ${n} cells${product}, above the limit of ${limit.toLocaleString('en-US')}`;
}
/** Names a profile the spec really has, when it has another one. */
export function tooManyCellsHint(smallerProfile?: string): string {
  const profile = smallerProfile !== undefined ? `use a smaller profile (--profile ${smallerProfile})` : 'add a smaller `profile`';
  return `sweep fewer values or seeds, ${profile}, or pass --force to plan it anyway`;
}
export const tooManyCellsEvenForcedHint = (): string => 'sweep fewer values or seeds, or split the sweep into profiles: a grid this large cannot be planned, even with --force';
export const sweptValues = (names: readonly string[]): string => `values of ${names.join(', ')}`;
export const tooManyLayers = (model: string, layers: number, limit: number): string =>
  `model \`${model}\` has ${layers.toLocaleString('en-US')} hidden layers, more than the limit of ${limit.toLocaleString('en-US')}`;
