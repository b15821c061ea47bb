// Results, cache entries and reports are written atomically: the bytes go to a temporary sibling
// and a rename puts them in place, so a reader (or a run killed mid-write) sees the old file or
// the new one, never half of one. The call order is observed through a mocked node:fs.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it, vi } from 'vitest';

const calls: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeFileSync: (p: string, ...rest: unknown[]) => { calls.push(`write ${p}`); return (fs.writeFileSync as (...a: unknown[]) => void)(p, ...rest); },
    renameSync: (a: string, b: string) => { calls.push(`rename ${a} -> ${b}`); return fs.renameSync(a, b); },
  };
});

it('writeFileAtomic writes a temporary sibling, then renames it over the target', async () => {
  const { writeFileAtomic } = await import('../../src/run/results.js');
  const dir = mkdtempSync(join(tmpdir(), 'lazylab-atomic-'));
  const target = join(dir, 'results.json');
  writeFileAtomic(target, 'old');
  calls.length = 0;
  writeFileAtomic(target, 'new');
  expect(calls).toHaveLength(2);
  const tmp = calls[0]!.slice('write '.length);
  expect(dirname(tmp)).toBe(dir);
  expect(tmp).not.toBe(target);
  expect(calls[1]).toBe(`rename ${tmp} -> ${target}`);
  expect(readFileSync(target, 'utf8')).toBe('new');
  expect(readdirSync(dir)).toEqual(['results.json']);
});
