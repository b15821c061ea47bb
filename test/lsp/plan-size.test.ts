// The language server sends W0510 as `lazylab check` prints it: a plan above the size limit,
// which `run` refuses without --force, is a warning on the experiment's (or profile's) name.
// Driven over stdio as an editor drives it (client.ts).

import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeCost, overLimit } from '../../src/plan/index.js';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import type { Plan } from '../../src/plan/index.js';
import * as M from '../../src/messages/index.js';
import { LspClient, fileUri } from './client.js';
import { edit, positionOf, QUICKSTART, QUICKSTART_PATH } from './helpers.js';

const URI = fileUri(QUICKSTART_PATH);
/** 10⁸ steps for each of the quickstart's 30 cells: far above the FLOP limit. */
const HUGE = edit(QUICKSTART, 'steps = 300', 'steps = 100000000');
const PROFILE = `${QUICKSTART}\nprofile huge {\n  train.steps = 100000000\n}\n`;

/** The plans the checker builds for `text`, computed here in-process to spell the expected message. */
function plans(text: string): Map<string | null, Plan> {
  const out = new Map<string | null, Plan>();
  checkSpec(parseSpec(text).spec, { onPlan: (p, plan) => out.set(p, plan) });
  return out;
}
const nameRange = (text: string, needle: string, name: string) => {
  const p = positionOf(text, needle);
  return { start: p, end: { line: p.line, character: p.character + name.length } };
};

let c: LspClient;
beforeAll(async () => {
  c = new LspClient(['--stdio']);
  await c.initialize();
}, 30_000);
afterAll(async () => {
  if (c.proc.exitCode === null) await c.shutdown();
});

test('a default plan above the limit gets W0510 on the experiment name, with the hint', async () => {
  c.open(URI, HUGE, 1);
  const ds = await c.diagnostics(URI, 1);
  const plan = plans(HUGE).get(null)!;
  expect(ds).toEqual([{
    range: nameRange(HUGE, 'quickstart {', 'quickstart'), severity: 2, code: 'W0510', source: 'lazylab',
    message: `${M.planRefusedByRun(M.planTooLarge(describeCost(plan), overLimit(plan.cost)!))}\nhint: ${M.planTooLargeHint('smoke')}`,
  }]);
  // Back under the limit: the warning goes away.
  c.change(URI, QUICKSTART, 2);
  expect(await c.diagnostics(URI, 2)).toEqual([]);
});

test('a profile above the limit gets W0510 on the profile name, marked with the profile', async () => {
  c.change(URI, PROFILE, 3);
  const ds = await c.diagnostics(URI, 3);
  const plan = plans(PROFILE).get('huge')!;
  expect(ds.map((d) => [d.code, d.severity, d.range])).toEqual([['W0510', 2, nameRange(PROFILE, 'huge {', 'huge')]]);
  expect(ds[0].message).toBe(`${M.planRefusedByRun(M.planTooLarge(describeCost(plan), overLimit(plan.cost)!))}${M.profileMark('huge')}\nhint: ${M.planTooLargeHint('smoke')}`);
});
