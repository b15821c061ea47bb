// Generated data (science.md §3): gaussian or uniform features with random labels, and
// Chizat's teacher–student task on the unit sphere. Each is a pure function of the seed.

import type { Activation } from '../../plan/cell.js';
import { makeRng, type Rng } from '../rng.js';
import { activateScalar } from '../model/activations.js';
import type { RawSamples } from './raw.js';

/** Features drawn i.i.d. by `draw`, labels uniform over `classCount` classes. */
export function generateRandomLabels(
  n: number, dim: number, classCount: number, seed: number, draw: (rng: Rng) => number,
): RawSamples {
  const rng = makeRng(seed, 'data.features');
  const x = new Float64Array(n * dim);
  for (let i = 0; i < x.length; i++) x[i] = draw(rng);
  const labels = makeRng(seed, 'data.labels');
  const classes = new Int32Array(n);
  for (let i = 0; i < n; i++) classes[i] = labels.int(classCount);
  return { n, dim, x, classes, classCount, value: null };
}

/** A point drawn uniformly on the unit sphere of R^dim (normalized Gaussian). */
function drawSpherePoint(rng: Rng, out: Float64Array, offset: number, dim: number): void {
  let norm = 0;
  for (let j = 0; j < dim; j++) {
    const v = rng.normal();
    out[offset + j] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < dim; j++) out[offset + j]! /= norm;
}

/**
 * Chizat's teacher: `teacherWidth` neurons with unit-norm input weights and output signs ±1,
 * y(x) = Σ_j s_j σ(w_j · x). Inputs uniform on the sphere. Class = (y > 0).
 */
export function generateTeacherStudent(
  n: number, dim: number, teacherWidth: number, activation: Activation, seed: number,
): RawSamples {
  const trng = makeRng(seed, 'data.teacher');
  const w = new Float64Array(teacherWidth * dim);
  for (let j = 0; j < teacherWidth; j++) drawSpherePoint(trng, w, j * dim, dim);
  const signs = Array.from({ length: teacherWidth }, () => (trng.uniform() < 0.5 ? -1 : 1));
  const rng = makeRng(seed, 'data.features');
  const x = new Float64Array(n * dim);
  const value = new Float64Array(n);
  const classes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    drawSpherePoint(rng, x, i * dim, dim);
    let y = 0;
    for (let j = 0; j < teacherWidth; j++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += w[j * dim + k]! * x[i * dim + k]!;
      y += signs[j]! * activateScalar(activation, dot);
    }
    value[i] = y;
    classes[i] = y > 0 ? 1 : 0;
  }
  return { n, dim, x, classes, classCount: 2, value };
}
