// The lazylab extension: starts `lazylab lsp` over stdio for every .lazy file. Highlighting
// comes from the TextMate grammar; everything else (diagnostics, hover, completion, go to
// definition, references, rename, formatting) from the server.

const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { workspace } = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/** The configured command, else the workspace's own install, else lazylab on the PATH. */
function serverCommand() {
  const config = workspace.getConfiguration('lazylab');
  const configured = config.get('command', '');
  const args = [...config.get('args', []), 'lsp'];
  if (configured) return { command: configured, args };
  for (const folder of workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'lazylab.cmd' : 'lazylab');
    if (existsSync(local)) return { command: local, args };
    // The lazylab repository itself: run its own CLI.
    const own = join(folder.uri.fsPath, 'bin', 'lazylab.js');
    if (existsSync(own)) return { command: process.execPath.endsWith('node') ? process.execPath : 'node', args: [own, ...args] };
  }
  return { command: 'lazylab', args };
}

function activate() {
  const server = { ...serverCommand(), transport: TransportKind.stdio };
  client = new LanguageClient('lazylab', 'lazylab', server, { documentSelector: [{ scheme: 'file', language: 'lazylab' }, { scheme: 'untitled', language: 'lazylab' }] });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
