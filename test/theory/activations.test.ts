// Activations: erf against reference values, derivatives against central differences.
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, activate, activateDerivative, erf } from '../../src/theory/activations.js';

describe('erf', () => {
  it('matches reference values to 1e-15 (values from the defining integral, e.g. A&S table 7.1)', () => {
    const ref: [number, number][] = [
      [0, 0], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527],
      [3, 0.9999779095030014], [-1.5, -0.9661051464753108], [5, 0.9999999999984626],
    ];
    for (const [x, v] of ref) expect(Math.abs(erf(x) - v)).toBeLessThan(1e-15);
  });
});

describe('activation derivatives vs central differences (h = 1e-5, tolerance 1e-8)', () => {
  const xs = [-2.3, -0.7, -0.1, 0.2, 0.9, 1.7, 3.1];
  for (const act of ACTIVATIONS) {
    it(act, () => {
      for (const x of xs) {
        const fd = (activate(act, x + 1e-5) - activate(act, x - 1e-5)) / 2e-5;
        expect(Math.abs(fd - activateDerivative(act, x))).toBeLessThan(1e-8);
      }
    });
  }
  it('gelu is the exact form x·Φ(x): gelu(1) = Φ(1) = 0.841344746068543 (tables, 1e-15)', () => {
    expect(activate('gelu', 1)).toBeCloseTo(0.841344746068543, 15);
  });
});
