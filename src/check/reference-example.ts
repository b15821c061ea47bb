// A minimal spec with one reference example in it, so that every example of
// grammar/REFERENCE.md can be checked as a user would write it (test/check/reference.test.ts),
// and the probe models whose misfits the reference lists (reference.ts).

import type { ContextBlock, Example } from './examples.js';

/** Where an example goes: the settings of a block, a measure line, or a top-level statement. */
export type ExampleHome = 'experiment' | 'data' | 'model' | 'train' | 'measure' | 'expect' | 'chart' | 'top';

type Lines = string[];
interface Base { experiment: Lines; top: Lines; data: Lines; model: Lines; train: Lines; measure: Lines; expect: Lines; chart: Lines }

const BASE: Base = {
  experiment: ['title = "Reference example"'],
  top: ['sweep m = [16, 32]', 'seeds = 2'],
  data: ['source = gaussian(std: 1)', 'dim = 4', 'n_train = 8', 'n_test = 8'],
  model: ['hidden = [m]', 'parameterization = ntk', 'init = normal(std: 1)'],
  train: ['optimizer = gd(lr: 0.1)', 'steps = 10'],
  measure: ['train_loss', 'test_loss', 'weight_change'],
  expect: ['claim = slope(weight_change, m) == -0.5 within 0.2'],
  chart: ['x = m', 'y = weight_change'],
};

/** The settings of an example, a `"""` string kept with its lines; `-key` lines remove a base setting. */
export function exampleLines(text: string): Lines {
  const out: Lines = [];
  let open = false;
  for (const line of text.split('\n')) {
    if (open) out[out.length - 1] += `\n${line}`;
    else out.push(line);
    if ((line.match(/"""/g) ?? []).length % 2 === 1) open = !open;
  }
  return out;
}

/** The example as shown to a reader: without the `-key` removals. */
export function shownExample(e: Example): string {
  const text = typeof e === 'string' ? e : e.text;
  return exampleLines(text).filter((l) => !l.startsWith('-')).join('\n');
}

const keyOf = (line: string): string => line.replace(/^-/, '').match(/^[\w.]+/)?.[0] ?? line;

function merge(lines: Lines, add: string | undefined): Lines {
  let out = [...lines];
  for (const line of add === undefined ? [] : exampleLines(add)) {
    out = out.filter((l) => keyOf(l) !== keyOf(line));
    if (!line.startsWith('-')) out.push(line);
  }
  return out;
}

const indent = (lines: Lines, pad: string): string =>
  lines.map((l) => l.split('\n').map((x) => pad + x).join('\n')).join('\n');

const block = (head: string, lines: Lines, pad = ''): string => `${pad}${head} {\n${indent(lines, `${pad}  `)}\n${pad}}`;

function render(b: Base, extraExpect: Lines | null, extraChart: Lines | null): string {
  const charts = [block('chart base_chart', b.chart, '  '), ...(extraChart ? [block('chart example', extraChart, '  ')] : [])];
  return [
    block('experiment ref', b.experiment),
    ...b.top,
    block('data d', b.data),
    block('model net', b.model),
    block('train', b.train),
    block('measure', b.measure),
    block('expect base', b.expect),
    ...(extraExpect ? [block('expect example', extraExpect)] : []),
    `report {\n${charts.join('\n')}\n}`,
  ].join('\n\n') + '\n';
}

function withContext(context: Partial<Record<ContextBlock, string>>): Base {
  return {
    ...BASE,
    top: [...BASE.top, ...(context.top ? exampleLines(context.top) : [])],
    data: merge(BASE.data, context.data),
    model: merge(BASE.model, context.model),
    train: merge(BASE.train, context.train),
    measure: merge(BASE.measure, context.measure),
  };
}

/** The minimal spec with `example` in its home: settings merged over the base, expect and chart examples as a block of their own. */
export function embedExample(home: ExampleHome, example: Example): string {
  const text = typeof example === 'string' ? example : example.text;
  const b = withContext(typeof example === 'string' ? {} : example.context);
  if (home === 'expect') return render(b, merge(['claim = slope(train_loss, m) < 0'], text), null);
  if (home === 'chart') return render(b, null, merge(BASE.chart, text));
  if (home === 'top') return render({ ...b, top: [...b.top, ...exampleLines(text)] }, null, null);
  return render({ ...b, [home]: merge(b[home], text) }, null, null);
}

const SINGLE = ['experiment', 'train', 'measure', 'report', 'seeds'];
const statementKey = (s: string): string => {
  const word = s.match(/^\w+/)?.[0] ?? '';
  return SINGLE.includes(word) ? word : s.split(/[={]/)[0]!.trim();
};

/** The minimal spec with a whole statement in it, replacing the base statement it redefines. */
export function embedStatement(statement: string): string {
  const parts = render(BASE, null, null).trimEnd().split('\n\n');
  const key = statementKey(statement);
  const at = parts.findIndex((p) => statementKey(p) === key);
  if (at >= 0) parts[at] = statement;
  else parts.splice(1, 0, statement);
  return parts.join('\n\n') + '\n';
}

/** Model variations whose misfits the reference lists, as example contexts of the base spec. */
export const PROBE_MODELS: { label: string; context: Partial<Record<ContextBlock, string>> }[] = [
  { label: 'a fully connected network (`hidden = [m]`)', context: {} },
  { label: 'a layered network (`layers = [...]`)', context: { model: 'layers = [dense(m), relu]\n-hidden' } },
  { label: '`activation = tanh`', context: { model: 'activation = tanh' } },
  { label: '`parameterization = standard`', context: { model: 'parameterization = standard' } },
  { label: '`head = softmax`', context: { model: 'head = softmax', data: 'source = gaussian(classes: 3)' } },
  { label: '`head = sigmoid` (bce)', context: { model: 'head = sigmoid' } },
  { label: '`optimizer = adam(…)`', context: { train: 'optimizer = adam(lr: 0.01)' } },
  { label: '`init = symmetrized(…)`', context: { model: 'init = symmetrized(normal(std: 1))' } },
];

/** The base spec with a probe model. */
export function probeSpec(context: Partial<Record<ContextBlock, string>>): string {
  return render(withContext(context), null, null);
}
