// `augment = crop_flip(...)` in a data block: resolved into the cell's data (so it is part of the
// hash only when written), refused at its span on flat data and on fully connected models.
import { cellStepMemory, WASM_HEAP_OVERHEAD } from '../../src/plan/memory.js';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { planSpec } from '../../src/plan/index.js';
import { formatDiagnostics } from '../../src/diagnostics.js';
import { planText } from './helpers.js';
import { cellFlops, cellPeakBytes } from '../../src/plan/cost.js';
import { networkCost } from '../../src/theory/net/cost.js';
import * as M from '../../src/messages/index.js';

function spec(data: string, model = 'layers = [conv(4, 3, padding: 1), relu, flatten]'): string {
  return `experiment aug { title = "t" }
data digits {
  ${data}
  n_train = 8
  n_test = 4
}
model net {
  ${model}
}
train {
  optimizer = sgd(lr: 0.1, batch: 4)
  steps = 3
}
`;
}

function errors(text: string): string {
  const { spec: ast } = parseSpec(text);
  return formatDiagnostics(planSpec(ast, { profile: null }).diagnostics, 'spec.lazy', text);
}

describe('augment', () => {
  it('resolves crop_flip with its defaults into the data; without it the data has no augment key (hashes unchanged)', () => {
    const plain = planText(spec('source = mnist([3, 8])'));
    expect('augment' in plain.cells[0]!.data).toBe(false);
    const aug = planText(spec('source = mnist([3, 8])\n  augment = crop_flip'));
    expect(aug.cells[0]!.data.augment).toEqual({ kind: 'crop_flip', padding: 4, flip: true });
    expect(aug.cells[0]!.hash).not.toBe(plain.cells[0]!.hash);
    const two = planText(spec('source = mnist([3, 8])\n  augment = crop_flip(2, flip: false)'));
    expect(two.cells[0]!.data.augment).toEqual({ kind: 'crop_flip', padding: 2, flip: false });
    // `none` (a profile turning the default's off) is no augmentation: the plain cells, hashes included.
    const none = planText(spec('source = mnist([3, 8])\n  augment = none'));
    expect(none.cells.map((c) => c.hash)).toEqual(plain.cells.map((c) => c.hash));
    expect(planText(spec('source = mnist([3, 8])\n  augment = none', 'hidden = [8]')).cells.length).toBe(1);
  });

  it('refuses flat data at the augment setting with a hint', () => {
    const text = spec('source = gaussian(1)\n  dim = 4\n  augment = crop_flip(padding: 4)', 'layers = [dense(4), relu]');
    const out = errors(text);
    expect(out).toContain(`spec.lazy:5:13: error[E0348]: ${M.augmentNeedsImages('gaussian')}`);
    expect(out).toContain(M.augmentNeedsImagesHint());
  });

  it('refuses a fully connected model at the augment setting, naming the model', () => {
    const out = errors(spec('source = mnist([3, 8])\n  augment = crop_flip(padding: 4)', 'hidden = [8]'));
    expect(out).toContain(`spec.lazy:4:13: error[E0349]: ${M.augmentNeedsLayers('net')}`);
    expect(out).toContain(M.augmentNeedsLayersHint());
  });

  it('refuses a fractional padding and an unknown augmentation', () => {
    expect(errors(spec('source = mnist([3, 8])\n  augment = crop_flip(padding: 1.5)'))).toContain(M.augmentPaddingInteger(1.5));
    expect(errors(spec('source = mnist([3, 8])\n  augment = crop_flop'))).toContain(M.didYouMean('crop_flip'));
  });

  it('costs one more forward pass per step with a frozen copy (it sees each new batch); evaluation memory is chunked', () => {
    const frozen = (aug: string) => planText(spec(`source = mnist([3, 8])${aug}`, 'layers = [conv(4, 3, padding: 1), relu, flatten]\n  init = frozen_copy(glorot)')).cells[0]!;
    const [plain, aug] = [frozen(''), frozen('\n  augment = crop_flip')];
    const perExample = networkCost(plain.model.layers!, plain.model.inputShape!).flops;
    expect(cellFlops(plain)).toBe(3 * perExample * 4 * 3);
    expect(cellFlops(aug)).toBe(4 * perExample * 4 * 3);
    // Memory: the step model of src/plan/memory.ts (tested against the engine's peak in
    // memory.test.ts) times the wasm heap's overhead; augmentation changes the FLOPs, not it.
    expect(cellPeakBytes(plain)).toBe(cellStepMemory(plain).peakBytes * WASM_HEAP_OVERHEAD);
    expect(cellPeakBytes(aug)).toBe(cellPeakBytes(plain));
  });
});
