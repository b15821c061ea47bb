// Robustness of the whole front end (issue 9): on random token soup, on the shapes that used to
// crash (deep nesting, long chains, huge sizes, JavaScript prototype names, BOM and CR) and on
// mutations of the example specs, parse → check → plan never throw, every diagnostic has a real
// position, and fmt's output formats to itself. `npm run fuzz` runs the same at 10⁵ inputs.

import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseSpec } from '../../src/lang/parse.js';
import { checkSpec } from '../../src/check/index.js';
import { planSpec } from '../../src/plan/plan.js';
import { profileNames } from '../../src/plan/profile.js';
import { formatSpec } from '../../src/fmt/index.js';
import { hasErrors } from '../../src/diagnostics.js';
import { assertValidPositions } from '../lang/helpers.js';
import { errorFixtures } from './helpers.js';

/** Every stage on one text; throws (failing the property) on a crash or a bad position. */
function throughEverything(text: string): void {
  const parsed = parseSpec(text);
  const checked = checkSpec(parsed.spec);
  const planned = [null, ...profileNames(parsed.spec).slice(0, 1)].flatMap((profile) => planSpec(parsed.spec, { profile }).diagnostics);
  assertValidPositions([...parsed.diagnostics, ...checked, ...planned].filter((d) => !d.whole), text);
  if (hasErrors(parsed.diagnostics)) return;
  const once = formatSpec(text).text!;
  const again = formatSpec(once);
  if (again.text !== once || hasErrors(again.diagnostics)) throw new Error(`fmt is not idempotent on ${JSON.stringify(text)}`);
}

const NAMES = ['x', 'm', 'constructor', '__proto__', 'toString', 'valueOf', 'range', 'min', 'gd', 'every', 'seed', 'pi'];
const PIECES = ['experiment', 'let', 'sweep', 'seeds', 'data', 'model', 'train', 'measure', 'profile', 'not', 'and',
  '{', '}', '(', ')', '[', ']', ',', ':', '.', '=', '+', '-', '*', '/', '^', '<=', '0', '1e308', '4294967296',
  '"s"', '"""a\rb"""', '"""open', '"open', '\n', '\r', '\uFEFF', '\u00a0', ';', ...NAMES];

const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 50 }).map((ts) => ts.join(' '));

const deepShape = fc.tuple(fc.nat(7), fc.integer({ min: 1, max: 120 })).map(([k, n]) => [
  '('.repeat(n) + '1', '('.repeat(n) + '1' + ')'.repeat(n), 'f('.repeat(n) + '1' + ')'.repeat(n), '['.repeat(n),
  '-'.repeat(n) + '1', '1' + '^2'.repeat(n), '1' + ' + 1'.repeat(n * 10), '(-f(['.repeat(n),
][k]!);
const bigValue = fc.constantFrom('4294967296', 'range(1, 20000)', 'min(range(1, 1000))', '[]', 'zip([1], [])',
  'constructor(0)', '__proto__(lr: 1)', 'toString', 'toString(6)', '1e400');
const expr = fc.oneof(deepShape, bigValue, soup.map((s) => s.replace(/\n|\r/g, ' ')));

const bases = [...errorFixtures().map((f) => f.source)];

/** A base spec with the value of one `key = value` line replaced. */
const replaced = fc.tuple(fc.constantFrom(...bases), fc.nat(), expr).map(([text, at, e]) => {
  const lines = text.split('\n');
  const settable = lines.map((l, i) => (/=\s*\S/.test(l) ? i : -1)).filter((i) => i >= 0);
  const i = settable[at % settable.length]!;
  lines[i] = lines[i]!.replace(/=.*$/, `= ${e}`);
  return lines.join('\n');
});

const cutOrSpliced = fc.tuple(fc.constantFrom(...bases), fc.double({ min: 0, max: 1, noNaN: true }), soup, fc.constantFrom('\n', '\r\n', '\r'))
  .map(([text, frac, s, eol]) => {
    const at = Math.floor(frac * text.length);
    return `\uFEFF${text.slice(0, at)}${s}${text.slice(at)}`.replace(/\n/g, eol);
  });

describe('parse, check, plan and fmt never crash, and positions stay real', () => {
  it('on token soup', () => {
    fc.assert(fc.property(soup, throughEverything), { numRuns: 400 });
  });

  it('on deep, huge and prototype-named values put into the fixture specs', () => {
    fc.assert(fc.property(replaced, throughEverything), { numRuns: 200 });
  });

  it('on fixture specs with soup spliced in, a BOM and other line breaks', () => {
    fc.assert(fc.property(cutOrSpliced, throughEverything), { numRuns: 300 });
  });
});
