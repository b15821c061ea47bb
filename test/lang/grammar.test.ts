// The committed grammar reference matches the live parser (regenerated in memory), the
// diagrams page loads nothing from the network, and every example in grammar/README.md parses
// without diagnostics and is in fmt form.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ebnfFromParser, railroadHtml } from '../../src/lang/grammar-doc.js';
import { parser } from '../../src/lang/parser.js';
import { parseSpec } from '../../src/lang/parse.js';
import { formatSpec } from '../../src/fmt/index.js';

const GRAMMAR = join(import.meta.dirname, '../../grammar');
const read = (f: string): string => readFileSync(join(GRAMMAR, f), 'utf8');
const STALE = 'is out of date: run `npm run grammar`';

describe('grammar/ reference files', () => {
  it(`lazylab.ebnf ${STALE} when this fails`, () => {
    expect(read('lazylab.ebnf')).toBe(ebnfFromParser());
  });

  it(`railroad.html ${STALE} when this fails`, () => {
    expect(read('railroad.html') === railroadHtml()).toBe(true);
  });

  it('defines every parser rule once in the EBNF, and names only defined rules', () => {
    const ebnf = ebnfFromParser();
    const rules = parser.getSerializedGastProductions().map((r) => (r as { name: string }).name);
    const defined = [...ebnf.matchAll(/^(\w+)\s+::=/gm)].map((m) => m[1]);
    for (const r of rules) expect(defined.filter((d) => d === r)).toHaveLength(1);
    const body = ebnf.replace(/\(\*[\s\S]*?\*\)/g, '').replace(/'[^']*'|\/.*\/$/gm, '');
    for (const [, word] of body.matchAll(/\b([a-z]\w*)\b/g)) expect(rules, word).toContain(word);
  });

  it('draws the diagrams with inlined scripts and styles only', () => {
    const html = railroadHtml();
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html).toContain('drawDiagramsFromSerializedGrammar');
    expect(html).toContain('"name": "sweepTarget"');
  });
});

describe('grammar/README.md examples', () => {
  const blocks = [...read('README.md').matchAll(/```lazy\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('has an example of every statement kind', () => {
    const kinds = new Set(blocks.flatMap((b) => parseSpec(b).spec.statements.map((s) => s.kind)));
    for (const k of ['experiment', 'let', 'sweep', 'seeds', 'data', 'model', 'train', 'measure', 'expect', 'report', 'profile']) {
      expect(kinds, k).toContain(k);
    }
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))('example %i parses and is in fmt form', (_, block) => {
    expect(parseSpec(block).diagnostics).toEqual([]);
    expect(formatSpec(block).text).toBe(block);
  });
});
