// Resolves a model block written with `layers = [...]` (convolutional, residual, or any layered
// network) into a ModelConfig: the layer specs with the output layer, bias and multipliers set,
// one init distribution per weight layer, and the input shape of the data.
import type { Expr, ModelBlock } from '../lang/ast.js';
import type { Activation, ModelConfig } from './cell.js';
import { ACTIVATIONS } from '../check/schema.js';
import { Collector, EvalError, type Scope } from './eval.js';
import { resolveBoolean, resolveEnum, resolveNumber } from './values.js';
import { optionalSetting, resolveBasics, resolveInit, settingOf } from './resolve-model.js';
import { applyMultipliers, layeredMultipliers, resolveLayerList } from './resolve-layers.js';
import { layerFans, type LayerSpec, type Shape } from '../theory/net/spec.js';
import * as M from '../messages/index.js';

export function resolveLayeredModel(block: ModelBlock, layersExpr: Expr, input: Shape, classes: number, scope: Scope): ModelConfig {
  const get = (k: string) => settingOf(block, k);
  const hidden = get('hidden');
  if (hidden) throw new EvalError('E0406', M.layersAndHidden(), hidden.span, M.layersOrHidden());
  const c = new Collector();
  const opt = optionalSetting(block, c);
  const { head, parameterization, sigmaW } = resolveBasics(opt, scope);
  const activation = opt('activation', (e) => resolveEnum(e, ACTIVATIONS, 'activation', scope), 'relu') as Activation;
  const bias = opt('bias', (e) => resolveBoolean(e, 'bias', scope), false);
  const outputDim = head === 'softmax' ? classes : 1;
  const written = resolveLayerList(block, layersExpr, input, outputDim, activation, scope);
  const { fanIns, fanOuts } = layerFans(written, input);
  const multipliers = c.take(() => layeredMultipliers(block, parameterization, fanIns, get('multipliers'), scope), fanIns.map(() => 1));
  const fallbackInit = { layers: fanIns.map(() => ({ kind: 'normal' as const, std: 1 })), symmetrized: false, frozenCopy: false };
  const init = c.take(() => resolveInit(get('init'), parameterization, sigmaW, fanIns, fanOuts, scope), fallbackInit);
  const pairs = init.symmetrized ? c.take(() => symmetrizedPairs(written, get('init')!), 0) : 0;
  const model: ModelConfig = {
    name: block.name,
    inputDim: input.kind === 'image' ? input.h * input.w * input.c : input.n,
    hidden: [],
    outputDim,
    activation,
    bias,
    parameterization,
    multipliers,
    biasStd: opt('bias_std', (e) => resolveNumber(e, 'nonNegative', 'bias_std', scope), 0),
    outputScale: opt('scale', (e) => resolveNumber(e, 'positive', 'output scale', scope), 1),
    init,
    head,
    layers: withPairs(applyMultipliers(written, multipliers, bias), pairs),
    inputShape: input,
  };
  c.done();
  return model;
}

/**
 * Symmetrized init pairs the units (or filters) of the last weight layer before the output; what
 * lies between must act per channel (activations, pooling, flatten), so paired channels stay
 * equal up to the output. The pair count is that layer's width, which must be even.
 */
function symmetrizedPairs(layers: LayerSpec[], init: Expr): number {
  const body = layers.slice(0, -1);
  const l = [...body].reverse().find((x) => x.kind === 'dense' || x.kind === 'conv2d' || x.kind === 'residual');
  if (!l || l.kind === 'residual') throw new EvalError('E0328', M.layeredSymmetrized(l ? 'residual' : null), init.span, M.layeredSymmetrizedHint());
  const width = l.kind === 'dense' ? l.units : (l as { filters: number }).filters;
  if (width % 2 !== 0) throw new EvalError('E0321', M.symmetrizedOddWidth(width), init.span, M.symmetrizedOddWidthHint());
  return width;
}

/** The output layer (last) with its input channels paired, when symmetrized. */
function withPairs(layers: LayerSpec[], pairs: number): LayerSpec[] {
  const out = layers.at(-1)!;
  if (!pairs || out.kind !== 'dense') return layers;
  const body = layers.slice(0, -1);
  const last = body.map((l) => l.kind === 'dense' || l.kind === 'conv2d').lastIndexOf(true);
  const producer = body[last];
  if (producer?.kind === 'dense') body[last] = { ...producer, halves: true };
  return [...body, { ...out, pairs }];
}
