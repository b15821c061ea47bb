// Resolves a `model` block in one cell into a ModelConfig: widths, multipliers by
// parameterization, the per-layer init distributions, the output head.

import type { ModelBlock, Expr } from '../lang/ast.js';
import type { Activation, Head, InitConfig, InitDist, ModelConfig, Parameterization } from './cell.js';
import { ACTIVATIONS, HEADS, PARAMETERIZATIONS } from '../check/schema.js';
import { Collector, EvalError, type Scope } from './eval.js';
import { resolveBoolean, resolveEnum, resolveNumber, resolveNumberList } from './values.js';
import { asCall, resolveFamily } from './calls.js';
import * as M from '../messages/index.js';
import type { Shape } from '../theory/net/spec.js';
import { resolveLayeredModel } from './resolve-layered-model.js';


/** The deepest network a spec may ask for (the specs in specs/ use at most 4 hidden layers). */
export const MAX_LAYERS = 1000;

export function settingOf(block: { settings: { path: string[]; value: Expr }[] }, key: string): Expr | undefined {
  return block.settings.find((s) => s.path[0] === key)?.value;
}

export type OptionalSetting = <T>(key: string, resolve: (e: Expr) => T, fallback: T) => T;

/** An optional setting of the block, resolved with a fallback; its error goes to the collector. */
export function optionalSetting(block: ModelBlock, c: Collector): OptionalSetting {
  return (key, resolve, fallback) => {
    const e = settingOf(block, key);
    return e ? c.take(() => resolve(e), fallback) : fallback;
  };
}

/** The settings every kind of model reads first: head, parameterization and σ_w. */
export function resolveBasics(opt: OptionalSetting, scope: Scope): { head: Head; parameterization: Parameterization; sigmaW: number } {
  return {
    head: opt('head', (e) => resolveEnum(e, HEADS, 'head', scope), 'scalar') as Head,
    parameterization: opt('parameterization', (e) => resolveEnum(e, PARAMETERIZATIONS, 'parameterization', scope), 'standard') as Parameterization,
    sigmaW: opt('sigma_w', (e) => resolveNumber(e, 'positive', 'sigma_w', scope), 1),
  };
}

export function resolveModel(block: ModelBlock, inputDim: number, classes: number, scope: Scope, inputShape?: Shape): ModelConfig {
  const get = (k: string) => settingOf(block, k);
  const layersExpr = get('layers');
  if (layersExpr) return resolveLayeredModel(block, layersExpr, inputShape ?? { kind: 'flat', n: inputDim }, classes, scope);
  const hiddenExpr = get('hidden');
  if (!hiddenExpr) throw new EvalError('E0402', M.blockNeeds('model', block.name, 'hidden'), block.nameSpan, M.settingExample('hidden'));
  const hidden = resolveNumberList(hiddenExpr, 'positiveInteger', 'width', scope, 'hidden');
  if (hidden.length === 0) throw new EvalError('E0320', M.noHiddenLayer(block.name), hiddenExpr.span, M.noHiddenLayerHint());
  // `hidden = range(1, 1000000)` would build (and hash) a million layers in every cell.
  if (hidden.length > MAX_LAYERS) throw new EvalError('E0311', M.tooManyLayers(block.name, hidden.length, MAX_LAYERS), hiddenExpr.span);
  // Each setting resolves on its own (with a fallback), so every bad one is reported.
  const c = new Collector();
  const opt = optionalSetting(block, c);
  const { head, parameterization, sigmaW } = resolveBasics(opt, scope);
  const outputDim = head === 'softmax' ? classes : 1;
  const fanIns = [inputDim, ...hidden];
  const multipliers = c.take(() => resolveMultipliers(block, parameterization, fanIns, scope), fanIns.map(() => 1));
  const fallbackInit: InitConfig = { layers: fanIns.map(() => ({ kind: 'normal', std: 1 })), symmetrized: false, frozenCopy: false };
  const init = c.take(() => resolveInit(get('init'), parameterization, sigmaW, fanIns, [...hidden, outputDim], scope), fallbackInit);
  if (init.symmetrized && hidden[hidden.length - 1]! % 2 !== 0) {
    c.take(() => { throw new EvalError('E0321', M.symmetrizedOddWidth(hidden[hidden.length - 1]), get('init')!.span, M.symmetrizedOddWidthHint()); }, null);
  }
  const model: ModelConfig = {
    name: block.name,
    inputDim,
    hidden,
    outputDim,
    activation: opt('activation', (e) => resolveEnum(e, ACTIVATIONS, 'activation', scope), 'relu') as Activation,
    bias: opt('bias', (e) => resolveBoolean(e, 'bias', scope), false),
    parameterization,
    multipliers,
    biasStd: opt('bias_std', (e) => resolveNumber(e, 'nonNegative', 'bias_std', scope), 0),
    outputScale: opt('scale', (e) => resolveNumber(e, 'positive', 'output scale', scope), 1),
    init,
    head,
  };
  c.done();
  return model;
}

