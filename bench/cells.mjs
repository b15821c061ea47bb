// The benchmark protocols as lazylab run cells (shared by bench/run.mjs and bench/cell.mjs).

/** Kearns: n=100, d=10, U(0,1) features, random binary labels, BCE + Adam lr 1e-3, U(-0.05, 0.05) init. */
export function kearnsCell(width, steps) {
  return base(`kearns-${width}`, {
    data: { name: 'kearns', source: { kind: 'uniform', low: 0, high: 1, classes: 2 }, dim: 10, nTrain: 100, nTest: 100, labelScale: 1, seed: 1 },
    model: model(10, width, [1, 1], { kind: 'uniform', low: -0.05, high: 0.05 }, false, 'sigmoid'),
    train: train('bce', { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, batch: null }, steps),
  });
}

/** Chizat: d=100, n=1000 on the sphere, teacher with 3 ReLU units, 2-layer ReLU student, α = 1/√m... here α=1, gd. */
export function chizatCell(width, steps) {
  return base(`chizat-${width}`, {
    data: { name: 'sphere', source: { kind: 'teacher_student', teacherWidth: 3, teacherActivation: 'relu' }, dim: 100, nTrain: 1000, nTest: 1000, labelScale: 1, seed: 1 },
    model: model(100, width, [1, 1 / width], { kind: 'normal', std: 1 }, true, 'scalar'),
    train: train('mse', { kind: 'gd', lr: 0.1 }, steps),
  });
}

function model(d, m, multipliers, dist, symmetrized, head) {
  return {
    name: 'mlp', inputDim: d, hidden: [m], outputDim: 1, activation: 'relu', bias: false, parameterization: 'custom',
    multipliers, biasStd: 0, outputScale: 1, init: { layers: [dist, dist], symmetrized, frozenCopy: false }, head,
  };
}

function train(loss, optimizer, steps) {
  return { loss, optimizer, steps, stopLoss: null, patience: null, divergeFactor: 1e12, log: { kind: 'every', every: steps } };
}

function base(hash, rest) {
  return { hash, index: 0, experiment: 'bench', values: {}, seed: 1, measure: [{ name: 'train_loss', options: {} }], ...rest };
}
