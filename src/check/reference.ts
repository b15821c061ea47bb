// grammar/REFERENCE.md, generated from the tables the checker uses (BLOCKS and CALLS in
// schema.ts, MEASUREMENTS and CLAIM_FUNCTIONS in catalogue.ts, the expression functions of
// plan/eval.ts) and their docs (docs.ts, examples.ts), so it cannot drift from what `check`
// accepts. `npm run grammar` writes it; test/check/reference.test.ts fails when it is stale
// and checks every example in it.

import { ACTIVATIONS, BLOCKS, BUILTIN_AXES, CALLS, type CallSpec } from './schema.js';
import { CALL_EXAMPLES, FUNCTION_DOCS, SETTING_EXAMPLES, STATEMENTS, type Example } from './examples.js';
import { claimSection, measurementSection } from './reference-measure.js';
import { cell, sentence, defaultOf, exampleBlock, inlineExample, paramRows, signature, table, typeOf } from './reference-parts.js';
import type { ExampleHome } from './reference-example.js';
import { FUNCTION_NAMES } from '../plan/eval.js';

/** The block whose setting a constructor family is the value of (its examples live there). */
export const FAMILY_HOME: Record<keyof typeof CALLS, ExampleHome> = {
  source: 'data', init: 'model', optimizer: 'train', schedule: 'train', log: 'train', layer: 'model', augment: 'data', theory: 'chart',
};

const BLOCK_INTRO: Record<keyof typeof BLOCKS, string> = {
  experiment: '`experiment NAME { … }`: what the report is called and says. Required, once.',
  data: '`data NAME { … }`: a data set. Several data blocks are crossed with the models; charts and claims tell them apart by `data`.',
  model: '`model NAME { … }`: a network, fully connected (`hidden`) or a list of `layers`. Several are compared in one run (`model` in charts and claims).',
  train: '`train { … }`: the loss, optimizer and schedule shared by every cell. Required, once.',
  expect: '`expect NAME { … }`: a claim checked against the results (pass, fail or inconclusive); see [Claim functions](#claim-functions).',
  chart: '`chart NAME { … }` inside `report { … }`: one figure, the mean over seeds with a band.',
};

function need<T>(table: Record<string, T> | undefined, key: string, where: string): T {
  const v = table?.[key];
  if (v === undefined) throw new Error(`${key} has no example in ${where} (src/check/examples.ts)`);
  return v;
}

function blockSection(kind: keyof typeof BLOCKS): string {
  const settings = BLOCKS[kind];
  const rows = Object.entries(settings).map(([k, s]) =>
    [`\`${k}\``, typeOf(s), defaultOf(s), cell(s.doc), inlineExample(need(SETTING_EXAMPLES[kind], k, `SETTING_EXAMPLES.${kind}`))]);
  const extra = kind === 'chart' ? `\n\nAxes (\`x\`, \`y\`, \`color\`, \`facet\`) name a swept variable, a measurement's record or one of ${BUILTIN_AXES.map((a) => `\`${a}\``).join(', ')}. The \`theory\` overlays are the [theory](#theory) constructors.` : '';
  return [`### \`${kind}\``, BLOCK_INTRO[kind] + extra, table(['setting', 'type', 'default', 'meaning', 'example'], rows)].join('\n\n');
}

function constructor(family: keyof typeof CALLS, name: string, spec: CallSpec): string {
  const example: Example = need(CALL_EXAMPLES[family], name, `CALL_EXAMPLES.${family}`);
  const params = Object.keys(spec.params).length ? table(['argument', 'type', 'default', 'meaning'], paramRows(spec.params)) : 'No arguments.';
  return [`#### \`${signature(name, spec.params, spec.positional)}\``, sentence(spec.doc), params, exampleBlock(FAMILY_HOME[family], example)].join('\n\n');
}

