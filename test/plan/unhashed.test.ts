// `check` plans without hashing (hashing was a quarter of its time): planSpec({hash: false})
// gives the same cells with empty hashes, checkSpec hands its unhashed plans to onPlan, and the
// cost summary groups thousands exactly as toLocaleString('en-US') did.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { planSpec, type Plan } from '../../src/plan/index.js';
import { groupThousands } from '../../src/messages/plan.js';
import { SPEC_DIR } from '../check/helpers.js';

const { spec } = parseSpec(readFileSync(join(SPEC_DIR, 'chizat_width.lazy'), 'utf8'));
const unhash = (p: Plan): Plan => ({ ...p, cells: p.cells.map((c) => ({ ...c, hash: '' })) });

it('planSpec with hash: false gives the hashed plan\'s cells with empty hashes', () => {
  const hashed = planSpec(spec, { profile: 'quick' }).plan!;
  const bare = planSpec(spec, { profile: 'quick', hash: false }).plan!;
  expect(hashed.cells.every((c) => /^[0-9a-f]{64}$/.test(c.hash))).toBe(true);
  expect(bare.cells.every((c) => c.hash === '')).toBe(true);
  expect(bare).toEqual(unhash(hashed));
});

it('checkSpec hands each profile\'s unhashed plan to onPlan', () => {
  const seen = new Map<string | null, Plan>();
  expect(checkSpec(spec, { onPlan: (profile, plan) => seen.set(profile, plan) })).toEqual([]);
  expect([...seen.keys()]).toEqual([null, 'quick', 'smoke']);
  for (const [profile, plan] of seen) expect(plan).toEqual(unhash(planSpec(spec, { profile }).plan!));
});

it('groupThousands writes integers as toLocaleString(\'en-US\') does', () => {
  const cases = [0, 1, 12, 999, 1000, 2973, 10000, 999999, 1000000, 59460000, 1234567890123, -1234567];
  for (let k = 1; k < 2 ** 40; k = Math.floor(k * 3.7) + 1) cases.push(k);
  for (const k of cases) expect(groupThousands(k), String(k)).toBe(k.toLocaleString('en-US'));
});
