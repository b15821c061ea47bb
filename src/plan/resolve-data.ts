// Resolves a `data` block in one cell into a DataConfig (source, sizes, label scale, seed).
// A CSV source is checked against the file itself (readable, a numeric table, the label column
// exists, enough rows) and carries the sha256 of its bytes, so the cell's hash covers its content.

import type { DataBlock, Expr } from '../lang/ast.js';
import type { Activation, AugmentConfig, DataConfig, DataSource, Loss } from './cell.js';
import { ACTIVATIONS } from '../check/schema.js';
import { Collector, EvalError, type Scope } from './eval.js';
import { resolveNumber } from './values.js';
import { argumentSpan, asCall, resolveFamily } from './calls.js';
import { suggest } from './suggest.js';
import type { Span } from '../diagnostics.js';
import { settingOf } from './resolve-model.js';
import * as M from '../messages/index.js';
import { MNIST_BASELINE_VERSION, type DataFiles } from './data-files.js';

export const MNIST_SIZE = 10_000;
export const MNIST_DIM = 784;
export const CIFAR_DIM = 32 * 32 * 3;

/** What the planner knows of the files a cell reads (see data-files.ts); `csvDims` is the older, header-only view. */
export interface DataInputs {
  files?: DataFiles;
  csvDims?: (path: string) => number | null;
}

export function resolveData(block: DataBlock, seed: number, inputs: DataInputs, scope: Scope): DataConfig {
  const get = (k: string) => settingOf(block, k);
  const sourceExpr = get('source');
  if (!sourceExpr) throw new EvalError('E0402', M.blockNeeds('data', block.name, 'source'), block.nameSpan, M.settingExample('source'));
  const src = resolveFamily(sourceExpr, 'source', scope);
  const at = (name: string, item?: number): Span => argumentSpan(src.call, 'source', name, item);
  let source = toSource(src.kind, src.args, at);
  const nTrainExpr = get('n_train');
  if (!nTrainExpr) throw new EvalError('E0402', M.blockNeeds('data', block.name, 'n_train'), block.nameSpan, M.settingExample('n_train'));
  // The sizes, scale and seed resolve on their own, so every bad one is reported.
  const c = new Collector();
  const nTrain = c.take(() => resolveNumber(nTrainExpr, 'positiveInteger', 'n_train', scope), 1);
  const nTest = get('n_test') ? c.take(() => resolveNumber(get('n_test')!, 'nonNegative', 'n_test', scope), 0) : 0;
  const labelScale = get('label_scale') ? c.take(() => resolveNumber(get('label_scale')!, 'number', 'label_scale', scope), 1) : 1;
  const dataSeed = get('seed') ? c.take(() => resolveNumber(get('seed')!, 'integer', 'data seed', scope), seed) : seed;
  c.done();
  const dimExpr = get('dim');
  let dim: number;
  if (source.kind === 'mnist' || source.kind === 'csv' || source.kind === 'cifar10') {
    if (dimExpr) throw new EvalError('E0405', M.dimFixed(source.kind), dimExpr.span, M.removeIt());
    dim = source.kind === 'mnist' ? MNIST_DIM : source.kind === 'cifar10' ? CIFAR_DIM : (inputs.csvDims?.(source.path) ?? 1);
  } else {
    if (!dimExpr) throw new EvalError('E0402', M.blockNeeds('data', block.name, 'dim'), block.nameSpan, M.settingExample('dim'));
    dim = resolveNumber(dimExpr, 'positiveInteger', 'dim', scope);
  }
  if (source.kind === 'mnist' && nTrain + nTest > MNIST_SIZE) {
    throw new EvalError('E0325', M.mnistTooSmall(MNIST_SIZE, nTrain + nTest), nTrainExpr.span, M.takeFewerExamples());
  }
  if (source.kind === 'csv' && inputs.files) {
    const read = readCsv(source, inputs.files, at, nTrain + nTest, nTrainExpr.span);
    source = read.source;
    dim = read.dim;
  }
  if (source.kind === 'cifar10' && inputs.files) {
    source = readCifar(source, inputs.files, at, { nTrain, nTest }, { nTrain: nTrainExpr.span, nTest: get('n_test')?.span ?? nTrainExpr.span });
  }
  if (source.kind === 'mnist' && inputs.files?.mnistVersion && inputs.files.mnistVersion !== MNIST_BASELINE_VERSION) {
    source = { ...source, version: inputs.files.mnistVersion };
  }
  const augment = get('augment') ? resolveAugment(get('augment')!, source, scope) : undefined;
  return {
    name: block.name,
    source,
    dim,
    nTrain,
    nTest,
    labelScale,
    seed: dataSeed,
    ...(augment ? { augment } : {}),
  };
}

