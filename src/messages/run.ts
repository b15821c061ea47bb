// Texts about runs and their results: `check`'s warning for a plan that `run` would refuse, and
// the provenance of results.json (what produced it) as `report` and `diff` check it.

export const planRefusedByRun = (size: string): string => `${size}; \`lazylab run\` and \`lazylab plan\` refuse it without --force`;
