import type { ArticleCache, CachedArticle, FeedState, FeedStateStore } from '../../src/app/index.ts';

/** The in-memory store: the same ports as SQLite, for tests and for runs that keep nothing. */
export type MemoryStore = ArticleCache & FeedStateStore;

/** Creates an empty in-memory store. */
export function createMemoryStore(): MemoryStore {
  // Keyed by tenant and URL; iteration order is oldest → newest. Unbounded on purpose: it lives
  // for one CLI run (createCliSources) or one test, never in the bot, which keeps them in SQLite or Postgres.
  const articles = new Map<string, CachedArticle>();
  const feeds = new Map<string, FeedState>();
  const key = (tenant: string, url: string): string => `${tenant}\u0000${url}`;
  return {
    getArticle: async (tenant, url) => articles.get(key(tenant, url)) ?? null,
    getPublicArticle: async (url) => [...articles.values()].reverse().find((a) => a.url === url && !a.private) ?? null,
    async putArticle(article) {
      articles.delete(key(article.tenant, article.url)); // re-insert so it counts as the newest
      articles.set(key(article.tenant, article.url), { ...article });
    },
    deleteArticle: async (tenant, url) => void articles.delete(key(tenant, url)),
    recentArticles: async (tenant, limit) => [...articles.values()].reverse().filter((a) => a.tenant === tenant).slice(0, limit),
    getFeedState: async (url) => feeds.get(url) ?? null,
    putFeedState: async (state) => void feeds.set(state.url, { ...state }),
  };
}
