// The language's vocabulary as data: which settings each block takes, the enum words, the
// constructor calls (data sources, inits, optimizers, schedules) with their parameters.
// The checker validates against it, the planner resolves with it, the docs list it.

export type ValueType =
  | 'number' | 'integer' | 'positive' | 'positiveInteger' | 'nonNegative' | 'probability'
  | 'boolean' | 'string' | 'stringList' | 'numberList' | 'widthList' | 'name' | 'expr' | 'any';

export interface ParamSpec {
  type: ValueType;
  /** Default when omitted; undefined means required. */
  default?: number | string | boolean | number[] | null;
  doc: string;
}

export interface CallSpec {
  /** Positional parameters in order, then named-only ones. */
  params: Record<string, ParamSpec>;
  positional: string[];
  doc: string;
}

export interface SettingSpec {
  type: ValueType | 'enum' | 'call' | 'callOrList' | 'comparison' | 'enumOrRef';
  /** For enums: the allowed words. For calls: the family in CALLS. */
  values?: readonly string[];
  family?: keyof typeof CALLS;
  required?: boolean;
  default?: number | string | boolean | null;
  doc: string;
}

export const ACTIVATIONS = ['relu', 'tanh', 'erf', 'sigmoid', 'gelu', 'identity'] as const;
export const PARAMETERIZATIONS = ['standard', 'ntk', 'mean_field', 'custom'] as const;
export const HEADS = ['scalar', 'sigmoid', 'softmax'] as const;
export const LOSSES = ['mse', 'bce', 'cross_entropy'] as const;
export const BANDS = ['std', 'sem', 'minmax', 'none'] as const;
export const MARKS = ['line', 'point', 'heatmap', 'bar'] as const;

const p = (type: ValueType, doc: string, dflt?: ParamSpec['default']): ParamSpec =>
  dflt === undefined ? { type, doc } : { type, doc, default: dflt };

/** An optimizer's `schedule:` argument, a [schedule](#schedule) constructor (resolve-schedule.ts). */
const SCHEDULE: ParamSpec = { type: 'any', default: null, doc: 'learning-rate [schedule](#schedule) over epochs, e.g. `inverse_time(epochs: 3)` (default: constant)' };

