import { articleTerms, indexArticles, isNewsbriefError, NewsbriefError, parseArticle, searchArticles, type Article, type ArticleTerms } from '../../src/core/index.ts';
import type { PageFetcher } from './create-page-fetcher.ts';
import { capArticleText } from './cap-article-text.ts';
import { fetchForReader } from './fetch-for-reader.ts';
import { loadOnce } from './load-once.ts';
import { createContentIndex } from './create-content-index.ts';
import { readArticleFile } from './read-article-file.ts';
import type { ArticleCache, ArticleLoader, CachedArticle, ContentFolder, LoadedArticle, Reader } from '../../src/app/index.ts';

/** Dependencies of {@link createArticleLoader}. */
export interface ArticleLoaderOptions {
  /** Fetches under the public-internet policy. */
  fetchPage: PageFetcher;
  /** Fetches under `FETCH_ALLOW_HOSTS`, for readers allowed private hosts. */
  fetchPrivatePage?: PageFetcher;
  cache: ArticleCache;
  contentDir?: string;
  /** Whether a target may be a file path (the CLI), not only an id or URL (chat). */
  allowFiles?: boolean;
  /** A cached article older than this is revalidated before it is used (`ARTICLE_REVALIDATE_HOURS`). */
  revalidateAfterMs?: number;
  now?: () => Date;
}

/** How old a cached article may be before the site is asked again, unless the settings say otherwise: 6 hours. */
export const ARTICLE_REVALIDATE_MS = 6 * 60 * 60_000;

// HTML extraction (linkedom, Readability) is loaded when a page first needs it: `newsbrief brief file.txt` never does.
const extraction = loadOnce(() => import('./extract-article.ts'));

// A scheme with // (http://, ftp://) or a scheme that never has one; "Kallas: sanctions" stays words.
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|(?:file|data|javascript|mailto):)/i;

/**
 * Creates the loader: URLs are fetched once per tenant and cached by canonical URL (a public page
 * another tenant fetched is reused, a private one never); ids come from `content/`.
 */
