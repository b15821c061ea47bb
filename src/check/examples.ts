// One example for every setting, constructor, claim function, expression function and
// statement of the language, keyed by the names of the checker's tables (schema.ts,
// catalogue.ts, plan/eval.ts). grammar/REFERENCE.md shows them, and a test embeds each in a
// minimal spec (reference-example.ts) and checks it without errors, so none can rot.

/**
 * Lines of the block the item belongs to, as a user writes them; `context` adds what other
 * blocks need for it (lines of `top` are statements; a line `-key` removes a base setting).
 */
export type Example = string | { text: string; context: Partial<Record<ContextBlock, string>> };
export type ContextBlock = 'top' | 'data' | 'model' | 'train' | 'measure';

export const exampleText = (e: Example): string => (typeof e === 'string' ? e : e.text);

const IMAGE_DATA = 'source = mnist([3, 8])\n-dim';

export const SETTING_EXAMPLES: Record<string, Record<string, Example>> = {
  experiment: {
    title: 'title = "Lazy training needs a large output scale"',
    authors: 'authors = ["Ada Lovelace", "Alan Turing"]',
    abstract: 'abstract = """Scaling the output by $\\alpha$ makes training lazy as $\\alpha \\to \\infty$."""',
  },
  data: {
    source: 'source = teacher_student(teacher_width: 3)',
    dim: 'dim = 10',
    n_train: 'n_train = 256',
    n_test: 'n_test = 256',
    label_scale: 'label_scale = 100',
    seed: 'seed = 7',
    augment: { text: `${IMAGE_DATA}\naugment = crop_flip(padding: 4)`, context: { model: 'layers = [conv(8, 3, padding: 1), relu, flatten]\n-hidden' } },
  },
  model: {
    hidden: 'hidden = [m, m / 2]',
    layers: 'layers = [dense(m), relu, dense(m), relu]\n-hidden',
    activation: 'activation = tanh',
    bias: 'bias = true',
    bias_std: 'bias = true\nbias_std = 0.1',
    parameterization: 'parameterization = mean_field',
    multipliers: 'parameterization = custom\nmultipliers = [1, 1 / sqrt(m)]',
    sigma_w: 'parameterization = standard\nsigma_w = 1.4\n-init',
    scale: 'scale = 1 / sqrt(m)',
    init: 'init = symmetrized(normal(std: 0.5))',
    head: { text: 'head = softmax', context: { data: 'source = gaussian(classes: 3)' } },
  },
  train: {
    loss: 'loss = mse',
    optimizer: 'optimizer = sgd(lr: 0.1, batch: 4)',
    steps: 'steps = 300',
    epochs: 'optimizer = sgd(lr: 0.1, batch: 4)\nepochs = 5\n-steps',
    stop: 'stop = train_loss <= 0.005',
    patience: 'patience = 50',
    log: 'log = logspaced(12)',
    diverge: 'diverge = 1000',
  },
  expect: {
    claim: 'claim = slope(weight_change, m) == -0.5 within 0.15',
    source: 'source = "Lee et al. 2019, Theorem 2.1"',
    says: 'says = "The relative weight change falls like $m^{-1/2}$."',
    figure: 'figure = base_chart',
    control: 'claim = slope(train_loss, m) > -0.25\ncontrol = base',
    require_converged: 'require_converged = true',
  },
  chart: {
    title: 'title = "Relative weight change against width"',
    caption: 'caption = """Mean over seeds, $\\pm$ one standard deviation."""',
    x: 'x = m',
    y: 'y = weight_change',
    color: 'x = step\ny = train_loss\ncolor = m',
    facet: 'facet = model',
    log: 'log = [x, y]',
    band: 'band = sem',
    mark: 'mark = point',
    at: 'at = best',
    theory: 'theory = power_law(-0.5)',
  },
};

