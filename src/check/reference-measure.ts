// The measurement and claim sections of grammar/REFERENCE.md, from MEASUREMENTS and
// CLAIM_FUNCTIONS (catalogue.ts) with their docs (docs.ts, examples.ts). Which models a
// measurement refuses is not written by hand: every misfit test of the catalogue is run on
// probe models planned from the reference's minimal spec, and their reasons are printed.

import { CLAIM_FUNCTIONS, MEASUREMENTS, type ModelFacts } from './catalogue.js';
import { MEASUREMENT_DOCS } from './docs.js';
import { CLAIM_EXAMPLES } from './examples.js';
import { modelFacts } from './index.js';
import { PROBE_MODELS, probeSpec } from './reference-example.js';
import { cell, exampleBlock, inlineExample, paramRows, sentence, table } from './reference-parts.js';
import { parseSpec } from '../lang/parse.js';
import { planSpec } from '../plan/plan.js';

interface Probe { label: string; facts: ModelFacts }

/** Each probe model planned (first cell); a probe that does not plan is a bug in the reference's tables. */
export function planProbes(): Probe[] {
  return PROBE_MODELS.map(({ label, context }) => {
    const { plan, diagnostics } = planSpec(parseSpec(probeSpec(context)).spec, { profile: null, hash: false });
    const first = plan?.cells[0];
    if (!first) throw new Error(`reference probe ${label} does not plan: ${diagnostics.map((d) => d.message).join('; ')}`);
    return { label, facts: modelFacts(first) };
  });
}

function refusals(name: string, probes: Probe[]): string {
  const misfit = MEASUREMENTS[name]!.misfit;
  if (!misfit) return '**Refused for:** no model; it is defined for every architecture.';
  const byReason = new Map<string, string[]>();
  for (const p of probes) {
    const reason = misfit(p.facts);
    if (reason !== null) byReason.set(reason, [...(byReason.get(reason) ?? []), p.label]);
  }
  if (!byReason.size) return `**Refused for:** none of the probe models (${probes.map((p) => p.label).join(', ')}).`;
  const lines = [...byReason].map(([reason, labels]) => `- ${labels.join(', ')}: ${reason}`);
  return `**Refused for** (error E0408 at the measurement, with this reason as its hint):\n\n${lines.join('\n')}`;
}

function measurement(name: string, probes: Probe[]): string {
  const m = MEASUREMENTS[name]!;
  const d = MEASUREMENT_DOCS[name];
  if (!d) throw new Error(`measurement ${name} has no entry in src/check/docs.ts`);
  const options = Object.keys(m.options).length
    ? table(['option', 'type', 'default', 'meaning'], paramRows(m.options))
    : 'Options: none.';
  const outputs = table(['record', 'value'], m.outputs.map((o) => [`\`${o}\``, cell(d.outputs[o] ?? '')]));
  return [
    `### \`${name}\``, sentence(m.doc),
    `**Formula:** ${d.formula}.`, options, outputs, `**Cost:** ${d.cost}.`, refusals(name, probes), exampleBlock('measure', d.example),
  ].join('\n\n');
}

export function measurementSection(): string {
  const probes = planProbes();
  const intro = [
    'One line each in the `measure` block, `name` or `name(option: value, …)`. Each records the values listed under',
    '"record" at every logged step (`train.log`), unless it says otherwise; charts and claims name those values.',
    'Notation: f = α·h(x; w) is the model output (`scale` α), w_t the parameters after t steps, n the number of training',
    'examples, P the number of parameters, η the learning rate. The engine\'s conventions (losses, objective, targets) are in',
    '[src/run/RESULTS.md](../src/run/RESULTS.md).',
  ].join('\n');
  return ['## Measurements', intro, ...Object.keys(MEASUREMENTS).map((n) => measurement(n, probes))].join('\n\n');
}

function claimSignature(name: string): string {
  const f = CLAIM_FUNCTIONS[name]!;
  const args = ['y', 'x', 'x2'].slice(0, f.maxArgs);
  if (name === 'isoline_slope') args.splice(1, 2, 'x1', 'x2');
  return `${name}(${args.join(', ')}, filters…)`;
}

export function claimSection(): string {
  const rows = Object.entries(CLAIM_FUNCTIONS).map(([n, f]) => {
    const e = CLAIM_EXAMPLES[n];
    if (!e) throw new Error(`claim function ${n} has no example in src/check/examples.ts`);
    return [`\`${claimSignature(n)}\``, cell(f.doc), inlineExample(e)];
  });
  const intro = [
    'A claim (`expect { claim = … }`) compares values of these functions: `==`, `!=`, `<`, `<=`, `>`, `>=`, with an absolute',
    '(`within 0.1`) or relative (`within 20%`) tolerance, combined with `and`, `or`, `not`. `decreasing` and `increasing` are',
    'claims by themselves. Arguments are measurement and swept names; named arguments pick cells (`model: lazy`, `tau: max`,',
    '`m: 64`) or a layer (`layer: 1`); positional comparisons select a range (`tau >= 1.34`). Every value carries an interval',
    'over seeds, and a comparison passes when the whole interval of lhs − rhs satisfies it (details: src/theory/README.md).',
  ].join('\n');
  return [
    '## Claim functions',
    intro,
    table(['function', 'value', 'example (`claim = …`)'], rows),
  ].join('\n\n');
}
