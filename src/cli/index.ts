// The lazylab command line: dispatches to one module per command. Only src/cli prints,
// reads argv or decides exit codes; every stage below it returns data.

import { lazylabVersion } from '../version.js';
import { err, guardStreams, out } from './io.js';

type Command = (argv: string[]) => Promise<number>;

// Each command's module is imported only when that command runs, so `check` never loads
// TensorFlow.js or Vega and `--help` loads no parser. The specifiers are literals so the
// bundler (scripts/bundle.mjs) can split one chunk per command.
const COMMANDS: Record<string, { doc: string; load: () => Promise<Command> }> = {
  check: { doc: 'parse and check specs; print every problem with its position', load: async () => (await import('./check.js')).checkCommand },
  plan: { doc: 'expand a spec into run cells with hashes and a cost estimate', load: async () => (await import('./plan.js')).planCommand },
  fmt: { doc: 'rewrite specs in the canonical layout (--check to verify)', load: async () => (await import('./fmt.js')).fmtCommand },
  run: { doc: 'train every cell (cached, parallel, resumable) and record the measurements', load: async () => (await import('./run.js')).runCommand },
  report: { doc: 'write the self-contained HTML report of a run (figures, theory table, spec, data)', load: async () => (await import('./report.js')).reportCommand },
  gallery: { doc: 'one page linking the reports of any set of result folders, with their key figures', load: async () => (await import('./gallery.js')).galleryCommand },
  diff: { doc: 'compare runs or spec revisions: changed settings, moved measurements, overlaid charts', load: async () => (await import('./diff.js')).diffCommand },
  kernel: { doc: 'analytic or empirical NTK/NNGP matrices for a set of points', load: async () => (await import('./kernel.js')).kernelCommand },
  watch: { doc: 'check and re-run a spec on every save; serve its report with live reload', load: async () => (await import('./watch.js')).watchCommand },
  lsp: { doc: 'language server for editors (diagnostics, hover, completion, rename) over stdio', load: async () => (await import('./lsp.js')).lspCommand },
};

export const version = lazylabVersion;

export const USAGE = `lazylab ${'{version}'}: declarative experiments on lazy training and the neural tangent kernel

usage: lazylab <command> [options]

commands:
${Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(8)} ${v.doc}`).join('\n')}

Run \`lazylab <command> --help\` for the options of one command.`;

export async function main(argv: string[]): Promise<number> {
  guardStreams();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(USAGE.replace('{version}', version()));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    out(version());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`lazylab: unknown command \`${name}\`\n\n${USAGE.replace('{version}', version())}`);
    return 2;
  }
  return (await command.load())(rest);
}
