// Pieces of grammar/REFERENCE.md: how a type, a default and an example read, markdown tables
// with `|` escaped, and the code block an example is shown in (inside its block's head, so
// the reader sees where it goes).

import type { ParamSpec, SettingSpec, ValueType } from './schema.js';
import type { Example } from './examples.js';
import { exampleLines, shownExample, type ExampleHome } from './reference-example.js';

const TYPE_WORDS: Record<ValueType, string> = {
  number: 'number', integer: 'integer', positive: 'number > 0', positiveInteger: 'integer ≥ 1',
  nonNegative: 'number ≥ 0', probability: 'number in [0, 1]', boolean: '`true` or `false`', string: 'string',
  stringList: 'list', numberList: 'list of numbers', widthList: 'list of widths', name: 'name',
  expr: 'expression', any: 'value',
};

export function typeOf(s: SettingSpec | ParamSpec): string {
  const words = ('values' in s ? s.values ?? [] : []).map((v) => `\`${v}\``).join(' \\| ');
  switch (s.type) {
    case 'enum': return words;
    case 'enumOrRef': return `${words} \\| a step`;
    case 'call': return `[${s.family}](#${s.family}) constructor`;
    case 'callOrList': return `[${s.family}](#${s.family}) constructor, or a list of them`;
    case 'comparison': return 'comparison';
    default: return TYPE_WORDS[s.type];
  }
}

/** `required` when there is no default; `—` for "none" (the meaning says what is used then). */
export function defaultOf(s: { type: string; default?: unknown; required?: boolean }): string {
  if (s.required || s.default === undefined) return '*required*';
  const v = s.default;
  if (v === null) return '—';
  if (typeof v === 'string') return s.type === 'string' ? `\`"${v}"\`` : `\`${v}\``;
  return `\`${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}\``;
}

export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const sentence = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}${s.endsWith('.') ? '' : '.'}`;

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const HEADS: Record<Exclude<ExampleHome, 'top'>, string> = {
  experiment: 'experiment ref', data: 'data d', model: 'model net', train: 'train',
  measure: 'measure', expect: 'expect example', chart: 'chart example',
};

/** What an example needs elsewhere in the spec, in words (`-key` removals left out). */
export function contextNote(e: Example): string {
  if (typeof e === 'string') return '';
  const parts = Object.entries(e.context).flatMap(([b, text]) => {
    const lines = exampleLines(text ?? '').filter((l) => !l.startsWith('-'));
    return lines.length ? [`${b === 'top' ? '' : `${b}: `}${lines.join('  ')}`] : [];
  });
  return parts.join('; ');
}

/** An example in a ```lazy block, inside the head of the block it belongs to; what it needs elsewhere as a comment. */
export function exampleBlock(home: ExampleHome, e: Example): string {
  const text = shownExample(e);
  const note = contextNote(e);
  const wrap = (head: string, inner: string): string => `${head} {\n${inner.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n')}\n}`;
  // A chart is shown inside its `report` block, so that every example reads as a whole statement.
  const body = home === 'top' ? text : home === 'chart' ? wrap('report', wrap(HEADS.chart, text)) : wrap(HEADS[home], text);
  return `\`\`\`lazy\n${note ? `# with ${note}\n` : ''}${body}\n\`\`\``;
}

/** A one-line example for a table cell: its settings joined by two spaces (layout is free). */
export function inlineExample(e: Example): string {
  const lines = exampleLines(shownExample(e));
  if (lines.some((l) => l.includes('\n'))) throw new Error(`a table example must be one line per setting: ${shownExample(e)}`);
  const note = contextNote(e);
  return `\`${cell(lines.join('  '))}\`${note ? ` (with \`${cell(note)}\`)` : ''}`;
}

/** A constructor's signature: positional parameters, then the named-only ones with `name:`. */
export function signature(name: string, params: Record<string, ParamSpec>, positional: readonly string[]): string {
  const names = Object.keys(params);
  if (!names.length) return name;
  const named = names.filter((n) => !positional.includes(n)).map((n) => `${n}:`);
  return `${name}(${[...positional, ...named].join(', ')})`;
}

export function paramRows(params: Record<string, ParamSpec>): string[][] {
  return Object.entries(params).map(([k, p]) => [`\`${k}\``, typeOf(p), defaultOf(p), cell(p.doc)]);
}
