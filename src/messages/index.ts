// Every diagnostic text of the front end, as functions in one place (one file a stage): tests
// compare against these functions, so rewording a message never breaks a test for the wrong reason.

export * from './syntax.js';
export * from './check.js';
export * from './plan.js';
export * from './layers.js';
export * from './data.js';
export * from './run.js';
export * from './kernel-slice.js';
export * from './lsp.js';
export * from './schedule.js';
