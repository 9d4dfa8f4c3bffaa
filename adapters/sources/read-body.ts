import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { NewsbriefError } from '../../src/core/index.ts';

/** Drops a body we will not read; the error listener keeps the abort from surfacing as unhandled. */
export function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads a response body, decompressed, up to `maxBytes`. */
export async function readBody(body: Readable, encoding: string | null, maxBytes: number): Promise<Buffer> {
  let stream: Readable = body;
  const coding = (encoding ?? '').trim().toLowerCase();
  // Decompress ourselves so the size limit applies to what comes out: a gzip bomb stops at maxBytes.
  if (coding === 'gzip' || coding === 'x-gzip') stream = body.pipe(createGunzip());
  else if (coding === 'deflate') stream = body.pipe(createInflate());
  else if (coding === 'br') stream = body.pipe(createBrotliDecompress());
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new NewsbriefError('NOT_TEXT', `the page is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, too large for an article`);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof NewsbriefError) throw error;
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new NewsbriefError('FETCH_FAILED', 'the page is badly compressed');
    throw error;
  } finally {
    discard(body);
    if (stream !== body) discard(stream);
  }
  return Buffer.concat(chunks);
}

/** Decodes with the charset from the header, else from a `<meta>` near the top, else UTF-8; bad bytes become U+FFFD. */
export function decode(bytes: Buffer, contentType: string): string {
  const declared = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1]
    ?? /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1]
    ?? /^<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // an unknown charset label: UTF-8 is the best guess
  }
}
