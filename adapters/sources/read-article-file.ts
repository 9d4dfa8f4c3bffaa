import { readFile, stat } from 'node:fs/promises';
import { NewsbriefError, parseArticle, type Article } from '../../src/core/index.ts';

/** Files larger than this are not articles; refusing them keeps memory bounded. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/** An article read from a file, with the notice its extraction gave (a saved page may be cut short). */
export interface ArticleFile {
  article: Article;
  notice: string | null;
}

/**
 * Reads an article from a file: UTF-8 text, Markdown, the seed format, or a saved web page
 * (`.html`, `.htm`), whose article is extracted as for a URL. A missing, empty, binary or
 * oversized file is a {@link NewsbriefError} with a one-line message.
 */
export async function readArticleFile(path: string): Promise<ArticleFile> {
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
  const text = decodeText(await readFile(path), path);
  if (/\.html?$/i.test(path)) {
    // Offsets then point into the extracted text, as for a URL; JSON output carries that text.
    const { extractArticle } = await import('./extract-article.ts'); // loaded only for HTML
    const { article, notice } = extractArticle(text, `file:${path}`);
    return { article: { ...article, source: path, url: null }, notice };
  }
  return { article: parseArticle(text, { source: path }), notice: null };
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
