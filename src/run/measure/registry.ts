// The registry of measurements by name. Built-ins register on import; issue 4's kernel
// measurements call registerMeasurement() with the same interface.

import type { Measurement } from './types.js';
import { builtinMeasurements } from './builtin.js';
import { infiniteMeasurements } from './infinite.js';
import { kernelMeasurements } from './kernel.js';
import { kernelSliceMeasurements } from './kernel-slice.js';
import { kernelGridMeasurements } from './kernel-grid.js';
import { landscapeMeasurements } from './landscape.js';
import { lazinessMeasurements } from './laziness.js';
import { linearizedMeasurements } from './linearized.js';
import { activationStability, frozenPatternAccuracy } from './stability.js';

const registry = new Map<string, Measurement>();
for (const m of [...builtinMeasurements, ...kernelMeasurements, ...kernelSliceMeasurements, ...kernelGridMeasurements, ...linearizedMeasurements, ...lazinessMeasurements, ...landscapeMeasurements, ...infiniteMeasurements, activationStability, frozenPatternAccuracy]) registry.set(m.name, m);

/** Names the language knows that a later issue implements: skipped with a note, not an error. */
export const PLANNED_MEASUREMENTS: string[] = [];

export function registerMeasurement(m: Measurement): void {
  registry.set(m.name, m);
}

export function findMeasurement(name: string): Measurement | undefined {
  return registry.get(name);
}

export function measurementNames(): string[] {
  return [...registry.keys()];
}
