import type { Article } from './parse-article.ts';
import { contentStems } from './normalize-text.ts';
import { articleWeight, documentFrequencies, dotOver } from './tf-idf.ts';

/**
 * Groups articles that tell the same story: tf-idf cosine similarity over the content words of
 * their text (titles alone mislead: two outlets rarely headline alike), joined when it reaches
 * `threshold`. Returns groups of indices, each in input order, groups ordered by their first member.
 * The answer depends on these articles (and their order) only: word weights come from this
 * batch, never from what the process saw before.
 */
export function groupStories(articles: readonly Pick<Article, 'text' | 'title'>[], threshold = 0.35): number[][] {
  const n = articles.length;
  const vocabulary = new Map<string, number>();
  const counts = articles.map((article) => toIds(stemCountsOf(article), vocabulary));
  const df = documentFrequencies(counts.map((c) => c.ids), vocabulary.size);
  const vectors = counts.map(({ ids, tfs }) => {
    const weights = new Float64Array(ids.length);
    let norm = 0;
    ids.forEach((id, k) => {
      const w = articleWeight(tfs[k] ?? 1, n, df[id] ?? 1);
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
  const seenDf = new Map<number, number>();
  counts.forEach(({ ids, tfs }, i) => {
    for (const id of ids) seenDf.set(id, (seenDf.get(id) ?? 0) + 1);
    for (const id of topTerms(ids, tfs, i + 1, seenDf)) {
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
  // The cosine of two unit vectors is their dot product: article i is spread into `left` once for
  // all its pairs, article j into `right` for one pair, then both are cleared where they were set.
  const left = new Float64Array(vocabulary.size);
  const right = new Float64Array(vocabulary.size);
  const compared = new Set<number>();
  for (const list of byTopTerm.values()) {
    for (let x = 0; x < list.length; x++) {
      const i = list[x] ?? 0;
      const a = vectors[i] as Vector;
      let spread = false;
      for (let y = x + 1; y < list.length; y++) {
        const j = list[y] ?? 0;
        const pair = i * n + j;
        if (compared.has(pair)) continue;
        compared.add(pair);
        if (root(i) === root(j)) continue;
        if (!spread) {
          scatter(a, left);
          spread = true;
        }
        const b = vectors[j] as Vector;
        scatter(b, right);
        const similar = dotOver(b.ids, b.ids.length, left, right) >= threshold;
        clear(b, right);
        if (similar) parent[root(j)] = root(i);
      }
      if (spread) clear(a, left);
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

/** An article's content stems and how often each occurs, in first-seen order. */
type StemCounts = ReadonlyMap<string, number>;

// The same article is grouped again for every channel that follows its feed, so its stems are
// counted once per article object. This cache cannot change an answer: what it holds is a
// function of the article's text and title alone, and it is weak, so it grows with nothing.
const stemCountsCache = new WeakMap<object, StemCounts>();

function stemCountsOf(article: Pick<Article, 'text' | 'title'>): StemCounts {
  let counts = stemCountsCache.get(article);
  if (!counts) {
    const map = new Map<string, number>();
    for (const stem of contentStems(`${article.title ?? ''}\n${article.text}`)) map.set(stem, (map.get(stem) ?? 0) + 1);
    stemCountsCache.set(article, (counts = map));
  }
  return counts;
}

/** Stems as small integers of this call's vocabulary, so vectors are sorted arrays and a dot product is a merge. */
function toIds(counts: StemCounts, vocabulary: Map<string, number>): { ids: Int32Array; tfs: Int32Array } {
  const pairs: [number, number][] = [];
  for (const [stem, count] of counts) {
    let id = vocabulary.get(stem);
    if (id === undefined) vocabulary.set(stem, (id = vocabulary.size));
    pairs.push([id, count]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return { ids: Int32Array.from(pairs, (p) => p[0]), tfs: Int32Array.from(pairs, (p) => p[1]) };
}

/**
 * The article's heaviest words, for blocking: weighed against the articles of this batch up to
 * and including it (`seen` of them, `seenDf` holding how many contain each word), which is how
 * they were always weighed in a fresh process; ties go to the word this batch met first.
 */
function topTerms(ids: Int32Array, tfs: Int32Array, seen: number, seenDf: ReadonlyMap<number, number>): number[] {
  const weight = (k: number): number => articleWeight(tfs[k] ?? 1, seen, seenDf.get(ids[k] ?? 0) ?? 1);
  const weights = Array.from(ids.keys(), weight);
  const order = Array.from(ids.keys());
  order.sort((a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || a - b);
  return order.slice(0, TOP_TERMS).map((k) => ids[k] ?? 0);
}

interface Vector {
  ids: Int32Array;
  weights: Float64Array;
}

function scatter(v: Vector, into: Float64Array): void {
  for (let k = 0; k < v.ids.length; k++) into[v.ids[k] as number] = v.weights[k] as number;
}

function clear(v: Vector, from: Float64Array): void {
  for (let k = 0; k < v.ids.length; k++) from[v.ids[k] as number] = 0;
}