/** `augment = crop_flip(padding: 4)`: image data only (mnist, cifar10); padding in whole pixels. `none`: as if unset. */
function resolveAugment(e: Expr, source: DataSource, scope: Scope): AugmentConfig | undefined {
  const r = resolveFamily(e, 'augment', scope);
  if (r.kind === 'none') return undefined;
  if (source.kind !== 'mnist' && source.kind !== 'cifar10') {
    throw new EvalError('E0348', M.augmentNeedsImages(source.kind), e.span, M.augmentNeedsImagesHint());
  }
  const padding = r.args['padding'] as number;
  if (!Number.isInteger(padding)) throw new EvalError('E0311', M.augmentPaddingInteger(padding), argumentSpan(r.call, 'augment', 'padding'));
  return { kind: 'crop_flip', padding, flip: r.args['flip'] as boolean };
}

type CsvSource = Extract<DataSource, { kind: 'csv' }>;

/** Classes the data has, for a softmax head's output count: mnist's digits, cifar10's classes, a generator's, a CSV label column's (at least 2). */
export function dataClasses(d: DataConfig | null, files: DataFiles | undefined): number {
  if (!d) return 2;
  const s = d.source;
  if (s.kind === 'mnist' || s.kind === 'cifar10') return s.classes.length;
  if ('classes' in s) return s.classes;
  if (s.kind !== 'csv' || !files) return 2;
  const found = files.csv(s.path);
  return (found.ok ? found.classes[s.label] : null) ?? 2;
}

/**
 * Labels the loss cannot use (known from the file before training; the engine would throw):
 * bce and cross-entropy need class labels, bce at most two, a multi-output model one output per class.
 */
export function checkCsvLabels(block: DataBlock, d: DataConfig, loss: Loss, outputDim: number, files: DataFiles | undefined): void {
  const s = d.source;
  if (s.kind !== 'csv' || !files) return;
  const found = files.csv(s.path);
  if (!found.ok || !(s.label in found.classes)) return;
  const classes = found.classes[s.label]!;
  const call = asCall(settingOf(block, 'source')!)!;
  const span = argumentSpan(call, 'source', 'label');
  if (classes === null) {
    if (loss !== 'mse') throw new EvalError('E0345', M.csvLabelsNotClasses(s.path, s.label, loss), span, M.csvLabelsNotClassesHint());
    return;
  }
  const limit = loss === 'bce' ? 2 : loss === 'cross_entropy' || outputDim > 1 ? outputDim : Infinity;
  if (classes > limit) throw new EvalError('E0346', M.csvTooManyClasses(s.path, s.label, classes, outputDim, loss), span, M.csvTooManyClassesHint(loss));
}

type CifarSource = Extract<DataSource, { kind: 'cifar10' }>;

