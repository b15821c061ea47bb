// Hand-made run cells for engine tests (the planner builds real ones from specs).

import { createHash } from 'node:crypto';
import type { Plan, RunCell } from '../../src/plan/cell.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | T[K] : T[K] };

/** A small teacher–student cell: d=5, 32/32 points, one hidden layer of 16, NTK, gd. */
export function makeCell(over: DeepPartial<Omit<RunCell, 'hash'>> = {}): RunCell {
  const base: Omit<RunCell, 'hash'> = {
    index: 0,
    experiment: 'test',
    values: { m: 16, model: 'mlp', data: 'sphere' },
    seed: 1,
    data: {
      name: 'sphere', source: { kind: 'teacher_student', teacherWidth: 3, teacherActivation: 'relu' },
      dim: 5, nTrain: 32, nTest: 32, labelScale: 1, seed: 7,
    },
    model: {
      name: 'mlp', inputDim: 5, hidden: [16], outputDim: 1, activation: 'relu', bias: false,
      parameterization: 'ntk', multipliers: [1 / Math.sqrt(5), 1 / 4], biasStd: 0, outputScale: 1,
      init: { layers: [{ kind: 'normal', std: 1 }, { kind: 'normal', std: 1 }], symmetrized: false, frozenCopy: false },
      head: 'scalar',
    },
    train: {
      loss: 'mse', optimizer: { kind: 'gd', lr: 0.5 }, steps: 20, stopLoss: null, patience: null,
      divergeFactor: 1e6, log: { kind: 'every', every: 5 },
    },
    measure: [
      { name: 'train_loss', options: {} }, { name: 'test_loss', options: {} },
      { name: 'weight_change', options: { per_layer: true } },
    ],
  };
  const merged = mergeDeep(base, over) as Omit<RunCell, 'hash'>;
  return { ...merged, hash: hashCell(merged) };
}

function mergeDeep(a: unknown, b: unknown): unknown {
  if (b === undefined) return a;
  if (Array.isArray(b) || typeof b !== 'object' || b === null || typeof a !== 'object' || a === null) return b;
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [k, v] of Object.entries(b)) out[k] = mergeDeep(out[k], v);
  return out;
}

export function hashCell(cell: Omit<RunCell, 'hash'>): string {
  const { index: _i, ...rest } = cell;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/** A plan over a width sweep of small cells. */
export function makePlan(widths: number[], over: DeepPartial<Omit<RunCell, 'hash'>> = {}): Plan {
  const cells = widths.map((m, index) => makeCell(mergeDeep(over, {
    index, values: { m, model: 'mlp', data: 'sphere' },
    model: { hidden: [m], multipliers: [1 / Math.sqrt(5), 1 / Math.sqrt(m)] },
  }) as DeepPartial<Omit<RunCell, 'hash'>>));
  return { experiment: 'test', profile: null, cells, cost: { cells: cells.length, totalSteps: 0, flops: 0, peakBytes: 0 } };
}
