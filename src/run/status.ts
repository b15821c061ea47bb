// The statuses a cell can end with: one list for the results type, its documentation
// (RESULTS.md) and the results-file validator, so a new status cannot be missing from one.

export const CELL_STATUSES = ['ok', 'stopped', 'unconverged', 'diverged', 'failed'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];
