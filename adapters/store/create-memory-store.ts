import type { ArticleCache, CachedArticle, FeedState, FeedStateStore } from '../../src/index.ts';

/** The in-memory store: the same ports as SQLite, for tests and for runs that keep nothing. */
export type MemoryStore = ArticleCache & FeedStateStore;

/** Creates an empty in-memory store. */
export function createMemoryStore(): MemoryStore {
  const articles = new Map<string, CachedArticle>();
  const feeds = new Map<string, FeedState>();
  return {
    getArticle: (url) => articles.get(url) ?? null,
    putArticle(article) {
      articles.delete(article.url); // re-insert so iteration order stays oldest → newest
      articles.set(article.url, { ...article });
    },
    recentArticles: (limit) => [...articles.values()].reverse().slice(0, limit),
    getFeedState: (url) => feeds.get(url) ?? null,
    putFeedState: (state) => void feeds.set(state.url, { ...state }),
  };
}
