// Escaping for everything user-written that lands in the HTML: text, attributes, JSON inside
// <script> elements, and numbers formatted for people. Nothing user-written is emitted raw:
// a results file is input like a spec (it can be edited or crafted), so values from it are
// escaped too, and values that pick a class name go through an allow-list instead.

import type { Verdict } from '../theory/verdict.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value, escaped for HTML. */
export function esc(s: string): string {
  // String(): a results file may hold a number (or worse) where a string belongs.
  return String(s).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** The verdicts a badge can show (a new Verdict fails to compile until listed); anything else is `none`. */
const VERDICTS = { pass: true, fail: true, inconclusive: true } as const satisfies Record<Verdict, true>;

/** A verdict as a CSS class name: only the known verdicts, never the file's text. */
export function verdictClass(v: unknown): Verdict | 'none' {
  return typeof v === 'string' && Object.hasOwn(VERDICTS, v) ? (v as Verdict) : 'none';
}

/** A verdict badge: allow-listed class, escaped text (`label` defaults to the verdict itself). */
export function badge(v: unknown, label?: string): string {
  return `<span class="verdict ${verdictClass(v)}">${esc(String(label ?? v))}</span>`;
}

/** JSON safe inside <script type="application/json">: no `<`, no line separators raw. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A library's source safe inside <script>: `</script` cannot end the element early. */
export function scriptSource(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

/** A slug usable as an HTML id (chart names are identifiers already; this keeps it so). */
export function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** A number for people: 4 significant digits, true minus sign, no trailing zeros. */
export function fmtNum(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-3 && a < 1e6 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return s.replace(/^-/, '−');
}

/** Seconds for people. */
export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Cell values as `m = 32, tau = 0.1`. */
export function fmtValues(values: Record<string, number | string>): string {
  const parts = Object.entries(values).map(([k, v]) => `${k} = ${typeof v === 'number' ? fmtNum(v) : v}`);
  return parts.length ? parts.join(', ') : 'the only cell';
}
