// `lazylab check <spec…>`: parse and check specs, print every diagnostic; exit 1 on errors.

import { readFileSync } from 'node:fs';
import { formatDiagnostics, hasErrors } from '../diagnostics.js';
import { parseSpec } from '../lang/parse.js';
import { checkSpec } from '../check/index.js';
import { checkPlanSizes } from '../check/plan-size.js';
import { csvDimsRelativeTo, dataFilesRelativeTo, describeCost, type Plan } from '../plan/index.js';
import { profileNames } from '../plan/profile.js';
import { err, out, parseCommand } from './io.js';

export const CHECK_USAGE = `usage: lazylab check <spec.lazy>...

Parses and checks each spec and every one of its profiles; prints each problem as
file:line:col: error[CODE]: message, with the source line and a hint.
Exit status: 0 when no spec has an error (warnings allowed), 1 otherwise, 2 on bad usage.`;

export async function checkCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, {}, CHECK_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  if (parsed.positionals.length === 0) {
    err(CHECK_USAGE);
    return 2;
  }
  let failed = false;
  for (const file of parsed.positionals) failed = !checkFile(file) || failed;
  return failed ? 1 : 0;
}

function checkFile(file: string): boolean {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    err(`${file}: error[E0001]: cannot read the spec: ${(e as Error).message}`);
    return false;
  }
  const { spec, diagnostics } = parseSpec(source);
  const inputs = { csvDims: csvDimsRelativeTo(file), files: dataFilesRelativeTo(file) };
  const plans = new Map<string | null, Plan>();
  const onPlan = (profile: string | null, p: Plan): void => { plans.set(profile, p); };
  const all = hasErrors(diagnostics) ? diagnostics : [...diagnostics, ...checkSpec(spec, { ...inputs, onPlan })];
  if (all.length) err(formatDiagnostics(all, file, source));
  if (hasErrors(all)) {
    const n = all.filter((d) => d.severity === 'error').length;
    err(`${file}: ${n} error${n === 1 ? '' : 's'}`);
    return false;
  }
  const plan = plans.get(null) ?? null;
  const profiles = profileNames(spec);
  const big = checkPlanSizes(spec, plans);
  if (big.length) err(formatDiagnostics(big, file, source));
  out(`${file}: ok${plan ? ` (${describeCost(plan)})` : ''}${profiles.length ? `; profiles: ${profiles.join(', ')}` : ''}`);
  return true;
}
