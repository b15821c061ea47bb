// Resolves `layers = [...]` of a model block in one cell into layer specs (src/theory/net):
// every width an expression of swept values, the output layer appended, multipliers set by the
// parameterization per weight layer (a conv's fan_in is channels · kernel²), shapes inferred from
// the data with a diagnostic at the offending layer's span naming both shapes.
import type { Expr, ModelBlock } from '../lang/ast.js';
import type { Span } from '../diagnostics.js';
import type { Parameterization } from './cell.js';
import { ACTIVATIONS } from '../check/schema.js';
import { EvalError, type Scope } from './eval.js';
import { resolveFamily } from './calls.js';
import { resolveNumberList } from './values.js';
import { inferShapes, shapeText, type LayerSpec, type Shape } from '../theory/net/spec.js';
export { layerFans, weightLayers } from '../theory/net/spec.js';
import type { Activation } from '../theory/activations.js';
import * as M from '../messages/index.js';

interface Written { spec: LayerSpec; span: Span }

function toLayer(e: Expr, activation: Activation, scope: Scope): LayerSpec {
  if (e.kind === 'ref' && (ACTIVATIONS as readonly string[]).includes(e.name) && !(e.name in scope.values)) {
    return { kind: 'activation', fn: e.name as Activation };
  }
  const r = resolveFamily(e, 'layer', scope);
  const a = r.args as Record<string, number | null>;
  const conv = (filters: number, kernel: number, stride: number, padding: number): LayerSpec =>
    ({ kind: 'conv2d', filters, kernel, stride, padding, bias: false, multiplier: 1 });
  switch (r.kind) {
    case 'dense': return { kind: 'dense', units: a['units']!, bias: false, multiplier: 1 };
    case 'conv': {
      if (!Number.isInteger(a['padding'])) throw new EvalError('E0311', M.integerPadding(a['padding']!), e.span);
      return conv(a['filters']!, a['kernel']!, a['stride']!, a['padding']!);
    }
    case 'max_pool': return { kind: 'maxpool', size: a['size']!, stride: a['stride'] ?? a['size']! };
    case 'avg_pool': return { kind: 'avgpool', size: a['size']!, stride: a['stride'] ?? a['size']! };
    case 'global_avg_pool': return { kind: 'global_avgpool' };
    case 'flatten': return { kind: 'flatten' };
    case 'residual': {
      const c = a['channels']!, s = a['stride']!;
      // The shortcut is decided once the input shape is known (see withShortcuts).
      return { kind: 'residual', body: [conv(c, 3, s, 1), { kind: 'activation', fn: activation }, conv(c, 3, 1, 1)], shortcut: [] };
    }
    default: throw new Error(`unreachable layer ${r.kind}`);
  }
}

/** A residual block whose shape changes gets a 1×1 conv shortcut with the body's stride and channels. */
function withShortcuts(layers: Written[], input: Shape): Written[] {
  let s = input;
  return layers.map((w) => {
    let spec = w.spec;
    if (spec.kind === 'residual' && spec.shortcut.length === 0 && s.kind === 'image') {
      const first = spec.body[0]!;
      if (first.kind === 'conv2d' && (first.stride !== 1 || first.filters !== s.c)) {
        spec = { ...spec, shortcut: [{ kind: 'conv2d', filters: first.filters, kernel: 1, stride: first.stride, padding: 0, bias: false, multiplier: 1 }] };
      }
    }
    const next = inferShapes([spec], s);
    if (!('message' in next)) s = next[0]!;
    return { spec, span: w.span };
  });
}

/** Parses the list, appends the output layer and checks every shape against the data's. */
export function resolveLayerList(block: ModelBlock, e: Expr, input: Shape, outputDim: number, activation: Activation, scope: Scope): LayerSpec[] {
  const items = e.kind === 'list' ? e.items : [e];
  if (items.length === 0) throw new EvalError('E0320', M.emptyLayers(block.name), e.span, M.layerExample());
  const written = withShortcuts(items.map((item) => ({ spec: toLayer(item, activation, scope), span: item.span })), input);
  let s = input;
  for (const w of written) {
    const r = inferShapes([w.spec], s);
    if ('message' in r) {
      const tabular = s.kind === 'flat' && input.kind === 'flat' && w.spec.kind !== 'dense' && w.spec.kind !== 'activation' && w.spec.kind !== 'flatten';
      if (tabular) throw new EvalError('E0327', M.imageLayerOnTabular(M.describeLayer(w.spec.kind), input.n), w.span, M.imageLayerOnTabularHint());
      throw new EvalError('E0327', M.layerShape(r.message), w.span);
    }
    s = r[0]!;
  }
  if (s.kind === 'image') throw new EvalError('E0327', M.outputNeedsFlat(shapeText(s)), items.at(-1)!.span, M.outputNeedsFlatHint());
  return [...written.map((w) => w.spec), { kind: 'dense', units: outputDim, bias: false, multiplier: 1 }];
}

/** Sets bias and multiplier on every weight layer (in order), returning new specs. */
export function applyMultipliers(layers: readonly LayerSpec[], multipliers: number[], bias: boolean): LayerSpec[] {
  let i = 0;
  const map = (ls: readonly LayerSpec[]): LayerSpec[] => ls.map((l) => {
    if (l.kind === 'dense' || l.kind === 'conv2d') return { ...l, bias, multiplier: multipliers[i++]! };
    if (l.kind === 'residual') return { ...l, body: map(l.body), shortcut: map(l.shortcut) };
    return l;
  });
  return map(layers);
}

/** Multipliers by parameterization, per weight layer. */
export function layeredMultipliers(block: ModelBlock, p: Parameterization, fanIns: number[], given: Expr | undefined, scope: Scope): number[] {
  if (p === 'custom') {
    if (!given) throw new EvalError('E0403', M.customNeedsMultipliers(), block.nameSpan, M.onePerLayer(fanIns.length));
    const ms = resolveNumberList(given, 'positive', 'multiplier', scope, 'multipliers');
    if (ms.length !== fanIns.length) throw new EvalError('E0322', M.layerCount('multipliers', fanIns.length, ms.length), given.span);
    return ms;
  }
  if (given) throw new EvalError('E0404', M.multipliersNeedCustom(), given.span, M.setCustom());
  // mean_field as for a fully connected network: the output layer averages (1/fan_in), the others are standard.
  if (p === 'mean_field') return fanIns.map((f, i) => (i === fanIns.length - 1 ? 1 / f : 1));
  return fanIns.map((f) => (p === 'ntk' ? 1 / Math.sqrt(f) : 1));
}
