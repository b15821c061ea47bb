// Runs the CLI in-process: main(argv) with process.stdout/stderr.write captured.

import { vi } from 'vitest';
import { main } from '../../src/cli/index.js';

export interface Run { code: number; stdout: string; stderr: string }

export async function lazylab(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
