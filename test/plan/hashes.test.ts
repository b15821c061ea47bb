// Cell hashes: stable under layout and comment edits, equal across runs, and changed exactly for
// the cells whose content changes (one width edited → the cells of that width, and only them).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashCell, type Plan } from '../../src/plan/index.js';
import { planText, smallSpec } from './helpers.js';
import { SPEC_DIR } from '../check/helpers.js';

const quickstart = readFileSync(join(SPEC_DIR, 'quickstart.lazy'), 'utf8');
const hashes = (p: Plan) => p.cells.map((c) => c.hash);
/** Hash by the cell's swept values and seed, so plans can be compared cell by cell. */
const byCell = (p: Plan) => new Map(p.cells.map((c) => [`${JSON.stringify(c.values)} seed ${c.seed}`, c.hash]));

/** Layout-only edits: comments after lines and between them, blank lines, deeper indent, spaces around `=`. */
function relayout(text: string): string {
  let inTriple = false;
  const out: string[] = ['# a comment before everything', ''];
  for (const line of text.split('\n')) {
    const quotes = (line.match(/"""/g) ?? []).length;
    const wasInTriple = inTriple;
    if (quotes % 2 === 1) inTriple = !inTriple;
    if (wasInTriple || inTriple) {
      out.push(`    ${line}`); // uniform extra indent: the """ dedent removes it again
      continue;
    }
    const indented = `    ${line.replace(/^(\s*)(\w+) = /, '$1$2   =   ')}`;
    out.push(line.trim() === '' ? '' : /\S/.test(line) && !line.includes('#') ? `${indented}   # note` : indented);
    out.push('', '    # between lines');
  }
  return out.join('\n');
}

describe('hashes are stable', () => {
  it('under whitespace, indentation and comment edits of the quick-start spec', () => {
    const edited = relayout(quickstart);
    expect(edited).not.toBe(quickstart);
    expect(edited.split('\n').length).toBeGreaterThan(quickstart.split('\n').length * 2);
    expect(hashes(planText(edited))).toEqual(hashes(planText(quickstart)));
  });

  it('when comments are removed', () => {
    const bare = quickstart.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
    expect(hashes(planText(bare))).toEqual(hashes(planText(quickstart)));
  });

  it('across two runs, and 64 hex digits each, all distinct', () => {
    const a = hashes(planText(quickstart));
    const b = hashes(planText(quickstart));
    expect(a).toEqual(b);
    expect(a.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(new Set(a).size).toBe(a.length);
  });

  it('when a sweep is written another way with the same values, or in another order', () => {
    const listed = quickstart.replace('logspace(5, 10, 6, base: 2)', '[32, 64, 128, 256, 512, 1024]');
    const reversed = quickstart.replace('logspace(5, 10, 6, base: 2)', '[1024, 512, 256, 128, 64, 32]');
    const original = planText(quickstart);
    expect(hashes(planText(listed))).toEqual(hashes(original));
    expect(byCell(planText(reversed))).toEqual(byCell(original));
  });

  it('when a binding is inlined (only values reach the cell)', () => {
    const inlined = quickstart.replace('let lr = 1.0\n', '').replace('gd(lr: lr)', 'gd(lr: 2 / 2)');
    expect(hashes(planText(inlined))).toEqual(hashes(planText(quickstart)));
  });
});

describe('hashes change exactly where the content does', () => {
  it('editing one width changes the hashes of that width’s cells only', () => {
    const before = byCell(planText(quickstart.replace('logspace(5, 10, 6, base: 2)', '[32, 64, 128, 256, 512, 1024]')));
    const after = planText(quickstart.replace('logspace(5, 10, 6, base: 2)', '[32, 64, 100, 256, 512, 1024]'));
    let changed = 0;
    for (const c of after.cells) {
      if (c.values['m'] === 100) {
        expect(before.get(`${JSON.stringify({ m: 128 })} seed ${c.seed}`)).not.toBe(c.hash);
        changed++;
      } else {
        expect(before.get(`${JSON.stringify(c.values)} seed ${c.seed}`)).toBe(c.hash);
      }
    }
    expect(changed).toBe(5); // five seeds
  });

  it('a setting used by every cell changes every hash; the seed count adds cells without touching others', () => {
    const base = planText(quickstart);
    const steps = planText(quickstart.replace('steps = 300', 'steps = 301'));
    expect(hashes(steps).filter((h) => hashes(base).includes(h))).toEqual([]);
    const moreSeeds = byCell(planText(quickstart.replace('seeds = 5', 'seeds = 6')));
    for (const [key, hash] of byCell(base)) expect(moreSeeds.get(key)).toBe(hash);
    expect(moreSeeds.size).toBe(36);
  });

  it('labels are not part of a hash: experiment name, index and swept values', () => {
    const base = planText(smallSpec());
    const renamed = planText(smallSpec().replace('experiment small', 'experiment other'));
    expect(hashes(renamed)).toEqual(hashes(base));
    const c = base.cells[1]!;
    expect(hashCell({ ...c, index: 99, hash: '' }).hash).toBe(c.hash);
    expect(hashCell({ ...c, values: { ...c.values, label: 'x' }, hash: '' }).hash).toBe(c.hash);
    expect(hashCell({ ...c, seed: c.seed + 1, hash: '' }).hash).not.toBe(c.hash);
  });

  it('adding a second model keeps the hashes of the first model\'s cells', () => {
    const base = planText(quickstart);
    const second = quickstart.replace('train {', 'model wide {\n  hidden = [m, m]\n}\n\ntrain {');
    const more = planText(second);
    expect(more.cells.length).toBe(2 * base.cells.length);
    for (const h of hashes(base)) expect(hashes(more)).toContain(h);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('hashes the same content the same whatever the key order', () => {
    const c = planText(smallSpec()).cells[0]!;
    const shuffled = Object.fromEntries(Object.entries(c).reverse()) as typeof c;
    expect(hashCell(shuffled).hash).toBe(c.hash);
  });
});
