// What each measurement means, for people: its formula, what each recorded value is, what it
// costs and an example. Keyed by the names of MEASUREMENTS (catalogue.ts), which stays the
// checker's table; grammar/REFERENCE.md is generated from both (src/check/reference.ts), and
// src/run/RESULTS.md points here instead of repeating the formulas. A test fails when a
// measurement or one of its outputs has no entry here.

import type { Example } from './examples.js';

export interface MeasureDoc {
  /** The definition, in the notation of src/run/RESULTS.md (f the model output α·h, w_t the weights after t steps). */
  formula: string;
  /** Each recorded value (the catalogue's `outputs`) and what it is. */
  outputs: Record<string, string>;
  /** What it adds to a cell's training, and any size above which it is skipped. */
  cost: string;
  example: Example;
}

const LOSS = 'mse (1/2n) Σᵢ ‖fᵢ − yᵢ‖²; bce mean(softplus(f) − y·f); cross-entropy mean(logsumexp(f) − f_y); float64 on the whole split';
const ACCURACY = 'fraction of examples whose prediction is their class: argmax of f for several outputs, else f > 0 predicts class 1';
const KERNEL = 'Θ_t(x, x′) = ∇_w f(x; w_t) · ∇_w f(x′; w_t), the empirical NTK of the model output f = α·h (so it includes α²), on the first `probe` training points; softmax heads: the trace Σ_k Θ^(k)';
const PROBE_COST = 'probe² kernel entries of P parameters (≈ 2·probe·P + probe²·P flops) at each step in `at`';
const RATE = '−2 log|1 − (η/α²) λ / n| per step';

