// Honest per-example cost of a layered network's forward pass: multiply–adds of every conv
// (2·oh·ow·k²·c_in·c_out) and dense layer (2·fan_in·fan_out), one operation per output of the
// pools and activations, and the numbers every layer's output holds (what backward keeps).
import { inferShapes, layerParamCount, shapeSize, type LayerSpec, type Shape } from './spec.js';

/** Rows a layered network evaluates at once on a whole split (bounds the activations kept). */
export const EVAL_CHUNK = 256;

export interface NetworkCost { flops: number; activations: number; params: number }

export function networkCost(layers: readonly LayerSpec[], input: Shape): NetworkCost {
  const shapes = inferShapes(layers, input);
  if ('message' in shapes) throw new Error(shapes.message);
  const total: NetworkCost = { flops: 0, activations: 0, params: 0 };
  layers.forEach((l, i) => {
    const inShape = i === 0 ? input : shapes[i - 1]!;
    const out = shapes[i]!;
    const outSize = shapeSize(out);
    total.params += layerParamCount(l, inShape);
    total.activations += outSize;
    if (l.kind === 'dense') total.flops += 2 * shapeSize(inShape) * l.units;
    else if (l.kind === 'conv2d' && inShape.kind === 'image') total.flops += 2 * outSize * l.kernel * l.kernel * inShape.c;
    else if (l.kind === 'maxpool' || l.kind === 'avgpool') total.flops += outSize * l.size * l.size;
    else if (l.kind === 'residual') {
      const body = networkCost(l.body, inShape), short = networkCost(l.shortcut, inShape);
      total.flops += body.flops + short.flops + outSize;
      total.activations += body.activations + short.activations;
      total.params += body.params + short.params;
    } else if (l.kind !== 'flatten') total.flops += outSize; // flatten is a free reshape
  });
  return total;
}
