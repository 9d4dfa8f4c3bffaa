import type { Article } from './parse-article.ts';
import { contentStems } from './normalize-text.ts';
import { stemCounts } from './article-words.ts';

/** What a word search knows of one article: how often each stem occurs, and its length. */
export interface ArticleTerms {
  counts: ReadonlyMap<string, number>;
  /** Stems in all, title words counted three times. */
  length: number;
}

/** An inverted index over a list of articles: for each stem, the articles holding it and how often. */
export interface ArticleIndex {
  size: number;
  totalLength: number;
  lengths: readonly number[];
  /** [article position, occurrences] pairs, flattened, in article order. */
  postings(stem: string): readonly number[];
}

/** Stems whose postings an index keeps; past it the kept lists are dropped and made again on demand. */
export const MAX_POSTINGS = 20_000;

/** The stems of one article for search: title words count three times, so a headline word weighs more. */
export function articleTerms(article: Pick<Article, 'title' | 'text'>): ArticleTerms {
  const counts = new Map<string, number>();
  const title = contentStems(article.title ?? '');
  const text = stemCounts(article.text);
  for (const s of title) counts.set(s, (counts.get(s) ?? 0) + 3);
  text.stems.forEach((s, k) => counts.set(s, (counts.get(s) ?? 0) + (text.counts[k] as number)));
  return { counts, length: 3 * title.length + text.total };
}

/**
 * Indexes articles already stemmed ({@link articleTerms}): a stem's postings are gathered the first
 * time a search asks for it and kept (up to {@link MAX_POSTINGS} stems), so making the index after
 * a change costs nothing and a search costs the postings of its own words, not a pass over every
 * article's text (`content/` may hold 10,000 files).
 */
export function indexArticles(articles: readonly ArticleTerms[]): ArticleIndex {
  const kept = new Map<string, number[]>();
  return {
    size: articles.length,
    totalLength: articles.reduce((n, a) => n + a.length, 0),
    lengths: articles.map((a) => a.length),
    postings(stem) {
      let list = kept.get(stem);
      if (!list) {
        list = [];
        for (let i = 0; i < articles.length; i++) {
          const n = articles[i]?.counts.get(stem);
          if (n) list.push(i, n);
        }
        if (kept.size >= MAX_POSTINGS) kept.clear();
        kept.set(stem, list);
      }
      return list;
    },
  };
}