export function createArticleLoader(options: ArticleLoaderOptions): ArticleLoader {
  const { cache } = options;
  const tiers = { fetchPage: options.fetchPage, ...(options.fetchPrivatePage ? { fetchPrivatePage: options.fetchPrivatePage } : {}) };
  const contentDir = options.contentDir ?? 'content';
  const now = options.now ?? (() => new Date());
  const revalidateAfterMs = options.revalidateAfterMs ?? ARTICLE_REVALIDATE_MS;

  async function loadUrl(input: string, reader: Reader): Promise<LoadedArticle> {
    const key = canonical(input);
    let hit = await cache.getArticle(reader.tenant, key);
    const shared = hit ? null : await cache.getPublicArticle(key);
    if (shared) {
      // Anyone could have fetched this page; keeping a copy makes it the reader's to search too.
      hit = { ...shared, tenant: reader.tenant };
      await cache.putArticle(hit);
    }
    if (!hit) return fetchAndKeep(key, reader);
    if (now().getTime() - Date.parse(hit.fetchedAt) < revalidateAfterMs) return fromCache(hit);
    return revalidate(key, hit, reader);
  }

  /**
   * Asks the site whether an old copy still stands (If-None-Match / If-Modified-Since): unchanged,
   * it counts as fetched now; changed, the new text replaces it — a corrected story is served
   * corrected. A page that is gone, or no longer allowed to this reader, is dropped; a site that is
   * merely down leaves the copy in place.
   */
  async function revalidate(key: string, hit: CachedArticle, reader: Reader): Promise<LoadedArticle> {
    try {
      return await fetchAndKeep(key, reader, hit);
    } catch (error) {
      if (isNewsbriefError(error, 'NOT_FOUND') || isNewsbriefError(error, 'BLOCKED')) {
        await cache.deleteArticle(reader.tenant, key);
        if (hit.url !== key) await cache.deleteArticle(reader.tenant, hit.url);
        throw error;
      }
      return fromCache(hit);
    }
  }

  async function fetchAndKeep(key: string, reader: Reader, old?: CachedArticle): Promise<LoadedArticle> {
    const validators = old ? { etag: old.etag, lastModified: old.lastModified } : {};
    const { page, private: isPrivate } = await fetchForReader(tiers, key, reader, { kind: 'article', ...validators });
    const kept = { tenant: reader.tenant, fetchedAt: now().toISOString(), private: isPrivate, etag: page.etag, lastModified: page.lastModified };
    let cached: CachedArticle;
    if (page.notModified && old) {
      cached = { ...old, ...kept, etag: page.etag ?? old.etag, lastModified: page.lastModified ?? old.lastModified };
    } else if (page.contentType === 'text/plain') {
      const { text, notice } = capArticleText(page.text);
      const article = parseArticle(text, { source: page.url, url: page.url });
      if (article.text.trim() === '') throw new NewsbriefError('EMPTY_ARTICLE', `${page.url} is empty`);
      cached = { ...kept, url: page.url, text, title: article.title, date: article.date, siteName: null, notice };
    } else {
      const { extractArticle } = await extraction();
      const extracted = extractArticle(page.text, page.url);
      const { article } = extracted;
      cached = { ...kept, url: page.url, text: article.text, title: article.title, date: article.date, siteName: extracted.siteName, notice: extracted.notice };
    }
    await cache.putArticle(cached);
    // Remember the address as typed too, so the same link is instant even when it redirected.
    if (key !== cached.url) await cache.putArticle({ ...cached, url: key });
    return fromCache(cached);
  }

  // Parsed forms of cached articles, so that every /quote keystroke on Discord does not parse the
  // same 50 articles again (and the digests made of them can be reused). Bounded.
  const parsed = new Map<string, LoadedArticle>();
  function fromCache(hit: CachedArticle): LoadedArticle {
    const key = `${hit.url}\u0000${hit.fetchedAt}`;
    let loaded = parsed.get(key);
    if (!loaded) {
      const article = parseArticle(hit.text, { source: hit.url, title: hit.title, date: hit.date, url: hit.url });
      loaded = { id: hit.url, article, notice: hit.notice };
      if (parsed.size >= 500) parsed.clear();
      parsed.set(key, loaded);
    }
    return loaded;
  }

  const contentIndex = createContentIndex(contentDir);
  async function content(): Promise<ContentFolder> {
    return contentIndex.folder();
  }
  // Stems of recently fetched articles, by parsed article (bounded with `parsed` above).
  const fetchedTerms = new WeakMap<Article, ArticleTerms>();
  function termsOf(article: Article): ArticleTerms {
    let t = fetchedTerms.get(article);
    if (!t) fetchedTerms.set(article, (t = articleTerms(article)));
    return t;
  }

  async function recent(limit: number, reader: Reader): Promise<LoadedArticle[]> {
    const folder = await content();
    return [
      ...folder.articles.map((a) => ({ id: a.id, article: a.article, notice: a.notice })),
      ...(await cache.recentArticles(reader.tenant, limit)).map(fromCache),
    ];
  }

  return {
    content,
    async load(target, reader) {
      const input = target.trim(); // a platform unwraps its own link syntax (Slack's <…|…>) before asking
      if (input === '') throw new NewsbriefError('INVALID_INPUT', 'give a link, an article id or some words');
      if (URL_LIKE.test(input)) return loadUrl(input, reader);
      const folder = await content();
      const byId = folder.articles.find((a) => a.id === input.toLowerCase());
      if (byId) return { id: byId.id, article: byId.article, notice: byId.notice };
      if (options.allowFiles) {
        const { article, notice } = await readArticleFile(input);
        return { id: input, article, notice };
      }
      throw new NewsbriefError('NOT_FOUND', `no article with id "${input.slice(0, 80)}"`);
    },
    recent,
    async find(words, reader) {
      // content/ is indexed when it changes; only the reader's recent fetches are indexed here.
      const { articles, index } = await contentIndex.search();
      const fetched = (await cache.recentArticles(reader.tenant, 200)).map(fromCache);
      const best = searchArticles([index, indexArticles(fetched.map((f) => termsOf(f.article)))], words)[0];
      if (!best) return null;
      const own = articles[best.index];
      return own ? { id: own.id, article: own.article, notice: own.notice } : (fetched[best.index - articles.length] ?? null);
    },
  };
}

/** The cache key of a link: no fragment, lower-case host (the URL parser does that part). */
function canonical(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new NewsbriefError('INVALID_INPUT', `"${input.slice(0, 200)}" is not a valid URL`);
  }
  url.hash = '';
  return url.href;
}
