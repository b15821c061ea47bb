// Every text the report and diff show to a reader, in one place (vega-lite's log/message
// style): tests compare against these functions, and the wording changes here only.

export const MSG = {
  figure: (n: number) => `Figure ${n}`,
  noData: (y: string) => `No whole-network records of \`${y}\` in these results, so there is nothing to draw.`,
  linearizedMissing: 'The linearized trajectory is not among the recorded measurements (measure `linearization_gap` with y = train_loss or test_loss), so only the network is drawn.',
  infiniteMissing: 'The infinite-width trajectory is not among the recorded measurements (measure `infinite_width` with y = train_loss or test_loss), so only the network is drawn.',
  infiniteDrawn: 'Dashed: the infinite-width network (kernel gradient descent with the analytic NTK from each run\'s own f_0), trained the same way (mean over seeds).',
  analyticMissing: (y: string): string => `The analytic values \`${y}_analytic\` are not among the recorded measurements (a measurement records them for fully connected relu or erf networks in NTK parameterization), so only the network is drawn.`,
  analyticDrawn: 'Dashed: the analytic infinite-width values on the same points (one line per output scale: in NTK parameterization they do not depend on the width).',
  linearizedDrawn: 'Dashed: the linearized network f_lin(w) = f(w0) + J0 (w − w0) trained the same way (mean over seeds).',
  fitLabel: (slope: string, interval: string | null) => `fitted slope ${slope}${interval ? ` [${interval}]` : ''}`,
  predictedLabel: (slope: string) => `predicted slope ${slope}`,
  fitCaption: (slope: string, interval: string | null, predicted: string | null) =>
    `Fitted power law: slope ${slope}${interval ? ` (95% bootstrap interval over seeds ${interval})` : ' (one seed: no interval)'}` +
    (predicted !== null ? `; dashed: the predicted slope ${predicted}.` : '.'),
  bandNote: (band: 'std' | 'sem' | 'minmax', seeds: string, logSpace: boolean, clippedTo: string | null) =>
    `Band: ${band === 'std' ? '±1 s.d.' : band === 'sem' ? '±1 standard error' : 'min to max'} over ${seeds}` +
    (logSpace ? `, in log space (line: geometric mean${band === 'minmax' ? '' : `; band ×/÷ the geometric ${band === 'std' ? 's.d.' : 'standard error'}`})` : '') +
    (clippedTo ? `, cut at ${clippedTo}` : '') + '.',
  lowestMean: 'the lowest mean (some seed is ≤ 0, so the band is arithmetic)',
  seedCount: (lo: number, hi: number) => (lo === hi ? `${lo} seed${lo === 1 ? '' : 's'}` : `${lo}–${hi} seeds`),
  fitCaptionGroups: (fits: { label: string; slope: string; interval: string | null }[], predicted: string | null) =>
    `Fitted power laws, slope${fits.some((f) => f.interval) ? ' (95% bootstrap interval over seeds)' : ''}: ` +
    fits.map((f) => `${f.label} ${f.slope}${f.interval ? ` (${f.interval})` : ''}`).join('; ') +
    (predicted !== null ? `; dashed: the predicted slope ${predicted} through each group's data.` : '.'),
  fitFailed: (why: string) => `No power law fitted: ${why}.`,
  isolineLabel: (expr: string, level: string) => `${expr} = ${level}`,
  isolineCaption: (expr: string) => `Thin dashed lines: level sets of ${expr}.`,
  notEvaluated: 'not evaluated',
  notEvaluatedDetail: 'These results carry no verdict for this expectation.',
  noExpectations: 'The spec states no expectation.',
  noInterval: (note?: string) => note ?? 'no interval',
  perGroupBelow: 'per model, in the rows below',
  divergedNone: 'No cell diverged or failed.',
  unconvergedCells: (n: number, total: number, why: string) => `${n} of ${total} cells did not converge: ${why}. Verdicts that use them say so.`,
  unconvergedFigure: (n: number, total: number) => `${n} of the ${total} cells drawn did not converge (step limit reached before \`stop\`); hollow rings mark the means that include them.`,
  usesUnconverged: (n: number) => `uses ${n} unconverged cell${n === 1 ? '' : 's'}`,
  rangeOfSeeds: (n: number) => `range of ${n} seed${n === 1 ? '' : 's'} (too few for a 95% interval)`,
  controlsTitle: 'Negative controls',
  controlsNote: 'Each control states what must not be seen if the claim it protects is to mean anything.',
  protects: (name: string) => `protects ${name}`,
  cellLine: (status: string, values: string, seed: number, reason: string) => `${status} — ${values}, seed ${seed}: ${reason}`,
  noGit: 'not in a git repository',
  dirty: 'with uncommitted changes',
  computeTime: (cpu: string, wall: string) => `${cpu} of training (${wall} wall clock)`,
  cellsLine: (total: number, cached: number, trained: number) => `${total} cells: ${cached} from the cache, ${trained} trained`,
  stepExecutors: (host: number, tfjs: number) =>
    [host ? `${host} cell${host === 1 ? '' : 's'} on the host executor (JavaScript, BLAS products)` : '', tfjs ? `${tfjs} on tfjs kernels` : ''].filter(Boolean).join(', '),
  staticNote: 'Charts are static SVG (this report was written with --static).',
  interactiveNote: 'With JavaScript, charts show tooltips; drag to pan, scroll to zoom, double-click to reset.',
  footer: (version: string) => `Written by lazylab ${version}.`,
  // diff
  sideLabel: (label: string, before: boolean) => `${label} (${before ? 'before' : 'after'})`,
  overlayCaption: 'Every revision overlaid (means over seeds; the legend names each revision).',
  diffTitle: (labels: string[]) => `What changed: ${labels.join(' → ')}`,
  noSpec: (label: string) => `The spec of ${label} is not known (a results directory without spec.lazy), so only the results are compared.`,
  specUnchanged: 'The specs are identical.',
  noMoves: 'No measurement moved.',
  movedMore: (n: number) => `… and ${n} smaller moves.`,
  onlyOn: (label: string, n: number) => `${n} cell${n === 1 ? '' : 's'} only in ${label}`,
  noVerdictChange: 'No expectation changed its verdict.',
  diffNoExpectations: 'Neither side has expectations.',
  verdictsFlipped: (n: number, of: number) => `${n} of ${of} expectation${of === 1 ? '' : 's'} changed ${of === 1 ? 'its' : 'their'} verdict.`,
  moveBeyond: 'beyond noise',
  moveWithin: 'within noise',
  moveNoYardstick: 'one seed: no yardstick',
  movesNoise: (beyond: number, of: number, factor: number) => `${beyond} of ${of} move${of === 1 ? '' : 's'} beyond noise: |new − old| above ${factor} standard errors of the difference, from the seed-to-seed spread of each side.`,
  added: 'added',
  removed: 'removed',
  changed: 'changed',
} as const;

/** Error texts of the report and diff commands (the CLI prints them). */
export const ERR = {
  noResults: (dir: string) => `no results in ${dir} (expected ${dir}/results.json); run \`lazylab run\` first`,
  badSide: (side: string, why: string) => `cannot read \`${side}\`: ${why}`,
  gitShow: (rev: string, path: string, why: string) => `cannot read ${path} at ${rev}: ${why}`,
  specProblems: (label: string) => `the spec of ${label} has errors`,
  tooFewSides: 'give at least two sides to compare',
  badFormat: (f: string) => `unknown format \`${f}\` (html, md or json)`,
} as const;
