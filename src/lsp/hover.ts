// Hover documentation: settings, constructors and their parameters, measurements and what they
// record, enum words, `let` bindings with their expression, swept variables with the values
// they take, and the plan's cost on the `sweep` and `seeds` lines.

import type { IToken } from 'chevrotain';
import { describeCost } from '../plan/index.js';
import { printExpr } from '../fmt/index.js';
import { lexText, contextAt, tokenAt, type CursorContext } from './context.js';
import { collectBindings } from './bindings.js';
import type { Analysis, LspRange } from './analysis.js';
import * as T from '../lang/tokens.js';
import * as V from './vocabulary.js';
import * as M from '../messages/index.js';

export interface Hover { markdown: string; range: LspRange }

export function hoverAt(a: Analysis, offset: number): Hover | null {
  const { tokens } = lexText(a.text);
  const hit = tokenAt(tokens, offset);
  if (!hit || !isName(hit.token)) return null;
  const t = hit.token;
  const ctx = contextAt(a.text, t.startOffset + t.image.length);
  if (!ctx) return null;
  const next = tokens[hit.index + 1];
  const markdown = describeName(a, t.image, ctx, next);
  return markdown ? { markdown, range: a.lines.range(t.startOffset, t.startOffset + t.image.length) } : null;
}

function isName(t: IToken): boolean {
  return t.tokenType === T.Identifier || (t.tokenType.CATEGORIES ?? []).includes(T.Identifier);
}

/** The first description that fits where the name stands. */
function describeName(a: Analysis, name: string, ctx: CursorContext, next: IToken | undefined): string | null {
  const followed = next?.tokenType;
  if ((name === 'sweep' || name === 'seeds') && ctx.position === 'name' && (ctx.block === null || ctx.block === 'profile')) return costText(a);
  if (followed === T.Colon && ctx.call) return paramText(name, ctx);
  if (ctx.position === 'name' && followed === T.Equals) return settingText(name, ctx);
  if (ctx.block === 'measure' && ctx.position === 'name') return measurementText(name);
  if (followed === T.LParen) return callText(name, ctx);
  const binding = bindingText(a, name);
  if (binding) return binding;
  const setting = V.settingSpec(ctx.block, ctx.setting);
  if (setting?.values?.includes(name)) return `\`${name}\` — one of ${setting.values.map((v) => `\`${v}\``).join(', ')}\n\n${ctx.setting}: ${setting.doc}`;
  const recorded = V.recordedBy(name);
  if (recorded) return `**${name}** — recorded by the measurement \`${recorded.name}\`\n\n${recorded.spec.doc}`;
  return callText(name, ctx);
}

function settingText(name: string, ctx: CursorContext): string | null {
  const spec = V.settingSpec(ctx.block, name) ?? V.settingSpec(null, precedingPath(ctx, name));
  return spec ? `**${name}** — ${ctx.block} setting (${V.describeParam(spec)})\n\n${spec.doc}` : null;
}

/** In a profile, `train.steps` is looked up as the `steps` setting of `train`. */
function precedingPath(ctx: CursorContext, name: string): string | null {
  return ctx.block === 'profile' ? `train.${name}` : null;
}

function paramText(name: string, ctx: CursorContext): string | null {
  const call = ctx.call!;
  const params = ctx.block === 'measure' ? V.measurement(call)?.options : V.findCall(call, V.familyOf(ctx.block, ctx.setting))?.spec.params;
  const p = params?.[name];
  return p && Object.hasOwn(params, name) ? `**${name}** — parameter of \`${call}\` (${V.describeParam(p)})\n\n${p.doc}` : null;
}

function measurementText(name: string): string | null {
  const m = V.measurement(name);
  if (!m) return null;
  const options = Object.entries(m.options).map(([k, p]) => `- \`${k}\` (${V.describeParam(p)}): ${p.doc}`);
  return [`**${name}** — measurement`, m.doc, options.length ? `options:\n${options.join('\n')}` : '', `records: ${m.outputs.map((o) => `\`${o}\``).join(', ')}`].filter(Boolean).join('\n\n');
}

function callText(name: string, ctx: CursorContext): string | null {
  if (ctx.block === 'measure') return measurementText(name);
  const claim = V.claimFunction(name);
  if (claim && (ctx.block === 'expect' || ctx.block === 'profile' || ctx.block === null)) return `**${name}** — claim function\n\n${claim}`;
  const found = V.findCall(name, V.familyOf(ctx.block, ctx.setting));
  if (!found) return claim ? `**${name}** — claim function\n\n${claim}` : null;
  const params = Object.entries(found.spec.params).map(([k, p]) => `- \`${k}\` (${V.describeParam(p)}): ${p.doc}`);
  return [`**${V.signature(name, found.spec)}** — ${found.family}`, found.spec.doc, params.join('\n')].filter(Boolean).join('\n\n');
}

function bindingText(a: Analysis, name: string): string | null {
  const defs = collectBindings(a.spec).filter((b) => b.name === name);
  if (!defs.length) return null;
  const lines = defs.map((b) => b.statement.kind === 'let'
    ? `let ${name} = ${printExpr(b.statement.value, 0)}`
    : `sweep ${b.statement.names.join(', ')} = ${printExpr(b.statement.value, 0)}`);
  // A swept variable shows its values and what the sweep costs.
  const swept = defs.some((b) => b.kind === 'sweep');
  const extra = swept ? [sweptValues(a, name), costText(a)] : [];
  return [`\`\`\`lazylab\n${lines.join('\n')}\n\`\`\``, ...extra].filter(Boolean).join('\n\n');
}

/** The values a swept variable takes in each plan (the default one and every profile's). */
function sweptValues(a: Analysis, name: string): string | null {
  const out: string[] = [];
  for (const [profile, plan] of a.plans) {
    const seen = [...new Set(plan.cells.map((c) => c.values[name]).filter((v) => v !== undefined))];
    if (!seen.length) continue;
    const shown = seen.slice(0, 12).map((v) => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : v)).join(', ');
    out.push(`${profile ? `profile \`${profile}\`` : 'values'}: ${shown}${seen.length > 12 ? `, … (${seen.length} in all)` : ''}`);
  }
  return out.length ? out.join('\n\n') : null;
}

function costText(a: Analysis): string {
  if (!a.plans.size) return M.hoverNoPlan();
  return [...a.plans].map(([profile, plan]) => M.hoverCost(profile, describeCost(plan))).join('\n\n');
}
