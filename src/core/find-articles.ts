import type { Article } from './parse-article.ts';
import { bm25Term } from './bm25.ts';
import { contentStems } from './normalize-text.ts';

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
  const terms = [...new Set(contentStems(query))];
  if (terms.length === 0 || articles.length === 0) return [];
  const docs = articles.map((a) => {
    const counts = new Map<string, number>();
    const title = contentStems(a.title ?? '');
    const stems = [...title, ...title, ...title, ...contentStems(a.text)];
    for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
    return { counts, length: stems.length };
  });
  const avg = docs.reduce((sum, d) => sum + d.length, 0) / docs.length || 1;
  const df = new Map(terms.map((term) => [term, docs.filter((d) => d.counts.has(term)).length]));
  const matches: ArticleMatch[] = [];
  docs.forEach((doc, index) => {
    let score = 0;
    for (const term of terms) score += bm25Term(doc.counts.get(term) ?? 0, df.get(term) ?? 0, docs.length, doc.length, avg);
    if (score > 0) matches.push({ index, score });
  });
  return matches.sort((x, y) => y.score - x.score || x.index - y.index);
}
