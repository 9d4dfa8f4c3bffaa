import { isNewsbriefError, parseArticle } from '../../src/core/index.ts';
import type { PageFetcher } from './create-page-fetcher.ts';
import { capArticleText } from './cap-article-text.ts';
import { discoverFeed } from './discover-feed.ts';
import { fetchForReader } from './fetch-for-reader.ts';
import { loadOnce } from './load-once.ts';
import { type ArticleLoader, backoffMs, type FeedItem, type FeedPoll, type FeedReader, type FeedState, type FeedStateStore, type LoadedArticle, type Reader, toError } from '../../src/app/index.ts';

// The feed parser (feedsmith) and HTML extraction (linkedom, Readability) are loaded on first use, not by every CLI start.
const feedParser = loadOnce(() => import('./read-feed.ts'));
const extraction = loadOnce(() => import('./extract-article.ts'));

const EXCERPT_NOTICE = 'Only the feed’s excerpt could be read; the full article may say more.';

/** The tenant that articles fetched for feeds are kept under. */
export const FEED_TENANT = 'feeds';

/** Dependencies of {@link createFeedReader}. */
export interface FeedReaderOptions {
  /** Fetches under the public-internet policy. */
  fetchPage: PageFetcher;
  /** Fetches under `FETCH_ALLOW_HOSTS`, for feeds that {@link privateFeed} allows. */
  fetchPrivatePage?: PageFetcher;
  /** Whether a feed may be read through `FETCH_ALLOW_HOSTS`: some subscriber of it is allowed private hosts. */
  privateFeed?: (feedUrl: string) => boolean | Promise<boolean>;
  store: FeedStateStore;
  loader: ArticleLoader;
  now?: () => Date;
  /** First retry delay after a failure; doubles with each failure up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** A failing feed is polled again after a minute, doubling each failure, at most every six hours. */
export const FEED_BACKOFF_DEFAULTS = { baseBackoffMs: 60_000, maxBackoffMs: 6 * 60 * 60_000 } satisfies Required<Pick<FeedReaderOptions, 'baseBackoffMs' | 'maxBackoffMs'>>;

/**
 * Creates a feed reader with conditional GET (ETag / Last-Modified) and per-feed exponential
 * backoff; the last error is kept in the feed state for `/digest list` and the CLI.
 */
export function createFeedReader(options: FeedReaderOptions): FeedReader {
  const { store, loader } = options;
  const tiers = { fetchPage: options.fetchPage, ...(options.fetchPrivatePage ? { fetchPrivatePage: options.fetchPrivatePage } : {}) };
  // Feeds are shared by everyone who follows them, so their articles go to a tenant of their own,
  // which no word search looks at.
  const readerOf = async (feedUrl: string): Promise<Reader> => ({ tenant: FEED_TENANT, privateHosts: (await options.privateFeed?.(feedUrl)) ?? false });
  const now = options.now ?? (() => new Date());
  const base = options.baseBackoffMs ?? FEED_BACKOFF_DEFAULTS.baseBackoffMs;
  const max = options.maxBackoffMs ?? FEED_BACKOFF_DEFAULTS.maxBackoffMs;

  return {
    discoverFeed: (url, reader) => discoverFeed(tiers, url, reader),
    async poll(feedUrl, pollOptions) {
      const state: FeedState = (await store.getFeedState(feedUrl)) ?? { url: feedUrl, etag: null, lastModified: null, failures: 0, lastError: null, lastCheckedAt: null, nextAttemptAt: null };
      const at = now();
      // A poll job read it moments ago (another instance, perhaps): what it found is in the store.
      const freshMs = pollOptions?.freshMs ?? 0;
      if (freshMs > 0 && state.lastCheckedAt !== null && state.failures === 0 && at.getTime() - Date.parse(state.lastCheckedAt) < freshMs) return { status: 'not-modified' };
      if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > at.getTime()) {
        return { status: 'backing-off', until: state.nextAttemptAt, lastError: state.lastError };
      }
      try {
        const { page } = await fetchForReader(tiers, feedUrl, await readerOf(feedUrl), { kind: 'feed', etag: state.etag, lastModified: state.lastModified });
        const next: FeedState = { ...state, failures: 0, lastError: null, lastCheckedAt: at.toISOString(), nextAttemptAt: null };
        if (page.notModified) {
          await store.putFeedState(next);
          return { status: 'not-modified' };
        }
        const { readFeed } = await feedParser();
        const feed = readFeed(page.text, page.url);
        await store.putFeedState({ ...next, etag: page.etag, lastModified: page.lastModified });
        return { status: 'ok', title: feed.title, items: feed.items };
      } catch (error) {
        const message = isNewsbriefError(error) ? error.message : `unexpected error: ${toError(error).message}`;
        const failures = state.failures + 1;
        const retryAt = new Date(at.getTime() + backoffMs(failures, base, max)).toISOString();
        await store.putFeedState({ ...state, failures, lastError: message, lastCheckedAt: at.toISOString(), nextAttemptAt: retryAt });
        return { status: 'failed', error: message, failures, retryAt };
      }
    },

    async articleOf(item, feedUrl) {
      let fetchError: unknown = null;
      if (item.excerptOnly && item.url) {
        try {
          return await loader.load(item.url, await readerOf(feedUrl));
        } catch (error) {
          // The excerpt is still something; say it is only an excerpt.
          if (!item.content) throw error;
          fetchError = error;
        }
      }
      try {
        return await excerptArticle(item, feedUrl);
      } catch (error) {
        // An excerpt too short to digest: what went wrong is the article's page, so say that.
        throw fetchError ?? error;
      }
    },
  };
}

/** The article a feed item carries itself: its full text, or its excerpt (and a notice saying so). */
async function excerptArticle(item: FeedItem, feedUrl: string): Promise<LoadedArticle> {
  const source = item.url ?? feedUrl;
  const meta = { source, title: item.title, date: item.published, url: item.url };
  if (/<[a-z][^>]*>/i.test(item.content)) {
    const { extractFragment } = await extraction();
    const extracted = extractFragment(item.content, source, meta);
    return {
      id: item.url ?? item.id,
      article: extracted.article,
      notice: item.excerptOnly ? EXCERPT_NOTICE : extracted.notice,
    };
  }
  const { text, notice } = capArticleText(item.content);
  return { id: item.url ?? item.id, article: parseArticle(text, meta), notice: item.excerptOnly ? EXCERPT_NOTICE : notice };
}
