// A minimal LSP client for tests: spawns `node bin/lazylab.js lsp` and speaks JSON-RPC with
// Content-Length framing over its stdin/stdout, as an editor does. Raw bytes can be written
// too (malformed messages). Written here rather than borrowed so the framing itself is tested.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lazylab.js');

export interface Message { id?: number; method?: string; params?: any; result?: any; error?: { code: number; message: string } }

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly notifications: Message[] = [];
  stderr = '';
  exit: Promise<number | null>;

  constructor(args: string[] = []) {
    this.proc = spawn(process.execPath, [BIN, 'lsp', ...args], { stdio: 'pipe' });
    this.proc.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    this.exit = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const head = this.buffer.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, head).toString())?.[1]);
      if (this.buffer.length < head + 4 + length) return;
      const body = JSON.parse(this.buffer.subarray(head + 4, head + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(head + 4 + length);
      this.dispatch(body);
    }
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined && m.method === undefined) {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
      return;
    }
    if (m.id !== undefined && m.method) this.send({ id: m.id, result: null }); // server → client requests (registrations)
    else this.notifications.push(m);
    const i = this.waiters.findIndex((w) => w.test(m));
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
  }

  writeRaw(bytes: string | Buffer): void {
    this.proc.stdin.write(bytes);
  }

  send(m: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
    this.writeRaw(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The next notification matching `test` (or one already received). */
  waitFor(test: (m: Message) => boolean): Promise<Message> {
    const seen = this.notifications.find(test);
    if (seen) {
      this.notifications.splice(this.notifications.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** The diagnostics published for `uri` at `version`. */
  diagnostics(uri: string, version: number): Promise<any[]> {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version).then((m) => m.params.diagnostics);
  }

  async initialize(): Promise<Message> {
    const r = await this.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    this.notify('initialized', {});
    return r;
  }

  open(uri: string, text: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'lazylab', version, text } });
  }

  change(uri: string, text: string, version: number): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    return this.exit;
  }
}

export const fileUri = (path: string): string => pathToFileURL(path).href;
