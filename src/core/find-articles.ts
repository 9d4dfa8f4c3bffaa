import type { Article } from './parse-article.ts';
import { bm25Term } from './bm25.ts';
import { contentStems } from './normalize-text.ts';
import { articleTerms, indexArticles, type ArticleIndex } from './index-articles.ts';

/** An article that answers a search, by its index in the list searched. */
export interface ArticleMatch {
  index: number;
  score: number;
}

/**
 * Ranks articles for `/brief <words>`: BM25 over each article's text, with title words counting
 * three times, so "Kallas Putin Alaska" finds the seed article. Only articles that share at least
 * one content word with the query are returned, best first.
 */
export function findArticles(articles: readonly Pick<Article, 'title' | 'text'>[], query: string): ArticleMatch[] {
  return searchArticles([indexArticles(articles.map(articleTerms))], query);
}

/**
 * The same ranking over indexes made beforehand ({@link indexArticles}), searched as one list:
 * the articles of the first index, then the second's… (`content/`, then recently fetched ones).
 * Gives exactly what {@link findArticles} gives for the same articles.
 */
export function searchArticles(indexes: readonly ArticleIndex[], query: string): ArticleMatch[] {
  const terms = [...new Set(contentStems(query))];
  const docs = indexes.reduce((n, x) => n + x.size, 0);
  if (terms.length === 0 || docs === 0) return [];
  const avg = indexes.reduce((n, x) => n + x.totalLength, 0) / docs || 1;
  const df = terms.map((term) => indexes.reduce((n, x) => n + x.postings(term).length / 2, 0));
  // Scores add up term by term in query order, as a pass over each article would.
  const scores = new Map<number, number>();
  terms.forEach((term, t) => {
    let offset = 0;
    for (const x of indexes) {
      const list = x.postings(term);
      for (let i = 0; i < list.length; i += 2) {
        const at = list[i] ?? 0;
        const score = bm25Term(list[i + 1] ?? 0, df[t] ?? 0, docs, x.lengths[at] ?? 0, avg);
        scores.set(offset + at, (scores.get(offset + at) ?? 0) + score);
      }
      offset += x.size;
    }
  });
  const matches: ArticleMatch[] = [];
  for (const [index, score] of scores) if (score > 0) matches.push({ index, score });
  return matches.sort((x, y) => y.score - x.score || x.index - y.index);
}