export const MEASUREMENT_DOCS: Record<string, MeasureDoc> = {
  train_loss: { formula: LOSS, outputs: { train_loss: 'the loss on the training set' }, cost: 'one forward pass of the training set per logged step', example: 'train_loss' },
  test_loss: { formula: LOSS, outputs: { test_loss: 'the loss on the test set (needs `n_test` > 0)' }, cost: 'one forward pass of the test set per logged step', example: 'test_loss' },
  train_accuracy: { formula: ACCURACY, outputs: { train_accuracy: 'accuracy on the training set, in [0, 1]' }, cost: 'one forward pass of the training set per logged step', example: 'train_accuracy' },
  test_accuracy: { formula: ACCURACY, outputs: { test_accuracy: 'accuracy on the test set, in [0, 1]' }, cost: 'one forward pass of the test set per logged step', example: 'test_accuracy' },
  weight_change: {
    formula: '‖w_t − w_0‖_F / ‖w_0‖_F over all weights and biases; with `per_layer: true` also ‖W_l,t − W_l,0‖_F / ‖W_l,0‖_F for each layer l (1-based, the output layer last)',
    outputs: { weight_change: 'the relative change, whole network (per layer: records with `layer`, read as `slope(weight_change, m, layer: 1)`)' },
    cost: 'one pass over the parameters per logged step',
    example: 'weight_change(per_layer: true)',
  },
  normalized_movement: {
    formula: 'Kearns et al.: sqrt(Σ_l ‖W_l,t − W_l,0‖_F²) / width, weights only, width = the total number of hidden units',
    outputs: { normalized_movement: 'the normalized movement' },
    cost: 'one pass over the parameters per logged step',
    example: 'normalized_movement',
  },
  trajectory_sum: {
    formula: 'Bahaduri & Goudelin: S_t = Σᵢ |w_t,i − w_0,i| / |w_0,i| over the parameters with w_0,i ≠ 0',
    outputs: { trajectory_sum: 'the summed relative movement of the parameters' },
    cost: 'one pass over the parameters per logged step',
    example: 'trajectory_sum',
  },
  activation_unchanged: {
    formula: 'fraction of (training example, hidden unit) pairs whose sign of the pre-activation z equals its sign at initialization; `layer: l` counts hidden layer l only',
    outputs: { activation_unchanged: 'the fraction of unchanged ReLU signs, in [0, 1]' },
    cost: 'the hidden pre-activations of the training set per logged step',
    example: 'activation_unchanged(layer: 1)',
  },
  activation_stability: {
    formula: 'fraction of ReLU on/off states (and, in layered networks, max-pool choices) on the first `probe` training points equal to those at initialization; a window whose inputs tie takes its first maximum',
    outputs: { activation_stability: 'the fraction, in [0, 1]: one record in total and one per pattern layer (`layer` = its position among the ReLU and max-pool layers, residual bodies before shortcuts)' },
    cost: 'one forward pass of `probe` points per logged step, and their initial patterns kept',
    example: 'activation_stability(probe: 128)',
  },
  frozen_pattern_accuracy: {
    formula: 'accuracy of the current weights w_t run with every ReLU state and max-pool choice of initialization (the network linear in its weights at frozen gates, as Chizat et al.\'s CNN code records it)',
    outputs: {
      frozen_pattern_train_accuracy: 'that accuracy on the training set',
      frozen_pattern_test_accuracy: 'that accuracy on the test set',
    },
    cost: 'one extra forward pass of each split per logged step',
    example: { text: 'frozen_pattern_accuracy', context: { model: 'layers = [dense(m), relu]\n-hidden' } },
  },
  ntk_change: {
    formula: `‖Θ_t − Θ_0‖_F / ‖Θ_0‖_F, ${KERNEL}; with \`trace: false\` the per-output kernels taken together (Frobenius norms summed)`,
    outputs: { ntk_change: 'the relative change of the kernel' },
    cost: PROBE_COST,
    example: 'ntk_change(probe: 32, at: every(10))',
  },
  ntk_eigen: {
    formula: `the spectrum of Θ_t (${KERNEL}); at step 0 also the whole training set's kernel and the loss-decay rates it implies, ${RATE}`,
    outputs: {
      ntk_lambda_min: 'λ_min(Θ_t) on the probe set',
      ntk_lambda_max: 'λ_max(Θ_t) on the probe set',
      ntk_condition: 'λ_max / λ_min (null when λ_min ≤ 0)',
      ntk_train_lambda_min: 'λ_min(Θ_0) on the whole training set (gd + mse + a scalar output, constant lr, n_train ≤ 4096)',
      ntk_predicted_rate: `the linearized model's loss-decay rate ${RATE} with λ = ntk_train_lambda_min (read by \`predicted_rate(train_loss)\`)`,
      ntk_layer_lambda_sum: 'Σ_l λ_min(Θ_0^(l)) of the layers\' kernels on the training set (Θ = Σ_l Θ^(l), so it is ≤ λ_min(Θ_0))',
      ntk_llz_rate: `Li, Luo & Zhou's guaranteed rate ${RATE} with λ = ntk_layer_lambda_sum (read by \`llz_rate(train_loss)\`)`,
    },
    cost: `${PROBE_COST}; at step 0 the training set's n × n kernel and its eigenvalues (≈ 10·n³ flops)`,
    example: 'ntk_eigen(probe: 32)',
  },
  ntk_analytic_distance: {
    formula: '‖Θ_0 − α²Θ_∞‖_F / ‖α²Θ_∞‖_F on the probe set, Θ_∞ the analytic (infinite-width) NTK of the architecture',
    outputs: { ntk_analytic_distance: 'the relative distance of the empirical kernel at init from the analytic one' },
    cost: 'one probe² kernel at step 0, and the analytic kernel (probe² · depth)',
    example: 'ntk_analytic_distance(probe: 32)',
  },
  ntk_slice: {
    formula: 'Θ_t(x_0, x(γ)) = ∇_w f(x_0; w_t) · ∇_w f(x(γ); w_t) for x_0 = e_1 and x(γ) = cos γ·e_1 + sin γ·e_2 on the unit circle of the first two input coordinates (Jacot et al. 2018, Figure 1); Θ_∞ the analytic NTK on the same points (times α²)',
    outputs: {
      ntk_slice: 'the empirical kernel per angle (`coords: {gamma}`), at initialization and the last step (or the steps in `at`); chart it with `x = gamma`',
      ntk_slice_analytic: 'the analytic kernel per angle at step 0 (drawn by `theory = analytic`)',
      ntk_slice_init_distance: '‖Θ_0 − α²Θ_∞‖₂ / ‖α²Θ_∞‖₂ over the angles',
      ntk_slice_change: '‖Θ_t − Θ_0‖₂ / ‖Θ_0‖₂ over the angles',
    },
    cost: '`points` kernel entries against one reference point (≈ 2·points·P flops) at each recorded step',
    example: { text: 'ntk_slice(points: 33)', context: { data: 'dim = 2' } },
  },
  ntk_grid: {
    formula: 'Θ_t(x_0, x(u, v)) for x_0 = e_1 and x(u, v) = u·e_1 + v·e_2 on a `points` × `points` grid over [−span, span]² in the first two input coordinates; Θ_∞ the analytic NTK on the same points (times α²)',
    outputs: {
      ntk_grid: 'the empirical kernel per grid point (`coords: {u, v}`), at initialization and the last step (or the steps in `at`); chart it as a heatmap with `x = u`, `y = v`, `color = ntk_grid`',
      ntk_grid_analytic: 'the analytic kernel per grid point at step 0',
    },
    cost: '`points`² kernel entries against one reference point (≈ 2·points²·P flops) at each recorded step',
    example: { text: 'ntk_grid(points: 10, span: 1)', context: { data: 'dim = 2' } },
  },
  linearization_gap: {
    formula: 'max over logged s ≤ t of ‖f_s − f_lin,s‖ / ‖f_0 − y‖, f_lin,t = f_0 + α·J_h(w_0)(w_t^lin − w_0) the linearized network trained the same way (closed form for gd + mse + a scalar output at a constant lr, else stepped with the engine\'s own batches, optimizer and lr schedule)',
    outputs: {
      linearization_gap: 'the running maximum on the training set (the last record is the sup over the logged steps)',
      linearization_gap_test: 'the same on the test set',
      linearized_train_loss: 'the linearized network\'s training loss (drawn by `theory = linearized`)',
      linearized_test_loss: 'the linearized network\'s test loss',
      linearized_train_accuracy: 'the linearized network\'s training accuracy (data with class labels)',
      linearized_test_accuracy: 'the linearized network\'s test accuracy (data with class labels)',
    },
    cost: 'closed form: the factorized n × (n + n*) kernel and one eigendecomposition (≈ 10·n³ flops); stepped: about 5 forward passes a step and example (forward at w0, tangent, backward), against the network\'s 3, plus forward and tangent of both splits at each logged step; both counted in `plan`\'s estimate',
    example: 'linearization_gap',
  },
  infinite_width: {
    formula: 'the infinite-width network trained the same way from the cell\'s own f_0: f_∞,t(X) − y = (I − (η/α²)Θ/n)^t (f_0(X) − y) and f_∞,t(X*) = f_0(X*) − Θ(X*, X) Θ⁻¹ (I − (I − (η/α²)Θ/n)^t)(f_0(X) − y), Θ = α²·Θ_∞ the analytic NTK',
    outputs: {
      infinite_train_loss: '(1/2n)‖f_∞,t(X) − y‖², drawn by `theory = infinite_width`',
      infinite_test_loss: 'the same on the test set',
      infinite_width_gap: 'running max over logged s ≤ t of ‖f_s(X*) − f_∞,s(X*)‖ / ‖f_0(X*) − y*‖ on the test set',
      infinite_width_gap_train: 'the same on the training set',
      infinite_test_loss_gap: 'running max over logged s ≤ t of |L_test(f_s) − L_test(f_∞,s)| (loss units)',
    },
    cost: '≈ 10·n³ flops for one eigendecomposition, (n + n*)·n analytic kernel entries and 8·(2n² + n*·n) bytes',
    example: 'infinite_width',
  },
  kappa: {
    formula: 'Chizat et al.: κ(w_0) = (1/α)‖α·h(w_0) − y‖ · ‖D²h‖ / ‖Dh‖², ‖Dh‖² = λ_max(Θ_0)/α² on the training set, ‖D²h‖ by power iteration on Hessian–vector products (ReLU: the pattern frozen at w_0)',
    outputs: { kappa: 'the laziness criterion at init (small: lazy)' },
    cost: '2·iterations Hessian–vector products of the training set (2·iterations·n·P flops); skipped with a note above 4·10⁹',
    example: 'kappa(iterations: 30)',
  },
  loss_landscape: {
    formula: 'L(w* + a·δ₁ + b·δ₂) for a, b on a grid over [−span, span], δ random directions with ‖δ_l‖_F = ‖W_l‖_F per layer (biases 0), w* the final weights',
    outputs: { landscape: 'one record per grid point with `coords: {a, b}`' },
    cost: 'grid² forward passes of the training set at the last step; skipped above grid²·n·P = 2·10¹⁰',
    example: 'loss_landscape(grid: 11, span: 0.5)',
  },
};
