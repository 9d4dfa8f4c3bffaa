import { readFile, stat } from 'node:fs/promises';
import { NewsbriefError, parseArticle, type Article } from '../../src/index.ts';

/** Files larger than this are not articles; refusing them keeps memory bounded. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/**
 * Reads an article from a file: UTF-8 text, Markdown or the seed format. A missing, empty,
 * binary or oversized file is a {@link NewsbriefError} with a one-line message.
 */
export async function readArticleFile(path: string): Promise<Article> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new NewsbriefError('NOT_TEXT', `${path}: is a directory, not an article`);
    size = info.size;
  } catch (error) {
    if (error instanceof NewsbriefError) throw error;
    throw new NewsbriefError('NOT_FOUND', `${path}: no such file`, { cause: error });
  }
  if (size > MAX_ARTICLE_BYTES) throw new NewsbriefError('NOT_TEXT', `${path}: too large for an article (${Math.round(size / 1024 / 1024)} MB, limit 5 MB)`);
  const bytes = await readFile(path);
  return parseArticle(decodeText(bytes, path), { source: path });
}

/** Decodes UTF-8 text exactly (a BOM is kept, so offsets match the file), refusing what is empty or not text. */
export function decodeText(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new NewsbriefError('EMPTY_ARTICLE', `${name}: the file is empty`);
  if (bytes.includes(0)) throw new NewsbriefError('NOT_TEXT', `${name}: binary data, not text`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new NewsbriefError('NOT_TEXT', `${name}: not UTF-8 text`, { cause: error });
  }
  // Control characters other than tabs and line breaks mean a binary format.
  const control = text.match(/[\u0001-\u0008\u000e-\u001f]/g)?.length ?? 0;
  if (control > Math.max(4, text.length / 1000)) throw new NewsbriefError('NOT_TEXT', `${name}: binary data, not text`);
  if (text.trim().length === 0) throw new NewsbriefError('EMPTY_ARTICLE', `${name}: the file has no text`);
  return text;
}
