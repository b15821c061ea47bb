// Axis titles and value ranges: what a chart prints for a measurement or a swept variable
// ("training loss", "relative weight change ‖w_t − w_0‖/‖w_0‖", "width m", "output scale α"),
// and the range a measurement's values live in (accuracies in [0, 1], losses and norms ≥ 0),
// so a band over seeds is never drawn where no value can be. Names not listed read as words.

/** Where a measurement's values can lie: a band is clipped to it. */
export type Range = 'fraction' | 'nonnegative' | 'any';

interface Label { title: string; range: Range }

const frac = (title: string): Label => ({ title, range: 'fraction' });
const pos = (title: string): Label => ({ title, range: 'nonnegative' });
const any = (title: string): Label => ({ title, range: 'any' });

/** Measurement outputs (src/check/catalogue.ts MEASUREMENTS): title with its formula, and range. */
export const MEASUREMENT_LABELS: Record<string, Label> = {
  train_loss: pos('training loss'),
  test_loss: pos('test loss'),
  train_accuracy: frac('training accuracy'),
  test_accuracy: frac('test accuracy'),
  weight_change: pos('relative weight change ‖w_t − w_0‖/‖w_0‖'),
  normalized_movement: pos('normalized movement √(Σ_l ‖ΔW_l‖²)/m'),
  trajectory_sum: pos('trajectory sum S_t = Σ_i |w_t,i − w_0,i|/|w_0,i|'),
  activation_unchanged: frac('ReLU patterns unchanged (fraction)'),
  activation_stability: frac('activation patterns unchanged (fraction)'),
  frozen_pattern_train_accuracy: frac('training accuracy, initial patterns'),
  frozen_pattern_test_accuracy: frac('test accuracy, initial patterns'),
  ntk_change: pos('relative NTK change ‖Θ_t − Θ_0‖/‖Θ_0‖'),
  ntk_lambda_min: pos('smallest NTK eigenvalue λ_min'),
  ntk_lambda_max: pos('largest NTK eigenvalue λ_max'),
  ntk_condition: pos('NTK condition number λ_max/λ_min'),
  ntk_train_lambda_min: pos('λ_min of the NTK on the training set'),
  ntk_predicted_rate: pos('predicted rate of the loss'),
  ntk_layer_lambda_sum: pos('Σ_l λ_min of the layer kernels'),
  ntk_llz_rate: pos('rate bound from the layer kernels'),
  ntk_analytic_distance: pos('distance to the analytic NTK ‖Θ̂_0 − Θ‖/‖Θ‖'),
  linearization_gap: pos('gap to the linearized network (train)'),
  linearization_gap_test: pos('gap to the linearized network (test)'),
  linearized_train_loss: pos('training loss of the linearized network'),
  linearized_test_loss: pos('test loss of the linearized network'),
  linearized_train_accuracy: frac('training accuracy of the linearized network'),
  linearized_test_accuracy: frac('test accuracy of the linearized network'),
  ntk_slice: any('NTK Θ_t(x_0, x(γ))'),
  ntk_slice_analytic: any('analytic NTK Θ_∞(x_0, x(γ))'),
  ntk_grid: any('NTK Θ_t(x_0, x(u, v))'),
  ntk_grid_analytic: any('analytic NTK Θ_∞(x_0, x(u, v))'),
  ntk_slice_init_distance: pos('distance to the analytic NTK ‖Θ_0 − Θ_∞‖/‖Θ_∞‖ on the circle'),
  ntk_slice_change: pos('relative NTK change ‖Θ_t − Θ_0‖/‖Θ_0‖ on the circle'),
  infinite_train_loss: pos('infinite-width training loss'),
  infinite_test_loss: pos('infinite-width test loss'),
  infinite_width_gap: pos('gap to the infinite-width network (test)'),
  infinite_width_gap_train: pos('gap to the infinite-width network (train)'),
  infinite_test_loss_gap: pos('|test loss − infinite-width test loss|'),
  kappa: pos('laziness κ(w_0)'),
  landscape: pos('training loss on the slice'),
};

/** Built-in axes and the names specs give their swept variables. */
const VARIABLE_TITLES: Record<string, string> = {
  step: 'training step', seed: 'seed', model: 'model', data: 'data',
  m: 'width m', alpha: 'output scale α', gamma: 'angle γ (radians)', lr: 'learning rate η', n_train: 'training examples n',
};

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', iota: 'ι', kappa: 'κ',
  lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', chi: 'χ',
  psi: 'ψ', omega: 'ω',
};

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The math name of a variable: `tau` → τ, `sigma_w` → σ_w, `m` → m. */
export function symbolOf(name: string): string {
  const [head, ...rest] = name.split('_');
  return has(GREEK, head!) ? [GREEK[head!], ...rest].join('_') : name;
}

/** An axis or legend title for a name: a measurement's words and formula, a variable's math name. */
export function titleOf(name: string): string {
  if (has(MEASUREMENT_LABELS, name)) return MEASUREMENT_LABELS[name]!.title;
  if (has(VARIABLE_TITLES, name)) return VARIABLE_TITLES[name]!;
  const symbol = symbolOf(name);
  return symbol !== name ? symbol : name.replace(/_/g, ' ');
}

/** The range a measurement's values lie in ('any' for variables and unknown names). */
export function rangeOf(name: string): Range {
  return has(MEASUREMENT_LABELS, name) ? MEASUREMENT_LABELS[name]!.range : 'any';
}

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '-': '⁻', '−': '⁻', '+': '⁺', '=': '⁼', '(': '⁽', ')': '⁾', '/': 'ᐟ', '.': '·', n: 'ⁿ', i: 'ⁱ',
  'γ': 'ᵞ', 'β': 'ᵝ', 'δ': 'ᵟ', 'φ': 'ᵠ', 'χ': 'ᵡ', a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', k: 'ᵏ', m: 'ᵐ', p: 'ᵖ', t: 'ᵗ',
};

/** Superscript text in Unicode, or null when some character has no superscript form. */
export function superscript(s: string): string | null {
  const out = [...s].map((c) => (c === ' ' ? '' : has(SUPERSCRIPT, c) ? SUPERSCRIPT[c]! : null));
  return out.includes(null) ? null : out.join('');
}

/** Plain text with `x^(−1/2)`, `m^2`, `m^-γ` written as Unicode superscripts (for SVG text). */
export function mathText(s: string): string {
  return s.replace(/\^(\(([^()]*)\)|[-−]?[0-9A-Za-zα-ω.]+)/g, (whole, _e: string, inner: string | undefined) => {
    const sup = superscript(inner ?? whole.slice(1));
    return sup ?? whole;
  });
}
