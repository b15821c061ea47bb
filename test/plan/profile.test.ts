// Profiles: each kind of override (let, sweep, seeds, train.KEY, data.NAME.KEY, model.NAME.KEY)
// reaches the cells; steps and epochs replace each other; bad profiles are reported.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { applyProfile, profileNames } from '../../src/plan/profile.js';
import { planErrors, planText, smallSpec } from './helpers.js';
import * as M from '../../src/messages/index.js';
import { SPEC_DIR } from '../check/helpers.js';

const quickstart = readFileSync(join(SPEC_DIR, 'quickstart.lazy'), 'utf8');

describe('the quick-start smoke profile', () => {
  it('replaces the width sweep, the seeds and the steps', () => {
    const full = planText(quickstart);
    const smoke = planText(quickstart, 'smoke');
    expect(full.cells.length).toBe(30);
    expect(smoke.profile).toBe('smoke');
    expect(smoke.cells.map((c) => [c.values['m'], c.seed, c.train.steps])).toEqual([[8, 0, 20], [16, 0, 20]]);
    expect(smoke.cells.map((c) => c.model.hidden)).toEqual([[8], [16]]);
    // Everything else is as in the full plan.
    expect(smoke.cells[0]!.data).toEqual(full.cells[0]!.data);
    expect(smoke.cells[0]!.train.optimizer).toEqual(full.cells[0]!.train.optimizer);
  });
});

describe('each override', () => {
  const spec = smallSpec({
    sweeps: 'let lr = 0.1\nsweep m = [8, 16]',
    tail: `
profile p {
  let lr = 0.5
  sweep m = [4]
  seeds = [5, 7]
  train.steps = 3
  data.toy.n_train = 12
  model.net.activation = tanh
  model.net.hidden = [m, 2 * m]
}
`,
  }).replace('gd(lr: 0.1)', 'gd(lr: lr)');

  it('applies let, sweep, seeds, train.KEY, data.NAME.KEY and model.NAME.KEY', () => {
    const plain = planText(spec);
    expect(plain.cells.map((c) => [c.values['m'], c.train.optimizer.lr, c.train.steps, c.data.nTrain, c.model.activation])).toEqual([
      [8, 0.1, 10, 20, 'relu'], [16, 0.1, 10, 20, 'relu'],
    ]);
    const p = planText(spec, 'p');
    expect(p.cells.map((c) => [c.values['m'], c.seed, c.train.optimizer.lr, c.train.steps, c.data.nTrain, c.model.activation, c.model.hidden])).toEqual([
      [4, 5, 0.5, 3, 12, 'tanh', [4, 8]], [4, 7, 0.5, 3, 12, 'tanh', [4, 8]],
    ]);
  });

  it('adds a setting the block did not have', () => {
    const text = smallSpec({ tail: '\nprofile q {\n  model.net.scale = 3\n  train.patience = 4\n}\n' });
    const p = planText(text, 'q');
    expect(p.cells.map((c) => [c.model.outputScale, c.train.patience])).toEqual([[3, 4], [3, 4]]);
  });

  it('lets epochs replace steps (and steps replace epochs)', () => {
    const text = smallSpec({ tail: '\nprofile e {\n  train.epochs = 2\n}\n' });
    expect(planText(text, 'e').cells.map((c) => c.train.steps)).toEqual([2, 2]); // full batch: one step per epoch
    const back = smallSpec({ train: '  epochs = 3', tail: '\nprofile s {\n  train.steps = 7\n}\n' });
    expect(planText(back).cells.map((c) => c.train.steps)).toEqual([3, 3]);
    expect(planText(back, 's').cells.map((c) => c.train.steps)).toEqual([7, 7]);
  });

  it('does not change the spec it is applied to', () => {
    const { spec: ast } = parseSpec(spec);
    const before = JSON.stringify(ast);
    const applied = applyProfile(ast, 'p');
    expect(applied.diagnostics).toEqual([]);
    expect(JSON.stringify(ast)).toBe(before);
    expect(applied.spec.statements.some((s) => s.kind === 'profile')).toBe(false);
    expect(profileNames(ast)).toEqual(['p']);
  });
});

describe('bad profiles', () => {
  it('reports an unknown profile with a suggestion or the list of profiles', () => {
    const text = smallSpec({ tail: '\nprofile smoke {\n  seeds = 1\n}\n\nprofile full {\n  seeds = 5\n}\n' });
    expect(planErrors(text, 'smok')).toEqual([`E0220 ${M.unknownProfile('smok')}`]);
    const { spec } = parseSpec(text);
    expect(applyProfile(spec, 'smok').diagnostics[0]!.hint).toBe(M.didYouMean('smoke'));
    expect(applyProfile(spec, 'quick').diagnostics[0]!.hint).toBe(M.knownNames('profiles', ['smoke', 'full']));
    expect(applyProfile(parseSpec(smallSpec()).spec, 'quick').diagnostics[0]!.hint).toBe(M.noProfiles());
  });

  it('reports override paths that name nothing', () => {
    const text = smallSpec({ tail: '\nprofile p {\n  trian.steps = 1\n  model.nt.hidden = [2]\n  data.toy.nn = 3\n  train.a.b = 1\n}\n' });
    const { spec } = parseSpec(text);
    expect(applyProfile(spec, 'p').diagnostics.map((d) => `${d.message} | ${d.hint}`)).toEqual([
      `${M.cannotOverride(['trian', 'steps'])} | ${M.didYouMean('train.steps')}`,
      `${M.noBlockNamed('model', 'nt')} | ${M.didYouMean('model.net.hidden')}`,
      `${M.unknownSetting('nn', 'data')} | ${M.knownNames('settings', ['source', 'dim', 'n_train', 'n_test', 'label_scale', 'seed', 'augment'])}`,
      `${M.cannotOverride(['train', 'a', 'b'])} | ${M.overridePathHint()}`,
    ]);
  });
});
