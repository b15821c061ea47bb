// Passes on only well-framed JSON-RPC messages (a header block with a numeric Content-Length,
// then that many bytes). vscode-jsonrpc's reader reports a header without Content-Length as an
// error and then waits for the next chunk before reading what is already buffered, so one
// malformed header left the following request unanswered; dropped here, nothing stalls.

import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n');

export class FrameGuard extends Transform {
  // Chunks are joined once per message, not once per chunk: a 10 MB document arrives in
  // hundreds of chunks, and joining on each would copy gigabytes.
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes of the message being read (header and body), once its header is read. */
  private need: number | null = null;
  /** Header blocks dropped for want of a valid Content-Length. */
  dropped = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (this.need === null && !this.readHeader()) break;
      if (this.need === null) continue; // a header was dropped: look for the next one
      if (this.size < this.need) break;
      const all = this.joined();
      this.push(all.subarray(0, this.need));
      this.keep(all.subarray(this.need));
      this.need = null;
    }
    done();
  }

  /** Reads the next header block: sets `need`, or drops the block. False until one is complete. */
  private readHeader(): boolean {
    const all = this.joined();
    const end = all.indexOf(HEADER_END);
    if (end < 0) return false;
    const length = contentLength(all.subarray(0, end).toString('ascii'));
    if (length === null) {
      this.dropped++;
      this.keep(all.subarray(end + HEADER_END.length));
    } else this.need = end + HEADER_END.length + length;
    return true;
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
  }
}

function contentLength(header: string): number | null {
  const m = /^content-length:[ \t]*(\d+)[ \t]*$/im.exec(header);
  return m ? Number(m[1]) : null;
}
