import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { NewsbriefError } from '../../src/core/index.ts';

/** Drops a body we will not read; the error listener keeps the abort from surfacing as unhandled. */
export function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** What a response is, as a message names it when it is too large: a feed, a text file (text/plain), else a page. */
export function bodyNoun(kind: 'article' | 'feed', contentType: string): string {
  if (kind === 'feed') return 'feed';
  return contentType === 'text/plain' ? 'text file' : 'page';
}

/** Reads a response body, decompressed, up to `maxBytes`; `kind` and `noun` ({@link bodyNoun}) name what was too large. */
export async function readBody(body: Readable, encoding: string | null, maxBytes: number, kind: 'article' | 'feed' = 'article', noun = bodyNoun(kind, '')): Promise<Buffer> {
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
      if (size > maxBytes) {
        const mb = Math.round(maxBytes / 1024 / 1024);
        throw new NewsbriefError('NOT_TEXT', kind === 'feed' ? `the feed is larger than ${mb} MB, too large a feed to read` : `the ${noun} is larger than ${mb} MB, too large for an article`);
      }
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

/**
 * Decodes with the charset from the header, else from a `<meta>` near the top, else UTF-8; bad
 * bytes become U+FFFD. A label the bytes plainly contradict — markup that the label turns into
 * something else (UTF-8 bytes read as UTF-16), or valid UTF-8 that it reads as bad bytes — is
 * refused with that said, rather than handed to the HTML parser as noise.
 */
export function decode(bytes: Buffer, contentType: string): string {
  const declared = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1]
    ?? /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1]
    ?? /^<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(declared ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // an unknown charset label: UTF-8 is the best guess
  }
  const text = decoder.decode(bytes);
  if (decoder.encoding !== 'utf-8' && contradicts(bytes, text)) {
    throw new NewsbriefError('NOT_TEXT', `the page's declared charset (${declared}) does not match its bytes`);
  }
  return text;
}

/** Whether the decoded text lost the markup its bytes hold, or turned valid, non-ASCII UTF-8 into bad bytes. */
function contradicts(bytes: Buffer, text: string): boolean {
  const head = bytes.subarray(0, 1024).toString('latin1');
  if (/<[a-z!?]/i.test(head) && !/<[a-z!?]/i.test(text.slice(0, 1024))) return true;
  if (!text.includes('\uFFFD') || !bytes.some((b) => b >= 0x80)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
