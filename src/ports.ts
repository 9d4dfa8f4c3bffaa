/**
 * The ports: what the core and the composition root need from storage, described as plain
 * interfaces so that SQLite, an in-memory map or a test fake can stand behind them.
 */

/** An article fetched once and kept, so asking for it again is instant. */
export interface CachedArticle {
  /** Canonical URL: the URL after redirects, or the page's own canonical link. */
  url: string;
  /** The extracted text, exactly as the digest's offsets expect it. */
  text: string;
  title: string | null;
  /** ISO date (YYYY-MM-DD) when known. */
  date: string | null;
  siteName: string | null;
  /** The honesty label: truncated, paywalled. */
  notice: string | null;
  /** ISO timestamp of the fetch. */
  fetchedAt: string;
}

/** Keeps fetched articles by canonical URL. */
export interface ArticleCache {
  getArticle(url: string): CachedArticle | null;
  putArticle(article: CachedArticle): void;
  /** The most recently fetched articles, newest first; `/brief <words>` searches them. */
  recentArticles(limit: number): CachedArticle[];
}

/** What newsbrief remembers about one feed between polls. */
export interface FeedState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** Consecutive failures; 0 when the last poll worked. */
  failures: number;
  /** The last failure, in words, for `/digest list` and the CLI. */
  lastError: string | null;
  /** ISO timestamps. */
  lastCheckedAt: string | null;
  /** No poll before this time (backoff after failures). */
  nextAttemptAt: string | null;
}

/** Keeps feed state. */
export interface FeedStateStore {
  getFeedState(url: string): FeedState | null;
  putFeedState(state: FeedState): void;
}