const FAMILY_INTRO: Record<keyof typeof CALLS, string> = {
  source: 'Data sources, the value of `data.source`.',
  init: 'Weight initializations, the value of `model.init` (or a list, one per layer).',
  optimizer: 'Optimizers, the value of `train.optimizer`.',
  schedule: 'Learning-rate schedules, the `schedule:` argument of an optimizer (`momentum(lr: 0.1, schedule: inverse_time(epochs: 3))`). The lr is set per epoch: update t (from 0) is in epoch e = floor(t / s), s = ceil(n_train / batch) steps an epoch (the batcher\'s passes over the training set, the last batch the remainder; s = 1 for full-batch training, so there an epoch is a step). A schedule is part of a cell\'s hash only when written; `constant` is the same as none.',
  log: 'Logging schedules, the value of `train.log`: the steps at which measurements are recorded.',
  layer: `Layers, the items of \`model.layers\` (the output layer is added after them). An activation (${ACTIVATIONS.map((a) => `\`${a}\``).join(', ')}) is a layer too.`,
  augment: 'Training-batch augmentations of image data, the value of `data.augment` (layered models only).',
  theory: 'Theory overlays, the value of `chart.theory`: what theory predicts, drawn beside the data.',
};

function constructorSection(): string {
  const families = (Object.keys(CALLS) as (keyof typeof CALLS)[]).map((f) => {
    const calls = CALLS[f] as Record<string, CallSpec>;
    return [`### ${f}`, FAMILY_INTRO[f], ...Object.entries(calls).map(([n, s]) => constructor(f, n, s))].join('\n\n');
  });
  const intro = 'A constructor is written `name(positional, …, named: value)`; positional arguments come in the order of the signature, named-only ones (after the positional ones in the signature, with `:`) only by name. A constructor without arguments is written without parentheses (`init = he`).';
  return ['## Constructors', intro, ...families].join('\n\n');
}

function statementSection(): string {
  const parts = STATEMENTS.map((s) => `### \`${s.form}\`\n\n${sentence(s.doc)}\n\n\`\`\`lazy\n${s.example}\n\`\`\``);
  return ['## Statements', ...parts].join('\n\n');
}

function functionSection(): string {
  const rows = FUNCTION_NAMES.map((n) => {
    const d = FUNCTION_DOCS[n];
    if (!d) throw new Error(`expression function ${n} has no entry in FUNCTION_DOCS (src/check/examples.ts)`);
    return [`\`${n}\``, cell(d.doc), `\`${d.example}\``];
  });
  return ['## Expression functions', 'Expressions (in `let`, `sweep` and settings) have `+ - * / ^`, comparisons, `and or not`, lists, the constants `pi`, `true`, `false`, and these functions:', table(['function', 'meaning', 'example'], rows)].join('\n\n');
}

const HEADER = `# The lazylab language reference

Generated from the checker's tables (src/check/schema.ts, src/check/catalogue.ts,
src/check/docs.ts, src/check/examples.ts) by \`npm run grammar\`; do not edit by hand. A test fails
when this file is out of date, and every example below is checked, inside a minimal spec, without
errors. The syntax is in [lazylab.ebnf](lazylab.ebnf), explained by example in [README.md](README.md).

Contents: [Statements](#statements) · [Expression functions](#expression-functions) ·
[Blocks and settings](#blocks-and-settings) · [Constructors](#constructors) ·
[Charts](#chart) · [Theory overlays](#theory) · [Measurements](#measurements) ·
[Claim functions](#claim-functions)

In the tables, *required* means the setting has no default; \`—\` means none is set and the meaning
says what is used then.`;

/** The whole reference, as markdown. */
export function referenceMarkdown(): string {
  const blocks = (Object.keys(BLOCKS) as (keyof typeof BLOCKS)[]).map(blockSection);
  return [
    HEADER, statementSection(), functionSection(), ['## Blocks and settings', ...blocks].join('\n\n'),
    constructorSection(), measurementSection(), claimSection(),
  ].join('\n\n') + '\n';
}
