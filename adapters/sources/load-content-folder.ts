import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { type ContentArticle, type ContentFolder, toError } from '../../src/app/index.ts';
import { parseArticle, isNewsbriefError } from '../../src/core/index.ts';
import { decodeText, MAX_ARTICLE_BYTES } from './read-article-file.ts';

const ARTICLE_FILE = /\.(?:txt|md|markdown|html?)$/i;
/** Files read at once: the thread pool has 4 threads; a few more keep it busy. */
const READ_AT_ONCE = 16;

/**
 * Loads every article file of a folder (`.txt` in the seed format or plain, `.md` with optional
 * front matter, `.html`). A broken file is reported and skipped; the rest load.
 */
export async function loadContentFolder(dir: string, cache?: ContentCache): Promise<ContentFolder> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => ARTICLE_FILE.test(n)).sort();
  } catch {
    return { articles: [], errors: [{ file: dir, message: `${dir}: no such folder` }] };
  }
  const folder: ContentFolder = { articles: [], errors: [] };
  // A Set, not a scan of the names per cached file: that was quadratic (15 s at 10,000 files).
  const present = new Set(names.map((n) => join(dir, n)));
  if (cache) for (const file of cache.keys()) if (!present.has(file)) cache.delete(file);
  // Files are stat'ed (and read when changed) a few at a time rather than one after the other: at
  // 10,000 files, one round trip to the thread pool each made a re-read take seconds.
  const results: Array<ContentArticle | { file: string; message: string }> = new Array(names.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < names.length; i = next++) {
      const file = join(dir, names[i] ?? '');
      try {
        results[i] = await loadCached(file, cache);
      } catch (error) {
        results[i] = { file, message: isNewsbriefError(error) ? error.message : `${file}: ${toError(error).message}` };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_AT_ONCE, names.length) }, worker));
  for (const r of results) {
    if ('article' in r) folder.articles.push(r);
    else folder.errors.push(r);
  }
  return folder;
}

/** Articles already read, by file; an entry is reused while the file's size and time are the same. */
export type ContentCache = Map<string, { mtimeMs: number; size: number; article: ContentArticle }>;

// Unchanged files are not parsed again (`createContentIndex` reads the folder only after a change).
async function loadCached(file: string, cache: ContentCache | undefined): Promise<ContentArticle> {
  const info = await stat(file);
  const hit = cache?.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit.article;
  cache?.delete(file);
  const article = await loadContentFile(file, info.size);
  cache?.set(file, { mtimeMs: info.mtimeMs, size: info.size, article });
  return article;
}

async function loadContentFile(file: string, size: number): Promise<ContentArticle> {
  if (size > MAX_ARTICLE_BYTES) throw new Error('too large for an article (limit 5 MB)');
  const text = decodeText(await readFile(file), file);
  const id = basename(file, extname(file)).toLowerCase();
  if (/\.html?$/i.test(file)) {
    const { extractArticle } = await import('./extract-article.ts'); // loaded only for HTML
    const extracted = extractArticle(text, `file:${file}`);
    return { id, file, article: { ...extracted.article, source: file, url: null }, tags: [], notice: extracted.notice };
  }
  // A file named 2025-08-12-… says its date when the text does not.
  const article = parseArticle(text, { source: file });
  const named = /^(\d{4}-\d{2}-\d{2})-/.exec(id)?.[1] ?? null;
  return { id, file, article: { ...article, date: article.date ?? named }, tags: readTags(text), notice: null };
}

/** `tags: [a, b]`, `tags: a, b` or a YAML list under `tags:` in the front matter. */
function readTags(text: string): string[] {
  const front = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
  if (!front) return [];
  const inline = /^tags\s*:[ \t]*(\S.*)$/m.exec(front)?.[1];
  const list = inline !== undefined
    ? inline.replace(/^\[|\]$/g, '').split(',')
    : [...(/^tags\s*:\s*\r?\n((?:[ \t]*-[^\n]*\r?\n?)+)/m.exec(front)?.[1] ?? '').matchAll(/-\s*([^\n]+)/g)].map((m) => m[1] ?? '');
  return list.map((t) => t.trim().replace(/^["']|["']$/g, '').toLowerCase()).filter(Boolean);
}
