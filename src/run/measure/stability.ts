// Chizat et al.'s "proportion lazy": the fraction of ReLU units whose on/off state at step t
// equals the state at initialization, and of max-pool windows whose winning input is unchanged,
// on the first `probe` training points — per pattern layer (ReLU layers and max-pools in order)
// and in total (every unit and window of every pattern layer counted once).
import type { Measurement, MeasureValue } from './types.js';
import { accuracy } from '../train/loss.js';

/** Layered networks run every measurement listed here; the others are fully connected only. */
export const LAYERED_MEASUREMENTS = new Set([
  'train_loss', 'test_loss', 'train_accuracy', 'test_accuracy', 'weight_change', 'trajectory_sum', 'activation_stability',
  'frozen_pattern_accuracy',
  'linearization_gap',
  'ntk_change', 'ntk_eigen', 'loss_landscape', 'kappa',
]);

/**
 * Accuracy of the current weights run with the ReLU states and max-pool choices of
 * initialization (what Chizat et al.'s CNN code records beside the network's accuracy): equal to
 * the network's when no pattern has changed, so its distance from it measures how far training
 * left the initial linear regions.
 */
export const frozenPatternAccuracy: Measurement = {
  name: 'frozen_pattern_accuracy',
  unsupported: (cell) => (cell.model.layers ? null : 'computed for layered networks (`layers = [...]`)'),
  measure: (s) => (['train', 'test'] as const).filter((split) => s.data[split].n > 0).map((split) => ({
    measurement: `frozen_pattern_${split}_accuracy`,
    value: accuracy(s.frozenOutputs(split), s.data[split].classes, s.data.outputDim),
  })),
};

export const activationStability: Measurement = {
  name: 'activation_stability',
  unsupported: (cell) => (cell.model.layers || cell.model.activation === 'relu' ? null : `activation ${cell.model.activation} has no on/off pattern`),
  measure(s, options) {
    const probe = typeof options['probe'] === 'number' ? options['probe'] : 256;
    const now = s.patterns(probe, 'now');
    const init = s.patterns(probe, 'initial');
    let same = 0, total = 0;
    const out: MeasureValue[] = [];
    now.forEach((a, l) => {
      const b = init[l]!;
      let k = 0;
      for (let i = 0; i < a.length; i++) if (a[i] === b[i]) k++;
      same += k;
      total += a.length;
      out.push({ measurement: 'activation_stability', layer: l + 1, value: a.length ? k / a.length : NaN });
    });
    return [{ measurement: 'activation_stability', value: total ? same / total : NaN }, ...out];
  },
};