export const CALLS = {
  source: {
    gaussian: { positional: ['std'], doc: 'N(0, std²) features with random labels', params: { std: p('positive', 'feature std', 1), classes: p('positiveInteger', 'number of random classes', 2) } },
    uniform: { positional: ['low', 'high'], doc: 'U(low, high) features with random labels', params: { low: p('number', 'lower bound', 0), high: p('number', 'upper bound', 1), classes: p('positiveInteger', 'number of random classes', 2) } },
    teacher_student: { positional: ['teacher_width'], doc: 'inputs uniform on the unit sphere, labels from a random teacher network', params: { teacher_width: p('positiveInteger', 'teacher hidden units', 3), teacher_activation: p('name', 'teacher activation', 'relu') } },
    mnist: { positional: ['classes'], doc: 'real digits from the `mnist` package (10,000 digits, 784 features)', params: { classes: p('numberList', 'digits to keep, e.g. [3, 8] for a binary pair', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) } },
    cifar10: { positional: ['path'], doc: 'CIFAR-10 from a local folder in its binary format (data_batch_1.bin … test_batch.bin), 32×32×3 images; never downloaded', params: { path: p('string', 'folder, relative to the spec'), classes: p('numberList', 'classes to keep (0–9), e.g. [3, 5]', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), normalize: p('boolean', 'per-channel normalization with Chizat et al.\'s means and stds', true) } },
    csv: { positional: ['path'], doc: 'a CSV file with a header row; one column is the label', params: { path: p('string', 'file path, relative to the spec'), label: p('string', 'label column name', 'label') } },
  },
  init: {
    normal: { positional: ['std'], doc: 'N(0, std²) for every layer', params: { std: p('positive', 'standard deviation') } },
    uniform: { positional: ['low', 'high'], doc: 'U(low, high) for every layer', params: { low: p('number', 'lower bound'), high: p('number', 'upper bound') } },
    glorot: { positional: [], doc: 'Glorot (Xavier) normal: std = sqrt(2 / (fan_in + fan_out))', params: {} },
    he: { positional: [], doc: 'He normal: std = sqrt(2 / fan_in)', params: {} },
    symmetrized: { positional: ['base'], doc: 'Chizat: hidden units in pairs with negated output weights, so f(x; w0) = 0', params: { base: p('any', 'the distribution of each pair') } },
    frozen_copy: { positional: ['base'], doc: 'train f(w) − f(w0) against a frozen copy, so the output starts at 0', params: { base: p('any', 'the distribution') } },
  },
  optimizer: {
    gd: { positional: ['lr'], doc: 'full-batch gradient descent', params: { lr: p('positive', 'step size'), schedule: SCHEDULE } },
    sgd: { positional: ['lr', 'batch'], doc: 'minibatch stochastic gradient descent', params: { lr: p('positive', 'step size'), batch: p('positiveInteger', 'batch size'), schedule: SCHEDULE } },
    momentum: { positional: ['lr'], doc: 'heavy-ball momentum', params: { lr: p('positive', 'step size'), beta: p('probability', 'momentum', 0.9), batch: p('positiveInteger', 'batch size (full batch when omitted)', null), schedule: SCHEDULE } },
    adam: { positional: ['lr'], doc: 'Adam', params: { lr: p('positive', 'step size', 1e-3), beta1: p('probability', 'first-moment decay', 0.9), beta2: p('probability', 'second-moment decay', 0.999), eps: p('positive', 'denominator epsilon', 1e-8), batch: p('positiveInteger', 'batch size (full batch when omitted)', null), schedule: SCHEDULE } },
  },
  schedule: {
    constant: { positional: [], doc: 'the same lr at every step (what an optimizer without `schedule` does)', params: {} },
    inverse_time: { positional: ['epochs'], doc: 'decays as lr / (1 + e / epochs) in epoch e (from 0); Chizat et al.\'s lr / (1 + epoch/3) is `inverse_time(epochs: 3)`', params: { epochs: p('positive', 'epochs over which the lr falls to half') } },
    step_decay: { positional: ['every'], doc: 'multiplies the lr by `factor` every `every` epochs: lr · factor^floor(e / every) in epoch e (from 0)', params: { every: p('positiveInteger', 'epochs between two decays'), factor: p('positive', 'multiplies the lr at each decay, in (0, 1)', 0.1) } },
    cosine: { positional: ['epochs'], doc: 'half a cosine from the lr down to `min`: min + (lr − min)·(1 + cos(π·e / epochs))/2 in epoch e (from 0), then `min`', params: { epochs: p('positiveInteger', 'epochs of the half cosine (default: the whole run)', null), min: p('nonNegative', 'the final lr, below the optimizer\'s lr', 0) } },
  },
  log: {
    every: { positional: ['steps'], doc: 'log every k steps (and the last)', params: { steps: p('positiveInteger', 'interval') } },
    logspaced: { positional: ['points'], doc: 'log at about n log-spaced steps, first and last included', params: { points: p('positiveInteger', 'number of points') } },
  },
  layer: {
    dense: { positional: ['units'], doc: 'fully connected layer z = m·(a W + b)', params: { units: p('positiveInteger', 'output units') } },
    conv: { positional: ['filters', 'kernel'], doc: '2-D convolution over an image (fan_in = channels · kernel²)', params: { filters: p('positiveInteger', 'output channels'), kernel: p('positiveInteger', 'kernel side', 3), stride: p('positiveInteger', 'stride', 1), padding: p('nonNegative', 'zero padding on every side', 0) } },
    max_pool: { positional: ['size'], doc: 'max pooling over size × size windows', params: { size: p('positiveInteger', 'window side', 2), stride: p('positiveInteger', 'stride (default: the window side)', null) } },
    avg_pool: { positional: ['size'], doc: 'average pooling over size × size windows', params: { size: p('positiveInteger', 'window side', 2), stride: p('positiveInteger', 'stride (default: the window side)', null) } },
    global_avg_pool: { positional: [], doc: 'mean over pixels, one feature per channel', params: {} },
    flatten: { positional: [], doc: 'an image as one feature vector (h·w·c, row-major)', params: {} },
    residual: { positional: ['channels'], doc: 'ResNet basic block: conv 3×3 (stride) → activation → conv 3×3, plus the input (or a 1×1 conv of it when the shape changes)', params: { channels: p('positiveInteger', 'output channels'), stride: p('positiveInteger', 'stride of the first conv and the shortcut', 1) } },
  },
  augment: {
    none: { positional: [], doc: 'no augmentation (lets a profile turn off the default\'s)', params: {} },
    crop_flip: { positional: ['padding'], doc: 'Chizat et al.\'s training augmentation: pad every side with zeros (black, before normalization), crop a random window of the image\'s size, flip horizontally with probability 1/2; drawn afresh for every batch at every step from the cell seed', params: { padding: p('nonNegative', 'zero padding on every side (Chizat: 4)', 4), flip: p('boolean', 'random horizontal flip', true) } },
  },
  theory: {
    power_law: { positional: ['slope'], doc: 'fitted power law with the predicted slope drawn beside it', params: { slope: p('number', 'predicted log-log slope') } },
    fit: { positional: [], doc: 'fitted power law only', params: {} },
    isolines: { positional: ['of'], doc: 'iso-lines of an expression of the axes, e.g. alpha * tau^2', params: { of: p('expr', 'expression of the x and y variables') } },
    linearized: { positional: [], doc: 'the linearized model\'s trajectory next to the network\'s', params: {} },
    analytic: { positional: [], doc: 'the analytic infinite-width values recorded beside the measurement (`ntk_slice_analytic` for `ntk_slice`), dashed', params: {} },
    infinite_width: { positional: [], doc: 'the infinite-width network\'s loss (analytic NTK, measure `infinite_width`) next to the network\'s', params: {} },
  },
} satisfies Record<string, Record<string, CallSpec>>;

