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
export function groupStories(articles: readonly Pick<Article, 'text' | 'title'>[], threshold = 0.35, termsOf: (article: Pick<Article, 'text' | 'title'>, index: number) => StoryTerms = cachedTermsOf): number[][] {
  const n = articles.length;
  const vocabulary = new Map<string, number>();
  const counts = articles.map((article, index) => toIds(termsOf(article, index), vocabulary));
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
  const seenDf = new Int32Array(vocabulary.size);
  const top = { weights: new Float64Array(TOP_TERMS), ids: new Int32Array(TOP_TERMS) };
  counts.forEach(({ ids, tfs }, i) => {
    for (let k = 0; k < ids.length; k++) seenDf[ids[k] as number] = (seenDf[ids[k] as number] as number) + 1;
    const found = topTerms(ids, tfs, i + 1, seenDf, top);
    for (let t = 0; t < found; t++) {
      const id = top.ids[t] as number;
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

/**
 * What grouping reads of an article: its content stems (title and text) in first-seen order and
 * how often each occurs. A function of the text and title alone, so a caller may keep it for an
 * article it will group again (a worker thread, by the article's content hash): about 8 kB for a
 * 4,000-character article, a quarter of the Map it replaces.
 */
export interface StoryTerms {
  stems: readonly string[];
  counts: Int32Array;
}

/** An article's {@link StoryTerms}, made afresh. */
export function storyTerms(article: Pick<Article, 'text' | 'title'>): StoryTerms {
  const index = new Map<string, number>();
  const stems: string[] = [];
  const counts: number[] = [];
  for (const stem of contentStems(`${article.title ?? ''}\n${article.text}`)) {
    const k = index.get(stem);
    if (k === undefined) {
      index.set(stem, stems.length);
      stems.push(stem);
      counts.push(1);
    } else counts[k] = (counts[k] ?? 0) + 1;
  }
  return { stems, counts: Int32Array.from(counts) };
}

// The same article is grouped again for every channel that follows its feed, so its stems are
// counted once per article object. This cache cannot change an answer: what it holds is a
// function of the article's text and title alone, and it is weak, so it grows with nothing.
const termsCache = new WeakMap<object, StoryTerms>();

function cachedTermsOf(article: Pick<Article, 'text' | 'title'>): StoryTerms {
  let terms = termsCache.get(article);
  if (!terms) termsCache.set(article, (terms = storyTerms(article)));
  return terms;
}

/** Stems as small integers of this call's vocabulary, so vectors are sorted arrays and a dot product is a merge. */
function toIds(terms: StoryTerms, vocabulary: Map<string, number>): { ids: Int32Array; tfs: Int32Array } {
  // Each stem's id and its place in `terms`, packed in one number (an article's stems are
  // distinct, so ids never tie): a typed array sorts numbers natively, without a comparator.
  const n = terms.stems.length;
  const places = n < PLACES ? PLACES : 2 ** Math.ceil(Math.log2(n + 1));
  const packed = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const stem = terms.stems[k] as string;
    let id = vocabulary.get(stem);
    if (id === undefined) vocabulary.set(stem, (id = vocabulary.size));
    packed[k] = id * places + k;
  }
  packed.sort();
  const ids = new Int32Array(n);
  const tfs = new Int32Array(n);
  for (let x = 0; x < n; x++) {
    const v = packed[x] as number;
    const k = v % places;
    ids[x] = (v - k) / places;
    tfs[x] = terms.counts[k] ?? 1;
  }
  return { ids, tfs };
}
// Places of a stem in its article's terms: 2 million distinct stems, past what any capped article
// has; a bigger article packs with more places. id · places + k stays below 2^53, so exact.
const PLACES = 2 ** 21;

/**
 * The article's heaviest words, for blocking: weighed against the articles of this batch up to
 * and including it (`seen` of them, `seenDf` holding how many contain each word), which is how
 * they were always weighed in a fresh process; ties go to the word this batch met first (the
 * lower id, and `ids` are sorted). Written into `top`, heaviest first; returns how many. A
 * selection of the few heaviest, not a sort of all of them: it ran for every article of every
 * channel's grouping, and sorting each article's hundreds of words was a third of a tick's grouping.
 */
function topTerms(ids: Int32Array, tfs: Int32Array, seen: number, seenDf: Int32Array, top: { weights: Float64Array; ids: Int32Array }): number {
  let found = 0;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as number;
    const w = articleWeight(tfs[k] as number, seen, seenDf[id] as number);
    // Strictly heavier than the lightest kept: an equal weight met later loses the tie.
    if (found === TOP_TERMS && !(w > (top.weights[found - 1] as number))) continue;
    let at = found === TOP_TERMS ? found - 1 : found++;
    while (at > 0 && w > (top.weights[at - 1] as number)) {
      top.weights[at] = top.weights[at - 1] as number;
      top.ids[at] = top.ids[at - 1] as number;
      at--;
    }
    top.weights[at] = w;
    top.ids[at] = id;
  }
  return found;
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
