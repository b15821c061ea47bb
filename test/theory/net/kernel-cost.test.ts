// The layered NTK's cost estimate: the formula on a network small enough to count by hand, growth
// in the probe size, and the refusal's largest fitting probe (which fits, one more does not).
import { describe, expect, it } from 'vitest';
import type { RunCell } from '../../../src/plan/cell.js';
import { layeredNtkCost, layeredNtkMisfit, NTK_BYTES_LIMIT, NTK_SECONDS_LIMIT, probeOption } from '../../../src/theory/net/kernel-cost.js';
import type { LayerSpec, Shape } from '../../../src/theory/net/spec.js';

const input: Shape = { kind: 'image', h: 4, w: 4, c: 1 };
// conv 2 filters 3×3 pad 1 (4×4×2 out), flatten, dense 3: by hand
const layers: LayerSpec[] = [
  { kind: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 1, bias: true, multiplier: 1 },
  { kind: 'flatten' },
  { kind: 'dense', units: 3, bias: false, multiplier: 1 },
];

describe('layeredNtkCost', () => {
  it('counts FLOPs, parameters and bytes as the formula says', () => {
    const P = 9 * 2 + 2 + 32 * 3; // conv W + b, dense W
    const cost = layeredNtkCost(layers, input, 5, 3);
    expect(cost.params).toBe(P);
    // forward FLOPs per example: conv 2·32·9 = 576, flatten 0, dense 2·32·3 = 192 → F = 768
    const flops = 5 * 768 + 3 * (3 * 5 * 768 + 2 * 25 * P);
    expect(cost.seconds * 2e8).toBeCloseTo(flops, 6);
    // activations: conv 32, flatten 32, dense 3 → A = 67; 2 weight layers
    expect(cost.bytes).toBe(4 * (5 * 67 + 3 * 5 * (P + 67)) + 8 * 25 * 2 * 2);
  });

  it('grows with the probe size', () => {
    const a = layeredNtkCost(layers, input, 10, 3), b = layeredNtkCost(layers, input, 20, 3);
    expect(b.seconds).toBeGreaterThan(a.seconds);
    expect(b.bytes).toBeGreaterThan(a.bytes);
  });
});

describe('layeredNtkMisfit', () => {
  const cell = (probe: number): RunCell => ({
    model: { layers, inputShape: input, outputDim: 3 },
    measure: [{ name: 'ntk_change', options: { probe } }],
  }) as unknown as RunCell;

  it('is null for fully connected models and a small probe', () => {
    expect(layeredNtkMisfit({ model: { outputDim: 1 } } as unknown as RunCell, 1e6)).toBeNull();
    expect(layeredNtkMisfit(cell(8), 8)).toBeNull();
  });

  it('names the largest probe that fits', () => {
    const reason = layeredNtkMisfit(cell(1e6), 1e6)!;
    const fit = Number(/use probe: (\d+) or fewer/.exec(reason)![1]);
    const ok = (n: number): boolean => {
      const c = layeredNtkCost(layers, input, n, 3);
      return c.seconds <= NTK_SECONDS_LIMIT && c.bytes <= NTK_BYTES_LIMIT;
    };
    expect(ok(fit)).toBe(true);
    expect(ok(fit + 1)).toBe(false);
  });

  it('reads the probe option of the named measurement, 64 by default', () => {
    expect(probeOption(cell(12), 'ntk_change')).toBe(12);
    expect(probeOption(cell(12), 'ntk_eigen')).toBe(64);
  });
});
