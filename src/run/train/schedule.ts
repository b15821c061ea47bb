// Logging cadence: which steps record measurements.

import type { LogSchedule } from '../../plan/cell.js';

/**
 * The sorted distinct steps to log for a run of `steps` optimizer steps.
 * `every k`: 0, k, 2k, … and the final step. `logspaced n`: n roughly log-spaced distinct
 * integers from 0 to the final step, always including both (fewer when steps + 1 < n).
 */
export function logSteps(schedule: LogSchedule, steps: number): number[] {
  if (schedule.kind === 'every') {
    const k = Math.max(1, Math.floor(schedule.every));
    const out: number[] = [];
    for (let t = 0; t < steps; t += k) out.push(t);
    out.push(steps);
    return out;
  }
  const n = Math.max(2, Math.floor(schedule.points));
  if (steps + 1 <= n) return Array.from({ length: steps + 1 }, (_, i) => i);
  // Geometric grid on [1, steps], nudged up so every point is a new integer, then 0 in front.
  const out = [0];
  const m = n - 1;
  for (let i = 0; i < m; i++) {
    const ideal = m === 1 ? steps : Math.round(Math.exp((Math.log(steps) * i) / (m - 1)));
    const remaining = m - 1 - i;
    const v = Math.min(Math.max(ideal, out[out.length - 1]! + 1), steps - remaining);
    out.push(v);
  }
  return out;
}

/** A set view of the log steps for O(1) checks in the training loop. */
export function logStepSet(schedule: LogSchedule, steps: number): Set<number> {
  return new Set(logSteps(schedule, steps));
}
