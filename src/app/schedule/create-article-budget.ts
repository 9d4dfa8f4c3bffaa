import type { LoadedArticle } from '../ports.ts';

/** Articles a tick keeps for its other subscriptions, within a memory budget. */
export interface ArticleBudget {
  get(key: string): Promise<LoadedArticle> | undefined;
  set(key: string, article: Promise<LoadedArticle>): void;
  /** Articles and characters of text kept now. */
  size(): { articles: number; chars: number };
}

/**
 * Feed articles a tick has read, by `<feed> <item id>`, kept for the other subscriptions of the
 * tick that follow the same feed — at most `maxChars` characters of article text (a parsed
 * article takes about four bytes a character: its text and its blocks), least recently used out
 * first. An article dropped is read again from the article cache if a later slot wants it, not
 * fetched; so a tick of 5,000 subscriptions holds the articles of its last few hundred feeds, not
 * of every feed it read.
 */
export function createArticleBudget(maxChars: number): ArticleBudget {
  // Insertion order is recency order: a hit moves to the end, the oldest is the first key.
  const kept = new Map<string, { article: Promise<LoadedArticle>; chars: number }>();
  let chars = 0;
  const evict = (): void => {
    for (const [key, entry] of kept) {
      if (chars <= maxChars) return;
      kept.delete(key);
      chars -= entry.chars;
    }
  };
  return {
    get(key) {
      const entry = kept.get(key);
      if (!entry) return undefined;
      kept.delete(key);
      kept.set(key, entry);
      return entry.article;
    },
    set(key, article) {
      const entry = { article, chars: 0 };
      const old = kept.get(key);
      if (old) chars -= old.chars;
      kept.set(key, entry);
      article.then(
        (loaded) => {
          if (kept.get(key) !== entry) return;
          entry.chars = loaded.article.text.length;
          chars += entry.chars;
          evict();
        },
        () => undefined, // a failure is kept (it weighs nothing): the tick's other slots do not fetch it again
      );
    },
    size: () => ({ articles: kept.size, chars }),
  };
}
