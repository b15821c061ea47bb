// Resolves a `data` block in one cell into a DataConfig (source, sizes, label scale, seed).

import type { DataBlock } from '../lang/ast.js';
import type { Activation, DataConfig, DataSource } from './cell.js';
import { ACTIVATIONS } from '../check/schema.js';
import { Collector, EvalError, type Scope } from './eval.js';
import { resolveNumber } from './values.js';
import { argumentSpan, resolveFamily } from './calls.js';
import { suggest } from './suggest.js';
import type { Span } from '../diagnostics.js';
import { settingOf } from './resolve-model.js';
import * as M from '../messages/index.js';

export const MNIST_SIZE = 10_000;
export const MNIST_DIM = 784;

export function resolveData(block: DataBlock, seed: number, csvDims: (path: string) => number | null, scope: Scope): DataConfig {
  const get = (k: string) => settingOf(block, k);
  const sourceExpr = get('source');
  if (!sourceExpr) throw new EvalError('E0402', M.blockNeeds('data', block.name, 'source'), block.nameSpan, M.settingExample('source'));
  const src = resolveFamily(sourceExpr, 'source', scope);
  const source = toSource(src.kind, src.args, (name, item) => argumentSpan(src.call, 'source', name, item));
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
  if (source.kind === 'mnist' || source.kind === 'csv') {
    if (dimExpr) throw new EvalError('E0405', M.dimFixed(source.kind), dimExpr.span, M.removeIt());
    dim = source.kind === 'mnist' ? MNIST_DIM : (csvDims(source.path) ?? 1);
  } else {
    if (!dimExpr) throw new EvalError('E0402', M.blockNeeds('data', block.name, 'dim'), block.nameSpan, M.settingExample('dim'));
    dim = resolveNumber(dimExpr, 'positiveInteger', 'dim', scope);
  }
  if (source.kind === 'mnist' && nTrain + nTest > MNIST_SIZE) {
    throw new EvalError('E0325', M.mnistTooSmall(MNIST_SIZE, nTrain + nTest), nTrainExpr.span, M.takeFewerExamples());
  }
  return {
    name: block.name,
    source,
    dim,
    nTrain,
    nTest,
    labelScale,
    seed: dataSeed,
  };
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
    default: return { kind: 'csv', path: a['path'] as string, label: a['label'] as string };
  }
}
