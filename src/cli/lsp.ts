// `lazylab lsp`: the language server over stdin/stdout, for editors (see editors/README.md).
// The server's modules are imported only here, so other commands never load them.

import { err, parseCommand } from './io.js';

export const LSP_USAGE = `usage: lazylab lsp [--stdio]

Speaks the Language Server Protocol on stdin and stdout: diagnostics as you type (the same as
\`lazylab check\`), hover documentation, completion, go to definition, references, rename and
formatting. Editors start it themselves; see editors/README.md.`;

export async function lspCommand(argv: string[]): Promise<number> {
  // Clients add --stdio and --clientProcessId=N when they start a server; both are accepted.
  const parsed = parseCommand(argv, { stdio: { type: 'boolean' }, clientProcessId: { type: 'string' } }, LSP_USAGE);
  if (!parsed) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  if (parsed.positionals.length) {
    err(`lazylab lsp: unexpected argument \`${parsed.positionals[0]}\`\n\n${LSP_USAGE}`);
    return 2;
  }
  const { startServer } = await import('../lsp/server.js');
  await startServer(process.stdin, process.stdout);
  return 0;
}