export const CALL_EXAMPLES: Record<string, Record<string, Example>> = {
  source: {
    gaussian: 'source = gaussian(std: 1, classes: 2)',
    uniform: 'source = uniform(-1, 1)',
    teacher_student: 'source = teacher_student(teacher_width: 3, teacher_activation: tanh)',
    mnist: `${IMAGE_DATA}`,
    cifar10: 'source = cifar10("cifar-10-batches-bin", classes: [3, 5])\n-dim',
    csv: 'source = csv("points.csv", label: "y")\n-dim',
  },
  init: {
    normal: 'init = normal(std: 0.5)',
    uniform: 'init = uniform(low: -0.1, high: 0.1)',
    glorot: 'init = glorot',
    he: 'init = he',
    symmetrized: 'init = symmetrized(normal(std: 1))',
    frozen_copy: 'init = frozen_copy(glorot)',
  },
  optimizer: {
    gd: 'optimizer = gd(lr: 0.1)',
    sgd: 'optimizer = sgd(lr: 0.05, batch: 4)',
    momentum: 'optimizer = momentum(lr: 0.05, beta: 0.9)',
    adam: 'optimizer = adam(lr: 0.001)',
  },
  schedule: {
    constant: 'optimizer = sgd(lr: 0.1, batch: 4, schedule: constant)',
    inverse_time: 'optimizer = momentum(lr: 0.1, beta: 0.9, batch: 4, schedule: inverse_time(epochs: 3))\nepochs = 10\n-steps',
    step_decay: 'optimizer = sgd(lr: 0.1, batch: 4, schedule: step_decay(every: 30, factor: 0.1))\nepochs = 90\n-steps',
    cosine: 'optimizer = adam(lr: 0.001, schedule: cosine(min: 0.0001))',
  },
  log: {
    every: 'log = every(10)',
    logspaced: 'log = logspaced(12)',
  },
  layer: {
    dense: 'layers = [dense(m), relu, dense(m / 2), relu]\n-hidden',
    conv: { text: 'layers = [conv(8, 3, padding: 1), relu, flatten]\n-hidden', context: { data: IMAGE_DATA } },
    max_pool: { text: 'layers = [conv(8, 3), relu, max_pool(2), flatten]\n-hidden', context: { data: IMAGE_DATA } },
    avg_pool: { text: 'layers = [conv(8, 3), relu, avg_pool(2, stride: 2), flatten]\n-hidden', context: { data: IMAGE_DATA } },
    global_avg_pool: { text: 'layers = [conv(8, 3), relu, global_avg_pool]\n-hidden', context: { data: IMAGE_DATA } },
    flatten: { text: 'layers = [flatten, dense(m), relu]\n-hidden', context: { data: IMAGE_DATA } },
    residual: { text: 'layers = [conv(8, 3, padding: 1), relu, residual(8), relu, residual(16, stride: 2), relu, global_avg_pool]\n-hidden', context: { data: IMAGE_DATA } },
  },
  augment: {
    none: `${IMAGE_DATA}\naugment = none`,
    crop_flip: { text: `${IMAGE_DATA}\naugment = crop_flip(padding: 4, flip: true)`, context: { model: 'layers = [conv(8, 3, padding: 1), relu, flatten]\n-hidden' } },
  },
  theory: {
    power_law: 'log = [x, y]\ntheory = power_law(-0.5)',
    fit: 'log = [x, y]\ntheory = fit',
    isolines: { text: 'x = tau\ny = m\nmark = heatmap\ntheory = isolines(m * tau^2)', context: { top: 'sweep tau = [0.5, 1, 2]' } },
    linearized: { text: 'x = step\ny = train_loss\ntheory = linearized', context: { measure: 'linearization_gap' } },
    infinite_width: { text: 'x = step\ny = train_loss\ntheory = infinite_width', context: { measure: 'infinite_width' } },
    analytic: { text: 'x = gamma\ny = ntk_slice\ncolor = m\nat = initial\ntheory = analytic', context: { measure: 'ntk_slice(points: 33)', data: 'dim = 2' } },
  },
};

/** Claim examples are `claim = …` lines of an expect block. */
export const CLAIM_EXAMPLES: Record<string, Example> = {
  slope: 'claim = slope(weight_change, m) == -0.5 within 0.15',
  rate: 'claim = rate(train_loss) > 0',
  predicted_rate: { text: 'claim = rate(train_loss) >= 0.5 * predicted_rate(train_loss)', context: { measure: 'ntk_eigen' } },
  llz_rate: { text: 'claim = rate(train_loss) >= llz_rate(train_loss)', context: { measure: 'ntk_eigen' } },
  final: 'claim = final(train_loss) < 0.5 * initial(train_loss)',
  initial: 'claim = initial(weight_change) == 0',
  best: 'claim = best(test_loss) <= 2 * final(test_loss)',
  at: 'claim = at(test_loss, m: max) < at(test_loss, m: min)',
  decreasing: 'claim = decreasing(weight_change, m)',
  increasing: { text: 'claim = increasing(activation_unchanged, m)', context: { measure: 'activation_unchanged' } },
  isoline_slope: { text: 'claim = isoline_slope(test_loss, tau, m) == -2 within 0.5', context: { top: 'sweep tau = [0.5, 1, 2]' } },
  mean: 'claim = mean(test_loss, m >= 32) <= 1 within 20%',
};