function resolveMultipliers(block: ModelBlock, p: Parameterization, fanIns: number[], scope: Scope): number[] {
  const given = settingOf(block, 'multipliers');
  if (p === 'custom') {
    if (!given) throw new EvalError('E0403', M.customNeedsMultipliers(), block.nameSpan, M.onePerLayer(fanIns.length));
    const ms = resolveNumberList(given, 'positive', 'multiplier', scope, 'multipliers');
    if (ms.length !== fanIns.length) throw new EvalError('E0322', M.multiplierCount(block.name, fanIns.length, ms.length), given.span);
    return ms;
  }
  if (given) throw new EvalError('E0404', M.multipliersNeedCustom(), given.span, M.setCustom());
  if (p === 'ntk') return fanIns.map((f) => 1 / Math.sqrt(f));
  if (p === 'mean_field') return fanIns.map((f, i) => (i === fanIns.length - 1 ? 1 / f : 1));
  return fanIns.map(() => 1);
}

export function resolveInit(e: Expr | undefined, p: Parameterization, sigmaW: number, fanIns: number[], fanOuts: number[], scope: Scope): InitConfig {
  const defaults = fanIns.map((f): InitDist => ({ kind: 'normal', std: p === 'standard' ? sigmaW / Math.sqrt(f) : sigmaW }));
  if (!e) return { layers: defaults, symmetrized: false, frozenCopy: false };
  const c = asCall(e);
  if (c && (c.callee === 'symmetrized' || c.callee === 'frozen_copy')) {
    const inner = c.args[0]?.value;
    const base = inner ? resolveInit(inner, p, sigmaW, fanIns, fanOuts, scope) : { layers: defaults, symmetrized: false, frozenCopy: false };
    return c.callee === 'symmetrized' ? { ...base, symmetrized: true } : { ...base, frozenCopy: true };
  }
  if (e.kind === 'list') {
    if (e.items.length !== fanIns.length) throw new EvalError('E0322', M.initCount(fanIns.length, e.items.length), e.span);
    return { layers: e.items.map((item, i) => dist(item, fanIns[i]!, fanOuts[i]!, scope)), symmetrized: false, frozenCopy: false };
  }
  return { layers: fanIns.map((f, i) => dist(e, f, fanOuts[i]!, scope)), symmetrized: false, frozenCopy: false };
}

function dist(e: Expr, fanIn: number, fanOut: number, scope: Scope): InitDist {
  const r = resolveFamily(e, 'init', scope);
  switch (r.kind) {
    case 'normal': return { kind: 'normal', std: r.args['std'] as number };
    case 'uniform': {
      const [low, high] = [r.args['low'] as number, r.args['high'] as number];
      if (!(low < high)) throw new EvalError('E0323', M.uniformBounds(low, high), e.span);
      return { kind: 'uniform', low, high };
    }
    case 'glorot': return { kind: 'normal', std: Math.sqrt(2 / (fanIn + fanOut)) };
    case 'he': return { kind: 'normal', std: Math.sqrt(2 / fanIn) };
    default: throw new EvalError('E0324', M.nestedWrapper(r.kind), e.span, M.nestedWrapperHint());
  }
}
