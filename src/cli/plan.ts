// `lazylab plan <spec> [--profile P] [--json] [--force]`: the run cells and their cost.

import { loadPlanFromFile, describeCost, type Plan } from '../plan/index.js';
import { err, out, parseCommand, table } from './io.js';

export const PLAN_USAGE = `usage: lazylab plan <spec.lazy> [--profile P] [--json] [--force]

Expands the spec (with profile P) into run cells, every value resolved, each with a stable
content hash, and prints them with a cost estimate (steps, FLOPs, peak memory per cell).
  --profile P   apply the named profile's overrides
  --json        print the plan as JSON
  --force       plan a spec above the size limit anyway`;

export async function planCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, { profile: { type: 'string', short: 'p' }, json: { type: 'boolean' }, force: { type: 'boolean' } }, PLAN_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  const [file, ...rest] = parsed.positionals;
  if (!file || rest.length) {
    err(PLAN_USAGE);
    return 2;
  }
  const profile = (parsed.values['profile'] as string | undefined) ?? null;
  const loaded = await loadPlanFromFile(file, { profile, force: Boolean(parsed.values['force']) });
  if (loaded.report) err(loaded.report);
  if (!loaded.plan) return 1;
  if (parsed.values['json']) out(JSON.stringify(loaded.plan, null, 2));
  else out(renderPlan(loaded.plan));
  return 0;
}

export function renderPlan(plan: Plan): string {
  const names = [...new Set(plan.cells.flatMap((c) => Object.keys(c.values)))];
  const rows = [['#', 'hash', ...names, 'seed', 'steps', 'lr']];
  for (const c of plan.cells) {
    rows.push([String(c.index), c.hash.slice(0, 12), ...names.map((n) => fmt(c.values[n])), String(c.seed), String(c.train.steps), fmt(c.train.optimizer.lr)]);
  }
  const head = `plan of ${plan.experiment}${plan.profile ? ` (profile ${plan.profile})` : ''}: ${describeCost(plan)}`;
  return `${head}\n${table(rows)}`;
}

function fmt(v: number | string | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}
