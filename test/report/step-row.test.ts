// The report's environment list says which executor ran the training steps when the cells
// recorded it (native matrix path), and says nothing of it for results without that field.

import { expect, test } from 'vitest';
import { environmentList } from '../../src/report/tables.js';
import { MSG } from '../../src/report/messages.js';
import type { RunResults } from '../../src/run/results.js';
import { ENV, fixtureSpec, makeResults } from './helpers.js';

test('a "training step" row counts the cells per executor, only when recorded', () => {
  const base = makeResults(fixtureSpec('a.lazy'));
  expect(base.cells.length).toBeGreaterThan(1);
  expect(environmentList(base, ENV, 'x.lazy')).not.toContain('training step');
  const native = { path: 'native' as const, library: 'libopenblas.so.0', blas: 'OpenBLAS 0.3.21' };
  const r: RunResults = { ...base, cells: base.cells.map((c, i) => ({ ...c, backend: { ...c.backend, matmul: { ...native, step: i === 0 ? 'tfjs' : 'host' } } })) };
  const html = environmentList(r, ENV, 'x.lazy');
  expect(html).toContain('<dt>training step</dt>');
  expect(html).toContain(MSG.stepExecutors(base.cells.length - 1, 1));
  expect(MSG.stepExecutors(2, 0)).toBe('2 cells on the host executor (JavaScript, BLAS products)');
});
