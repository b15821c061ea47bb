// FrameGuard: well-framed messages pass whole, however the bytes are split into chunks; a header
// block without a numeric Content-Length is dropped and the next message still passes.

import { describe, expect, test } from 'vitest';
import { FrameGuard } from '../../src/lsp/framing.js';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

async function through(chunks: string[]): Promise<{ out: string[]; dropped: number }> {
  const guard = new FrameGuard();
  const out: string[] = [];
  guard.on('data', (b: Buffer) => out.push(b.toString()));
  for (const c of chunks) guard.write(Buffer.from(c));
  guard.end();
  await new Promise((r) => guard.on('end', r));
  return { out, dropped: guard.dropped };
}

describe('FrameGuard', () => {
  test('messages split at every byte arrive whole, multi-byte characters included', async () => {
    const text = frame('{"a":"é→"}') + frame('{"b":2}');
    const { out } = await through([...text]);
    expect(out).toEqual([frame('{"a":"é→"}'), frame('{"b":2}')]);
  });

  test('a header without Content-Length, or with a non-number, is dropped; the next message passes', async () => {
    const { out, dropped } = await through([`X-Other: 1\r\n\r\nContent-Length: abc\r\n\r\n${frame('{"ok":1}')}`]);
    expect(out).toEqual([frame('{"ok":1}')]);
    expect(dropped).toBe(2);
  });
});
