// specs/chizat_cnn.lazy: the default profile is Chizat et al.'s protocol (VGG-11 and ResNet-18
// on all of CIFAR-10, their α grid, SGD with momentum and their lr decay, augmentation), refused above the size
// limit; without the CIFAR-10 files `check` and `plan` say where to put them, while the quick
// profile (shipped MNIST digits) still plans.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { planSpec } from '../../src/plan/index.js';
import { overLimit } from '../../src/plan/cost.js';
import { weightLayers } from '../../src/theory/net/spec.js';
import * as M from '../../src/messages/index.js';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lazylab-chizat-cnn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spec = join(dir, 'chizat_cnn.lazy'); // a copy beside no data folder, whatever the checkout holds
copyFileSync(join(root, 'specs', 'chizat_cnn.lazy'), spec);
const lazylab = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'lazylab.js'), ...args], { encoding: 'utf8' });

describe('specs/chizat_cnn.lazy', () => {
  it('default profile: VGG-11 and ResNet-18 on CIFAR-10 with augmentation over 12 α, above the size limit', () => {
    const planned = planSpec(parseSpec(readFileSync(spec, 'utf8')).spec, { profile: null });
    expect(planned.diagnostics).toEqual([]);
    const cells = planned.plan!.cells;
    expect(new Set(cells.map((c) => c.values['alpha']))).toEqual(new Set([0.01, 0.1, 0.5, 1, 5, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7]));
    const vgg = cells.find((c) => c.values['model'] === 'vgg')!, resnet = cells.find((c) => c.values['model'] === 'resnet')!;
    expect(vgg.data).toMatchObject({ nTrain: 50000, nTest: 10000, augment: { kind: 'crop_flip', padding: 4, flip: true } });
    expect(vgg.data.source).toMatchObject({ kind: 'cifar10', classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], normalize: true });
    // their lr / (1 + epoch/3), set per epoch of ceil(50000 / 128) = 391 steps, for 100 epochs
    expect(vgg.train.optimizer).toEqual({ kind: 'momentum', lr: 0.02, beta: 0.9, batch: 128, schedule: { kind: 'inverse_time', epochs: 3, stepsPerEpoch: 391 } });
    expect(vgg.train.steps).toBe(39100);
    const widths = (c: typeof vgg) => weightLayers(c.model.layers!, c.model.inputShape!).map((l) => (l.spec.kind === 'conv2d' ? l.spec.filters : l.spec.units));
    expect(widths(vgg)).toEqual([64, 128, 256, 256, 512, 512, 512, 512, 10]); // 8 convs + the head: VGG-11
    // ResNet-18: stem, then per stage two blocks of two convs (a 1×1 shortcut after the first block's body from 128 on), head.
    expect(widths(resnet)).toEqual([64, 64, 64, 64, 64, 128, 128, 128, 128, 128, 256, 256, 256, 256, 256, 512, 512, 512, 512, 512, 10]);
    expect(weightLayers(resnet.model.layers!, resnet.model.inputShape!).filter((l) => l.spec.kind === 'conv2d' && l.spec.kernel === 3)).toHaveLength(17);
    expect(overLimit(planned.plan!.cost)).toContain('above the');
  });

  it('without the CIFAR-10 files, check and plan say where to put them; the quick profile still plans', () => {
    const where = join(dir, 'data', 'cifar-10-batches-bin');
    for (const cmd of ['check', 'plan']) {
      const r = lazylab(cmd, spec);
      expect(r.status, cmd).toBe(1);
      expect(r.stderr).toContain(`error[E0347]: ${M.cifarUnreadable('data/cifar-10-batches-bin', 'data_batch_1.bin is missing')}`);
      expect(r.stderr).toContain(M.cifarHint(where));
    }
    const quick = lazylab('plan', spec, '--profile', 'quick');
    expect(quick.status, quick.stderr).toBe(0);
    expect(quick.stderr).not.toContain('E0347');
  });
});
