// Completion in context: block settings, measurements, enum words, constructors, named
// parameters, bindings; nothing in comments, strings or where a new name is declared.

import { describe, expect, test } from 'vitest';
import { completeAt } from '../../src/lsp/complete.js';
import { BLOCKS, CALLS, ACTIVATIONS } from '../../src/check/schema.js';
import { MEASUREMENTS } from '../../src/check/catalogue.js';
import { cursor, edit, QUICKSTART } from './helpers.js';

const labels = (marked: string) => {
  const { text, offset } = cursor(marked);
  return completeAt(text, offset).items.map((i) => i.label);
};

describe('completion', () => {
  test('a new line in a model block offers exactly the model settings', () => {
    expect(labels(edit(QUICKSTART, '  head = scalar\n', '  head = scalar\n  ‸\n')).sort()).toEqual(Object.keys(BLOCKS.model).sort());
  });

  test('a prefix filters the settings', () => {
    expect(labels(edit(QUICKSTART, '  head = scalar\n', '  head = scalar\n  bi‸\n'))).toEqual(['bias', 'bias_std']);
  });

  test('the train block offers the train settings, also while the rest of the file is broken', () => {
    const broken = edit(edit(QUICKSTART, 'let lr = 1.0', 'let lr = (1.0 *'), '  steps = 300\n', '  steps = 300\n  opt‸\n');
    expect(labels(broken)).toEqual(['optimizer']);
  });

  test('measure offers the catalogue, a measurement call its options', () => {
    expect(labels(edit(QUICKSTART, '  test_loss\n', '  test_loss\n  ‸\n')).sort()).toEqual(Object.keys(MEASUREMENTS).sort());
    expect(labels(edit(QUICKSTART, '  test_loss\n', '  test_loss\n  ntk_change(‸)\n'))).toEqual(expect.arrayContaining(['probe', 'at', 'trace']));
  });

  test('an enum setting offers its words', () => {
    expect(labels(edit(QUICKSTART, 'activation = relu', 'activation = ‸'))).toEqual(expect.arrayContaining([...ACTIVATIONS]));
    expect(labels(edit(QUICKSTART, 'activation = relu', 'activation = ta‸'))).toEqual(['tanh']);
  });

  test('a constructor setting offers its family, a call its named parameters', () => {
    expect(labels(edit(QUICKSTART, 'optimizer = gd(lr: lr)', 'optimizer = ‸'))).toEqual(expect.arrayContaining(Object.keys(CALLS.optimizer)));
    expect(labels(edit(QUICKSTART, 'optimizer = gd(lr: lr)', 'optimizer = adam(lr: lr, be‸)'))).toEqual(['beta1', 'beta2']);
  });

  test('expressions offer the let bindings and swept variables', () => {
    const items = labels(edit(QUICKSTART, 'dim = d', 'dim = ‸'));
    expect(items).toEqual(expect.arrayContaining(['d', 'lr', 'm', 'sqrt', 'logspace']));
  });

  test('a chart axis offers recorded values and sweeps, a claim the claim functions', () => {
    expect(labels(edit(QUICKSTART, 'y = weight_change', 'y = ‸'))).toEqual(expect.arrayContaining(['weight_change', 'train_loss', 'm', 'step']));
    expect(labels(edit(QUICKSTART, 'claim = slope(weight_change, m)', 'claim = sl‸'))).toEqual(['slope']);
  });

  test('the top level offers the statements', () => {
    expect(labels('‸')).toEqual(expect.arrayContaining(['experiment', 'let', 'sweep', 'model', 'measure', 'profile']));
  });

  test('nothing in a comment, a string, or where a new name is declared', () => {
    expect(labels(edit(QUICKSTART, '# Quick start', '# Quick‸ start'))).toEqual([]);
    expect(labels(edit(QUICKSTART, 'source = "Lee et al. 2019"', 'source = "Lee‸ et al. 2019"'))).toEqual([]);
    expect(labels(edit(QUICKSTART, 'let d = 10', 'let ‸'))).toEqual([]);
  });
});

describe('completion in a profile', () => {
  test('offers let, sweep, seeds and the overridable settings of train and of each named data and model block', () => {
    const items = labels(edit(QUICKSTART, 'profile smoke {', 'profile smoke {\n  ‸'));
    expect(items).toEqual(expect.arrayContaining(['let', 'sweep', 'seeds', 'train.steps', 'data.sphere.n_train', 'model.mlp.hidden']));
    const { text, offset } = cursor(edit(QUICKSTART, 'profile smoke {', 'profile smoke {\n  model.mlp.h‸'));
    const done = completeAt(text, offset);
    expect(done.items.map((i) => i.label)).toEqual(['model.mlp.hidden', 'model.mlp.head']);
    expect(text.slice(done.from, offset)).toBe('model.mlp.h'); // the whole dotted name is replaced
  });
});

describe('completion around strings', () => {
  test('right after a closed string the cursor is outside it; inside an unclosed one it is not', () => {
    expect(labels(edit(QUICKSTART, 'title = "Lazy training at a glance: wider networks move less"\n', 'title = "x"\n  au‸\n'))).toEqual(['authors']);
    expect(labels(edit(QUICKSTART, 'title = "Lazy training at a glance: wider networks move less"', 'title = "au‸'))).toEqual([]);
  });
});
