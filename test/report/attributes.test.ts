// Every value the report code interpolates into an HTML attribute goes through a helper that
// makes it safe there (esc, figureId's slug, verdictClass's allow-list), or is one of the few
// listed below whose values the code itself chooses. A new call site that writes a raw
// `${value}` into an attribute fails here, before any crafted input finds it.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/report/', import.meta.url));

/** Helpers whose result is safe inside a double-quoted attribute (Number: digits only). */
const SAFE = /^(esc|figureId|verdictClass|Number)\(/;

/** Interpolations whose values are the code's own, never input (file: expression → why). */
const CHOSEN: Record<string, string> = {
  "diff/render.ts: l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : ''": 'two constant class names',
  'gallery.ts: k': "a key of the constant ['pass', 'fail', 'inconclusive'] tuple",
  'highlight.ts: cls': 'a constant tk-* class from classOf',
  'page.ts: csp': 'fixed directives and base64 hashes (csp.ts)',
  'render.ts: href': 'a data: URL from dataUrl, which percent-encodes quotes, <, > and &',
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** `name="…${expr}…"` in a template literal: every interpolated expression, braces balanced. */
function attributeInterpolations(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/[a-zA-Z:-]+="[^"`]*?\$\{/g)) {
    let depth = 1, i = m.index + m[0].length;
    const start = i;
    while (depth > 0 && i < source.length) { if (source[i] === '{') depth++; else if (source[i] === '}') depth--; i++; }
    out.push(source.slice(start, i - 1).trim());
  }
  return out;
}

it('attribute values in src/report are escaped, slugged, allow-listed or the code\'s own', () => {
  const raw: string[] = [];
  const seen = new Set<string>();
  for (const file of files(SRC)) {
    const name = relative(SRC, file).split('\\').join('/');
    for (const expr of attributeInterpolations(readFileSync(file, 'utf8'))) {
      const key = `${name}: ${expr}`;
      seen.add(key);
      if (!SAFE.test(expr) && !(key in CHOSEN)) raw.push(key);
    }
  }
  expect(raw).toEqual([]);
  // The exceptions stay true: each still exists (a stale entry would excuse a new raw value).
  expect(Object.keys(CHOSEN).filter((k) => !seen.has(k))).toEqual([]);
});

it('finds a raw interpolation when there is one', () => {
  expect(attributeInterpolations('`<span class="verdict ${v.verdict}">${esc(x)}</span><a href="#${figureId(n)}">`')).toEqual(['v.verdict', 'figureId(n)']);
});
