import type { Article } from './parse-article.ts';
import { contentStems } from './normalize-text.ts';

/**
 * Groups articles that tell the same story: tf-idf cosine similarity over the content words of
 * their text (titles alone mislead: two outlets rarely headline alike), joined when it reaches
 * `threshold`. Returns groups of indices, each in input order, groups ordered by their first member.
 */
export function groupStories(articles: readonly Pick<Article, 'text' | 'title'>[], threshold = 0.35): number[][] {
  const n = articles.length;
  const counts = articles.map(stemCounts);
  const df = new Map<number, number>();
  for (const c of counts) for (const id of c.ids) df.set(id, (df.get(id) ?? 0) + 1);
  // Smoothed idf, as if a background of unrelated articles were there: with two articles, words
  // they share would otherwise weigh nothing.
  const vectors = counts.map(({ ids, tfs }) => {
    const weights = new Float64Array(ids.length);
    let norm = 0;
    ids.forEach((id, k) => {
      const w = (1 + Math.log(tfs[k] ?? 1)) * Math.log(1 + (n + 10) / (df.get(id) ?? 1));
      weights[k] = w;
      norm += w * w;
    });
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] ?? 0) / norm;
    return { ids, weights };
  });

  // Blocking: two tellings of one story share some of their heaviest words (names, places), so
  // only pairs that do are compared — far fewer than all n² pairs on a busy channel.
  const byTopTerm = new Map<number, number[]>();
  counts.forEach((c, i) => {
    for (const id of c.top) {
      const list = byTopTerm.get(id) ?? [];
      list.push(i);
      byTopTerm.set(id, list);
    }
  });

  // Union-find: a story told by three outlets is one group even if two of them differ more.
  const parent = articles.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] ?? i] ?? i;
    return i;
  };
  const compared = new Set<number>();
  for (const list of byTopTerm.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x] ?? 0;
        const j = list[y] ?? 0;
        const pair = i * n + j;
        if (compared.has(pair)) continue;
        compared.add(pair);
        if (root(i) !== root(j) && cosine(vectors[i], vectors[j]) >= threshold) parent[root(j)] = root(i);
      }
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

const TOP_TERMS = 12;

// Stems as small integers, so vectors are sorted arrays and a dot product is a merge.
const stemIds = new Map<string, number>();

interface StemCounts {
  ids: Int32Array;
  tfs: Int32Array;
  /** The article's heaviest words, for blocking; weighed once, against every article seen so far. */
  top: number[];
}

// How many articles seen so far contain each stem: a running idf for picking an article's top words.
const seenDf: number[] = [];
let seenArticles = 0;

// The same article is grouped again for every channel that follows its feed; count its words once.
const countsOf = new WeakMap<object, StemCounts>();

function stemCounts(article: Pick<Article, 'text' | 'title'>): StemCounts {
  let cached = countsOf.get(article);
  if (!cached) {
    const map = new Map<number, number>();
    for (const stem of contentStems(`${article.title ?? ''}\n${article.text}`)) {
      let id = stemIds.get(stem);
      if (id === undefined) stemIds.set(stem, (id = stemIds.size));
      map.set(id, (map.get(id) ?? 0) + 1);
    }
    const ids = Int32Array.from([...map.keys()].sort((a, b) => a - b));
    seenArticles += 1;
    for (const id of ids) seenDf[id] = (seenDf[id] ?? 0) + 1;
    const weight = (id: number): number => (1 + Math.log(map.get(id) ?? 1)) * Math.log(1 + (seenArticles + 10) / (seenDf[id] ?? 1));
    const top = [...ids].sort((a, b) => weight(b) - weight(a)).slice(0, TOP_TERMS);
    cached = { ids, tfs: Int32Array.from(ids, (id) => map.get(id) ?? 0), top };
    countsOf.set(article, cached);
  }
  return cached;
}

function cosine(a: { ids: Int32Array; weights: Float64Array } | undefined, b: { ids: Int32Array; weights: Float64Array } | undefined): number {
  if (!a || !b) return 0;
  let dot = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] ?? 0;
    const y = b.ids[j] ?? 0;
    if (x === y) dot += (a.weights[i++] ?? 0) * (b.weights[j++] ?? 0);
    else if (x < y) i++;
    else j++;
  }
  return dot;
}
