// The training engine's public API: execute a plan, the results format, the measurement registry.

export { executePlan, resultsPath, selectShard, type ExecuteOptions } from './execute.js';
export type { RunEvent, CellRef } from './events.js';
export { MATMUL_PATHS, type MatmulRequest } from './backend.js';
export {
  RESULTS_FORMAT_VERSION, readResults, writeResults,
  type RunResults, type TidyRecord, type CellResult, type CellSummary, type CellStatus, type BackendInfo, type BackendName, type MatmulInfo,
} from './results.js';
export { registerMeasurement, measurementNames, PLANNED_MEASUREMENTS } from './measure/registry.js';
export type { Measurement, MeasureValue, TrainingState, SplitName } from './measure/types.js';
export type { LayerParams } from './model/params.js';
export type { Dataset, Split } from './data/index.js';
export { ENGINE_VERSION } from './cache.js';
