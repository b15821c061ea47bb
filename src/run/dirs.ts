// Where a run's files go when no --out is given: runs/<experiment>/ under the working directory,
// a folder .gitignore keeps out of the repository, so a researcher's runs never dirty the clone.
// The committed gallery under reports/ is written only by `npm run reports` (scripts/reports.mjs),
// which names its folders with --out.

import { join } from 'node:path';

export const RUNS_DIR = 'runs';

export function defaultRunDir(experiment: string): string {
  return join(RUNS_DIR, experiment);
}
