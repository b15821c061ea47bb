// Data stage: draws or reads a cell's samples and encodes its targets for the loss.
//
//   DataConfig ─draw/read→ RawSamples ─split→ train/test ─encode(loss, head)→ Dataset
//
// Target encoding (documented in RESULTS.md): mse → real values × labelScale (teacher or CSV
// value; two classes → ±1; more classes with several outputs → one-hot); bce → {0, 1};
// cross_entropy → one-hot. Class indexes are kept for accuracies.

import type { DataConfig, Loss } from '../../plan/cell.js';
import { loadCsv } from './csv.js';
import { loadCifar } from './cifar.js';
import { loadMnist } from './mnist.js';
import { concatSamples, sliceSamples, type RawSamples } from './raw.js';
import { generateRandomLabels, generateTeacherStudent } from './synthetic.js';

/** One split, ready for training: float32 features and encoded targets. */
export interface Split {
  n: number;
  /** n × dim, row-major. */
  x: Float32Array;
  /** n × outputDim targets as the loss sees them. */
  y: Float32Array;
  /** Class index per sample, or null for regression data. */
  classes: Int32Array | null;
}

export interface Dataset {
  dim: number;
  outputDim: number;
  train: Split;
  test: Split;
}

/** Draw (or read) nTrain + nTest samples; the test set is the last nTest rows. */
export function drawSamples(config: DataConfig): RawSamples {
  const n = config.nTrain + config.nTest;
  const src = config.source;
  switch (src.kind) {
    case 'gaussian':
      return generateRandomLabels(n, config.dim, src.classes, config.seed, (r) => src.std * r.normal());
    case 'uniform':
      return generateRandomLabels(n, config.dim, src.classes, config.seed,
        (r) => src.low + (src.high - src.low) * r.uniform());
    case 'teacher_student':
      return generateTeacherStudent(n, config.dim, src.teacherWidth, src.teacherActivation, config.seed);
    case 'mnist':
      return loadMnist(src.classes, n, config.seed, src.version);
    case 'cifar10': {
      const part = (split: 'train' | 'test', count: number): RawSamples =>
        loadCifar({ folder: src.path, split, classes: src.classes, n: count, normalize: src.normalize });
      return concatSamples(part('train', config.nTrain), part('test', config.nTest));
    }
    case 'csv': {
      const all = loadCsv(src.path, src.label, src.sha256);
      if (all.n < n) throw new Error(`${src.path}: ${n} rows needed (n_train + n_test), found ${all.n}`);
      if (all.dim !== config.dim) throw new Error(`${src.path}: ${all.dim} feature columns, spec says ${config.dim}`);
      return sliceSamples(all, 0, n);
    }
  }
}

/** Encode one split's targets for `loss` with `outputDim` network outputs. */
export function encodeSplit(s: RawSamples, loss: Loss, outputDim: number, labelScale: number): Split {
  const y = new Float32Array(s.n * outputDim);
  const needClass = loss !== 'mse' || (s.value === null && outputDim > 1);
  if (needClass && !s.classes) throw new Error(`loss ${loss} needs class labels, the data has real-valued labels`);
  for (let i = 0; i < s.n; i++) {
    const c = s.classes ? s.classes[i]! : 0;
    if (loss === 'bce') {
      if (c > 1) throw new Error(`loss bce needs two classes, found class ${c}`);
      y[i] = c;
    } else if (loss === 'cross_entropy' || outputDim > 1) {
      if (c >= outputDim) throw new Error(`class ${c} but the model has ${outputDim} outputs`);
      y[i * outputDim + c] = loss === 'mse' ? labelScale : 1;
    } else if (s.value) {
      y[i] = s.value[i]! * labelScale;
    } else {
      y[i] = (s.classCount === 2 ? (c === 1 ? 1 : -1) : c) * labelScale;
    }
  }
  return { n: s.n, x: Float32Array.from(s.x), y, classes: s.classes };
}

/** The dataset of a cell: a pure function of its data config, loss and output size. */
export function makeDataset(config: DataConfig, loss: Loss, outputDim: number): Dataset {
  const all = drawSamples(config);
  const enc = (s: RawSamples): Split => encodeSplit(s, loss, outputDim, config.labelScale);
  return {
    dim: all.dim,
    outputDim,
    train: enc(sliceSamples(all, 0, config.nTrain)),
    test: enc(sliceSamples(all, config.nTrain, config.nTest)),
  };
}
