// lazylab as a library: each pipeline stage as a function of the previous stage's data.
//
//   text ─parseSpec→ AST ─checkSpec→ diagnostics ─planSpec→ run cells ─executePlan→ results
//        ─evaluateExpectations→ verdicts ─renderReport→ HTML;  diffResults(results, results)
//
export { parseSpec, type ParseResult } from './lang/parse.js';
export type * as Ast from './lang/ast.js';
export { checkSpec, type CheckOptions } from './check/index.js';
export { planSpec, loadPlanFromFile, canonicalJson, estimateCost } from './plan/index.js';
export { applyProfile } from './plan/profile.js';
export type { Plan, RunCell, ModelConfig, DataConfig, TrainConfig, MeasureConfig } from './plan/cell.js';
export { formatSpec } from './fmt/index.js';
export { formatDiagnostic, formatDiagnostics, hasErrors, type Diagnostic, type Span } from './diagnostics.js';
export { executePlan, readResults, writeResults, registerMeasurement, type RunResults, type TidyRecord, type ExecuteOptions } from './run/index.js';
export { evaluateExpectations, strictExitCode } from './theory/expect.js';
export type { ExpectationVerdict, Verdict } from './theory/verdict.js';
export { analyticKernels } from './theory/analytic.js';
export { renderReport, writeReport, diffResults, renderDiffHtml, renderDiffMarkdown, renderDiffJson } from './report/index.js';