/** Check a CIFAR-10 folder: its files readable, enough images of the chosen classes per split; the source gains their sha256. */
function readCifar(source: CifarSource, files: DataFiles, at: (name: string) => Span, n: { nTrain: number; nTest: number }, spans: { nTrain: Span; nTest: Span }): CifarSource {
  const found = files.cifar(source.path);
  if (!found.ok) throw new EvalError('E0347', M.cifarUnreadable(source.path, found.problem), at('path'), M.cifarHint(files.where(source.path)));
  const have = (split: number[]): number => source.classes.reduce((sum, c) => sum + split[c]!, 0);
  for (const split of ['train', 'test'] as const) {
    const need = split === 'train' ? n.nTrain : n.nTest, held = have(found[split]);
    const setting = split === 'train' ? 'n_train' : 'n_test';
    if (held < need) throw new EvalError('E0350', M.cifarTooFew(source.path, split, source.classes, need, held), split === 'train' ? spans.nTrain : spans.nTest, M.cifarTooFewHint(setting, held));
  }
  return { ...source, sha256: found.sha256 };
}

/** Check a CSV source against its file; the source gains the file's sha256, the dimension is its feature count. */
function readCsv(source: CsvSource, files: DataFiles, at: (name: string) => Span, need: number, nSpan: Span): { source: CsvSource; dim: number } {
  const found = files.csv(source.path);
  if (!found.ok && 'unreadable' in found) {
    throw new EvalError('E0340', M.csvUnreadable(source.path, found.unreadable), at('path'), M.csvUnreadableHint(files.where(source.path)));
  }
  if (!found.ok) throw new EvalError('E0341', M.csvMalformed(source.path, found.defect), at('path'), M.csvMalformedHint());
  if (!found.header.includes(source.label)) {
    const near = suggest(source.label, found.header);
    throw new EvalError('E0342', M.csvNoLabel(source.path, source.label), at('label'), near ? M.didYouMean(near) : M.csvColumnsHint(found.header));
  }
  if (found.header.length < 2) throw new EvalError('E0343', M.csvNoFeatures(source.path), at('path'), M.csvColumnsHint(found.header));
  if (found.rows < need) throw new EvalError('E0344', M.csvTooFewRows(source.path, need, found.rows), nSpan, M.csvTooFewRowsHint(found.rows));
  return { source: { ...source, sha256: found.sha256 }, dim: found.header.length - 1 };
}

/** `at(name)` is the span of an argument, so a bad one is pointed at exactly. */
function toSource(kind: string, a: Record<string, unknown>, at: (name: string, item?: number) => Span): DataSource {
  switch (kind) {
    case 'gaussian': return { kind, std: a['std'] as number, classes: a['classes'] as number };
    case 'uniform': return { kind, low: a['low'] as number, high: a['high'] as number, classes: a['classes'] as number };
    case 'teacher_student': {
      const act = String(a['teacher_activation']);
      if (!(ACTIVATIONS as readonly string[]).includes(act)) {
        const near = suggest(act, ACTIVATIONS);
        throw new EvalError('E0203', M.unknownWord('activation', act), at('teacher_activation'), near ? M.didYouMean(near) : M.oneOf(ACTIVATIONS));
      }
      return { kind, teacherWidth: a['teacher_width'] as number, teacherActivation: act as Activation };
    }
    case 'mnist': {
      const classes = a['classes'] as number[];
      const bad = classes.findIndex((c) => !Number.isInteger(c) || c < 0 || c > 9);
      if (bad >= 0) throw new EvalError('E0311', M.badMnistClass(classes[bad]), at('classes', bad));
      if (new Set(classes).size < 2) throw new EvalError('E0326', M.mnistTwoClasses(), at('classes'));
      return { kind, classes };
    }
    case 'cifar10': {
      const classes = a['classes'] as number[];
      const bad = classes.findIndex((c) => !Number.isInteger(c) || c < 0 || c > 9);
      if (bad >= 0) throw new EvalError('E0311', M.badCifarClass(classes[bad]), at('classes', bad));
      if (new Set(classes).size < 2) throw new EvalError('E0326', M.cifarTwoClasses(), at('classes'));
      return { kind, path: a['path'] as string, classes, normalize: a['normalize'] as boolean };
    }
    default: return { kind: 'csv', path: a['path'] as string, label: a['label'] as string };
  }
}