export const BLOCKS: Record<'experiment' | 'data' | 'model' | 'train' | 'expect' | 'chart', Record<string, SettingSpec>> = {
  experiment: {
    title: { type: 'string', required: true, doc: 'report title' },
    authors: { type: 'stringList', default: null, doc: 'author names' },
    abstract: { type: 'string', default: '', doc: 'markdown with $…$ math' },
  },
  data: {
    source: { type: 'call', family: 'source', required: true, doc: 'where the examples come from' },
    dim: { type: 'positiveInteger', default: null, doc: 'input dimension (fixed by mnist and csv)' },
    n_train: { type: 'positiveInteger', required: true, doc: 'training examples' },
    n_test: { type: 'nonNegative', default: 0, doc: 'test examples' },
    label_scale: { type: 'number', default: 1, doc: 'multiplies the targets (Chizat: 100)' },
    seed: { type: 'integer', default: null, doc: 'seed of the data draw (default: the cell seed)' },
    augment: { type: 'call', family: 'augment', default: null, doc: 'training-batch augmentation of image data, e.g. crop_flip(padding: 4) (layered models; the test set is never augmented)' },
  },
  model: {
    hidden: { type: 'widthList', required: true, doc: 'hidden widths, one per layer (or `layers`)' },
    layers: { type: 'callOrList', family: 'layer', default: null, doc: 'the network as a list of layers (conv, pooling, residual, dense, activations); the output layer is added' },
    activation: { type: 'enum', values: ACTIVATIONS, default: 'relu', doc: 'hidden activation' },
    bias: { type: 'boolean', default: false, doc: 'biases on hidden and output layers' },
    bias_std: { type: 'nonNegative', default: 0, doc: 'σ_b of the bias init (0: zeros)' },
    parameterization: { type: 'enum', values: PARAMETERIZATIONS, default: 'standard', doc: 'forward multipliers' },
    multipliers: { type: 'numberList', default: null, doc: 'per-layer multipliers (with parameterization = custom)' },
    sigma_w: { type: 'positive', default: 1, doc: 'σ_w of the default init' },
    scale: { type: 'positive', default: 1, doc: 'output scale α: the model is α·h(x; w)' },
    init: { type: 'callOrList', family: 'init', default: null, doc: 'weight distribution (default: by parameterization)' },
    head: { type: 'enum', values: HEADS, default: 'scalar', doc: 'output head' },
  },
  train: {
    loss: { type: 'enum', values: LOSSES, default: null, doc: 'loss (default: mse, bce or cross_entropy by head)' },
    optimizer: { type: 'call', family: 'optimizer', required: true, doc: 'optimizer with its lr (and lr `schedule`)' },
    steps: { type: 'positiveInteger', default: null, doc: 'optimizer steps' },
    epochs: { type: 'positiveInteger', default: null, doc: 'passes over the training set (instead of steps)' },
    stop: { type: 'comparison', default: null, doc: 'stop condition, e.g. train_loss <= 0.005' },
    patience: { type: 'positiveInteger', default: null, doc: 'stop after this many steps without improvement' },
    log: { type: 'call', family: 'log', default: null, doc: 'when to record measurements (default every(max(1, steps/100)))' },
    diverge: { type: 'positive', default: 1e6, doc: 'loss above this multiple of the initial loss counts as divergence' },
  },
  expect: {
    claim: { type: 'comparison', required: true, doc: 'a checkable statement, e.g. slope(weight_change, m) == -0.5 within 0.1' },
    source: { type: 'string', default: '', doc: 'who claims it' },
    says: { type: 'string', default: '', doc: 'the claim in words' },
    figure: { type: 'name', default: null, doc: 'chart that shows it' },
    control: { type: 'name', default: null, doc: 'this is a negative control of the named expectation' },
    require_converged: { type: 'boolean', default: false, doc: 'a claim on any unconverged cell (step limit reached before `stop`) is inconclusive' },
  },
  chart: {
    title: { type: 'string', default: '', doc: 'chart title' },
    caption: { type: 'string', default: '', doc: 'figure caption (markdown)' },
    x: { type: 'name', required: true, doc: 'swept variable, `step`, a measurement, or an expression of them' },
    y: { type: 'name', required: true, doc: 'a measurement or swept variable, or an expression of them' },
    color: { type: 'name', default: null, doc: 'variable for color (`model`, `data`, a swept name)' },
    facet: { type: 'name', default: null, doc: 'variable for small multiples' },
    log: { type: 'stringList', default: null, doc: 'log axes: [x], [y] or [x, y]' },
    band: { type: 'enum', values: BANDS, default: 'std', doc: 'band over seeds around the mean' },
    mark: { type: 'enum', values: MARKS, default: 'line', doc: 'line, point, bar or heatmap' },
    at: { type: 'enumOrRef', values: ['final', 'best', 'initial'], default: 'final', doc: 'which logged step when x is not `step`' },
    theory: { type: 'call', family: 'theory', default: null, doc: 'theory overlay' },
  },
};

/** Names a chart or claim may use besides swept variables and measurements. */
export const BUILTIN_AXES = ['step', 'model', 'data', 'seed'] as const;
