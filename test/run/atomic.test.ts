// Disk full while writing: no small tmpfs is available without root here, so the failure is
// injected by stubbing node:fs's writeFileSync (it writes half the text, then throws ENOSPC,
// as a full disk does). The atomic writer must remove its temporary file and keep the old one.

import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, default: real, writeFileSync: vi.fn(real.writeFileSync) };
});

const { writeFileAtomic } = await import('../../src/run/results.js');

const dir = mkdtempSync(join(tmpdir(), 'lazylab-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('disk full: the temporary file is removed, the previous file is intact, the error goes up', () => {
  const path = join(dir, 'results.json');
  writeFileSync(path, 'old');
  const real = vi.mocked(fs.writeFileSync).getMockImplementation()!;
  vi.mocked(fs.writeFileSync).mockImplementationOnce((file, data) => {
    real(file as string, String(data).slice(0, 3));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
  expect(() => writeFileAtomic(path, 'new contents')).toThrow(/ENOSPC/);
  expect(readdirSync(dir)).toEqual(['results.json']);
  expect(readFileSync(path, 'utf8')).toBe('old');
});
