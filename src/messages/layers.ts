// Diagnostic texts about `layers = [...]` in a model block: layer constructors, shapes, and the
// settings that do not (yet) apply to layered networks.

export const layerExpected = (found: string): string => `expected a layer (dense, conv, max_pool, avg_pool, global_avg_pool, flatten, residual or an activation), found ${found}`;
export const layerExample = (): string => 'e.g. layers = [conv(16, 3, padding: 1), relu, max_pool(2), flatten, dense(64), relu]';
export const layersAndHidden = (): string => 'a model takes `hidden` (fully connected) or `layers`, not both';
export const layersOrHidden = (): string => 'keep `layers` for a convolutional or residual network, `hidden` for a fully connected one';
export const emptyLayers = (model: string): string => `model \`${model}\` has no layers`;
export const layerShape = (message: string): string => `shape mismatch: ${message}`;
export const outputNeedsFlat = (shape: string): string => `the output layer needs flat features, but the last layer gives an image ${shape}`;
export const outputNeedsFlatHint = (): string => 'end the layers with flatten or global_avg_pool';
export const imageLayerOnTabular = (layer: string, dim: number): string => `\`${layer}\` needs image data, but this data has ${dim} flat features`;
export const imageLayerOnTabularHint = (): string => 'image layers need mnist (28×28×1) or cifar10 (32×32×3) data';
export const layeredSymmetrized = (last: string | null): string => last
  ? `symmetrized init pairs the units of the last layer before the output, which here is a ${last} block (its sum with the shortcut breaks the pairs)`
  : 'symmetrized init pairs the units of the last layer before the output, and this network has none';
export const layeredSymmetrizedHint = (): string => 'end the layers with a conv or dense layer (then only activations, pooling or flatten), or use frozen_copy(...), which also starts the output at 0, as in Chizat et al.\'s CNN code';
export const layerCount = (what: string, expected: number, found: number): string => `${what}: the network has ${expected} weight layers (the output layer included), found ${found}`;
export const integerPadding = (v: number): string => `padding must be a non-negative integer, found ${v}`;

const LAYER_WORDS: Record<string, string> = {
  dense: 'dense', conv2d: 'conv', maxpool: 'max_pool', avgpool: 'avg_pool', global_avgpool: 'global_avg_pool',
  flatten: 'flatten', residual: 'residual', activation: 'activation',
};
/** The spec word of a layer kind. */
export const describeLayer = (kind: string): string => LAYER_WORDS[kind] ?? kind;
export const notForLayered = (model: string): string => `model \`${model}\` is a layered network; this measurement is derived for fully connected networks (\`hidden\`) only so far`;
export const movementNeedsWidth = (model: string): string => `Kearns' normalized movement divides by the hidden width, which a layered network (\`${model}\`) does not have; use weight_change`;
export const useActivationStability = (model: string): string => `model \`${model}\` is a layered network: use activation_stability (ReLU states and max-pool choices per layer)`;
export const frozenPatternsNeedLayers = (model: string): string => `model \`${model}\` is fully connected; frozen_pattern_accuracy is computed for layered networks (for fully connected ones, linearization_gap records the linearized network)`;

export interface NtkCostFacts {
  points: number; what: string; units: number; params: number; seconds: number; bytes: number;
  secondsLimit: number; bytesLimit: number; fitting: number;
}
const fmtSeconds = (s: number): string => (s < 120 ? `${Math.ceil(s)} s` : s < 7200 ? `${Math.ceil(s / 60)} min` : `${(s / 3600).toPrecision(2)} h`);
const fmtBytes = (b: number): string => (b < 2 ** 30 ? `${Math.ceil(b / 2 ** 20)} MiB` : `${(b / 2 ** 30).toPrecision(3)} GiB`);
/** A layered network's empirical NTK refused for its estimated cost, with the largest probe that fits. */
export const layeredNtkTooCostly = (c: NtkCostFacts): string => {
  const over = c.bytes > c.bytesLimit ? `needs about ${fmtBytes(c.bytes)} of memory (limit ${fmtBytes(c.bytesLimit)})` : `would take about ${fmtSeconds(c.seconds)} (limit ${fmtSeconds(c.secondsLimit)})`;
  const fix = c.fitting >= 1 ? `use ${c.what}: ${c.fitting} or fewer` : 'no probe size fits: the network is too large for an explicit kernel';
  return `the empirical NTK on ${c.points} points × ${c.units} outputs × ${c.params.toLocaleString('en-US')} parameters ${over} at each measured step; ${fix}`;
};
