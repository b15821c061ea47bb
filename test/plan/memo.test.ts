// Memoized block resolution (src/plan/memo.ts): every cell of a memoized plan must equal what the
// resolvers give when called afresh for that cell alone, and a value error found in some cells
// must still name the first of them and be counted per cell.

import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import type * as A from '../../src/lang/ast.js';
import { planSpec } from '../../src/plan/plan.js';
import { makeScope } from '../../src/plan/eval.js';
import { resolveData } from '../../src/plan/resolve-data.js';
import { resolveModel } from '../../src/plan/resolve-model.js';
import { resolveMeasure, resolveTrain } from '../../src/plan/resolve-train.js';
import { sweptReads } from '../../src/plan/memo.js';

const SPEC = `
experiment memo {}
let w = 2 * m
let unused = lr
sweep m = [4, 8, 16]
sweep lr = [0.1, 0.2]
seeds = 3
data a {
  source = uniform(0, 1)
  dim = 3
  n_train = 8
  n_test = 0
}
model one {
  hidden = [w]
  init = uniform(-0.1, 0.1)
}
model two {
  hidden = [m, 3]
}
train {
  loss = mse
  optimizer = gd(lr: lr)
  steps = 10 * m
}
measure { train_loss }
`;

function parsed(text: string): A.Spec {
  const { spec, diagnostics } = parseSpec(text);
  expect(diagnostics).toEqual([]);
  return spec;
}

describe('memoized cell resolution', () => {
  it('every cell equals a fresh resolution of its own blocks', () => {
    const spec = parsed(SPEC);
    const { plan, diagnostics } = planSpec(spec, { profile: null });
    expect(diagnostics).toEqual([]);
    expect(plan!.cells).toHaveLength(2 * 3 * 2 * 3);
    const bindings = new Map(spec.statements.filter((s): s is A.LetStatement => s.kind === 'let').map((s) => [s.name, s.value]));
    const block = <K extends A.Statement['kind']>(kind: K, name?: string) =>
      spec.statements.find((s) => s.kind === kind && (name === undefined || (s as { name?: string }).name === name)) as Extract<A.Statement, { kind: K }>;
    for (const cell of plan!.cells) {
      const scope = makeScope(bindings, { m: cell.values['m']!, lr: cell.values['lr']!, seed: cell.seed });
      const data = resolveData(block('data'), cell.seed, {}, scope);
      const model = resolveModel(block('model', String(cell.values['model'])), data.dim, 2, scope);
      expect(cell.data).toEqual(data);
      expect(cell.model).toEqual(model);
      expect(cell.train).toEqual(resolveTrain(block('train'), model.head, data.nTrain, scope));
      expect(cell.measure).toEqual(resolveMeasure(block('measure'), scope));
    }
    // The data seed defaults to the cell's seed although no expression reads `seed`.
    expect(new Set(plan!.cells.map((c) => c.data.seed)).size).toBe(3);
  });

  it('a bad value in some cells names the first such cell; in all cells, none', () => {
    const some = planSpec(parsed(SPEC.replace('hidden = [m, 3]', 'hidden = [m - 8, 3]')), { profile: null });
    const first = some.diagnostics.filter((d) => d.severity === 'error');
    expect(first).toHaveLength(1);
    expect(first[0]!.message).toMatch(/in the cell m = 4, lr = 0.1, model = two/);
    const all = planSpec(parsed(SPEC.replace('steps = 10 * m', 'steps = m - 100')), { profile: null });
    expect(all.diagnostics).toHaveLength(1);
    expect(all.diagnostics[0]!.message).not.toMatch(/in the cell/);
  });

  it('finds the swept names a block reads, through bindings, and no others', () => {
    const spec = parsed(SPEC);
    const bindings = new Map(spec.statements.filter((s): s is A.LetStatement => s.kind === 'let').map((s) => [s.name, s.value]));
    const swept = new Set(['m', 'lr', 'seed']);
    const model = spec.statements.find((s) => s.kind === 'model')!;
    const train = spec.statements.find((s) => s.kind === 'train')!;
    const data = spec.statements.find((s) => s.kind === 'data')!;
    expect(sweptReads(model, bindings, swept)).toEqual(['m']);
    expect(sweptReads(train, bindings, swept)).toEqual(['lr', 'm']);
    expect(sweptReads(data, bindings, swept)).toEqual([]);
  });
});
