import type { Article } from './parse-article.ts';
import { contentStems } from './normalize-text.ts';

/**
 * Groups articles that tell the same story: tf-idf cosine similarity over the content words of
 * their text (titles alone mislead: two outlets rarely headline alike), joined when it reaches
 * `threshold`. Returns groups of indices, each in input order, groups ordered by their first member.
 */
export function groupStories(articles: readonly Pick<Article, 'text' | 'title'>[], threshold = 0.35): number[][] {
  const counts = articles.map((a) => {
    const map = new Map<string, number>();
    for (const stem of contentStems(`${a.title ?? ''}\n${a.text}`)) map.set(stem, (map.get(stem) ?? 0) + 1);
    return map;
  });
  const df = new Map<string, number>();
  for (const map of counts) for (const stem of map.keys()) df.set(stem, (df.get(stem) ?? 0) + 1);
  const n = articles.length;
  // Smoothed idf, as if a background of unrelated articles were there: with two articles, words
  // they share would otherwise weigh nothing.
  const vectors = counts.map((map) => {
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [stem, tf] of map) {
      const weight = (1 + Math.log(tf)) * Math.log(1 + (n + 10) / (df.get(stem) ?? 1));
      vector.set(stem, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [stem, weight] of vector) vector.set(stem, weight / norm);
    return vector;
  });

  // Union-find: a story told by three outlets is one group even if two of them differ more.
  const parent = articles.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] ?? i] ?? i;
    return i;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (cosine(vectors[i], vectors[j]) >= threshold) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = root(i);
    const group = groups.get(r) ?? [];
    group.push(i);
    groups.set(r, group);
  }
  return [...groups.values()].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

function cosine(a: Map<string, number> | undefined, b: Map<string, number> | undefined): number {
  if (!a || !b) return 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [stem, weight] of small) dot += weight * (large.get(stem) ?? 0);
  return dot;
}
