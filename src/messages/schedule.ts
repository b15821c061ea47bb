// Texts about learning-rate schedules (`optimizer = momentum(lr: 0.1, schedule: …)`): bad
// arguments found while planning, and the measurements whose closed forms need a constant lr.

export const decayFactorOutOfRange = (factor: number): string =>
  `step_decay's factor must lie strictly between 0 and 1, got ${factor}`;
export const decayFactorHint = (): string => 'the lr is multiplied by the factor at every decay: `factor: 0.1` divides it by 10';
export const cosineMinNotBelowLr = (min: number, lr: number): string =>
  `cosine's min ${min} is not below the optimizer's lr ${lr}`;
export const cosineMinHint = (lr: number): string => `min is the lr the schedule ends at: use a value below ${lr}, e.g. \`min: 0\``;
export const infiniteNeedsConstantLr = (model: string): string =>
  `infinite_width is the closed form of gd with a constant lr; model \`${model}\` is trained with an lr schedule`;
export const predictedRateNeedsConstantLr = (): string => 'the predicted rate is for a constant lr';