/** Functions and constants of expressions (plan/eval.ts), with a `let` example each. */
export const FUNCTION_DOCS: Record<string, { doc: string; example: string }> = {
  sqrt: { doc: 'square root', example: 'let alpha = 1 / sqrt(m)' },
  log: { doc: 'natural logarithm', example: 'let depth = log(m)' },
  log2: { doc: 'base-2 logarithm', example: 'let k = log2(m)' },
  log10: { doc: 'base-10 logarithm', example: 'let decade = log10(m)' },
  exp: { doc: 'e^x', example: 'let lr = exp(-2)' },
  abs: { doc: 'absolute value', example: 'let size = abs(-3)' },
  floor: { doc: 'round down', example: 'let half = floor(m / 3)' },
  ceil: { doc: 'round up', example: 'let half = ceil(m / 3)' },
  round: { doc: 'round to the nearest integer', example: 'let half = round(m / 3)' },
  min: { doc: 'the smallest argument', example: 'let lr = min(10, 0.1 / m)' },
  max: { doc: 'the largest argument', example: 'let batch = max(1, m / 8)' },
  range: { doc: '`range(a, b, step: s)`: a, a + s, … up to b included (step 1 by default); in `sweep`', example: 'sweep n = range(100, 1000, step: 100)' },
  linspace: { doc: '`linspace(a, b, n)`: n evenly spaced values from a to b; in `sweep`', example: 'sweep alpha = linspace(0.1, 10, 5)' },
  logspace: { doc: '`logspace(a, b, n, base: 10)`: n values from base^a to base^b, evenly spaced on a log scale; in `sweep`', example: 'sweep width = logspace(5, 10, 6, base: 2)' },
  zip: { doc: '`zip(list, list, …)`: values that move together, for `sweep (a, b) = zip(…)`', example: 'sweep (alpha, lr) = zip([1, 10], [0.1, 0.01])' },
};

/** The statements, in the order a spec usually has them. */
export const STATEMENTS: { form: string; doc: string; example: string }[] = [
  { form: 'experiment NAME { … }', doc: 'the title, authors and abstract of the report (required, once)', example: 'experiment ref {\n  title = "Reference example"\n}' },
  { form: 'let NAME = EXPR', doc: 'a named value, usually a scaling law of swept names', example: 'let lr = min(10, 0.1 / m)' },
  { form: 'sweep NAME = EXPR', doc: 'one axis of the grid: a list or a generator (range, linspace, logspace)', example: 'sweep m = [16, 32]' },
  { form: 'sweep (A, B) = zip(…)', doc: 'one axis whose points are tuples of values that move together', example: 'sweep (alpha, boost) = zip([1, 10], [1, 0.1])' },
  { form: 'seeds = N | [LIST]', doc: 'how many seeds each grid point runs with (0 … N−1), or which', example: 'seeds = [0, 1]' },
  { form: 'data NAME { … }', doc: 'a data set (several are crossed with the models)', example: 'data d {\n  source = gaussian(std: 1)\n  dim = 4\n  n_train = 8\n  n_test = 8\n}' },
  { form: 'model NAME { … }', doc: 'a network (several are compared in one run)', example: 'model net {\n  hidden = [m]\n  parameterization = ntk\n}' },
  { form: 'train { … }', doc: 'loss, optimizer and schedule (required, once)', example: 'train {\n  optimizer = gd(lr: 0.1)\n  steps = 10\n}' },
  { form: 'measure { NAME(OPTIONS) … }', doc: 'what to record during training, one measurement per line', example: 'measure {\n  train_loss\n  weight_change(per_layer: true)\n}' },
  { form: 'expect NAME { … }', doc: 'a claim checked against the results: pass, fail or inconclusive', example: 'expect moves_less {\n  claim = slope(weight_change, m) < 0\n}' },
  { form: 'report { chart NAME { … } text """…""" }', doc: 'the report\'s figures and markdown prose, in order', example: 'report {\n  chart weights {\n    x = m\n    y = weight_change\n  }\n\n  text """\n    Wider networks move less.\n  """\n}' },
  { form: 'profile NAME { … }', doc: 'a named variation: `sweep`, `let`, `seeds` and dotted settings (`train.steps = 2`), chosen with `--profile NAME`', example: 'profile smoke {\n  sweep m = [8]\n  seeds = 1\n  train.steps = 2\n}' },
];
