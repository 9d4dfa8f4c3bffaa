import type { Article } from './parse-article.ts';
import { stemCounts } from './article-words.ts';
import { articleIdf, tfWeight } from './tf-idf.ts';

/**
 * Groups articles that tell the same story: tf-idf cosine similarity over the content words of
 * their text (titles alone mislead: two outlets rarely headline alike), joined when it reaches
 * `threshold`. Returns groups of indices, each in input order, groups ordered by their first member.
 * The answer depends on these articles (and their order) only: word weights come from this
 * batch, never from what the process saw before.
 */
export function groupStories(articles: readonly Pick<Article, 'text' | 'title'>[], threshold = 0.35, termsOf: (article: Pick<Article, 'text' | 'title'>, index: number) => StoryTerms = cachedTermsOf): number[][] {
  const n = articles.length;
  const { counts, size, df } = toIds(articles.map((article, index) => termsOf(article, index)));
  // Each word's idf once for the batch, not once per article holding it: the same doubles.
  const idf = new Float64Array(size);
  for (let id = 0; id < size; id++) idf[id] = articleIdf(n, df[id] as number);
  const vectors = counts.map(({ ids, tfs }) => {
    const weights = new Float64Array(ids.length);
    let norm = 0;
    for (let k = 0; k < ids.length; k++) {
      const w = tfWeight(tfs[k] as number) * (idf[ids[k] as number] as number);
      weights[k] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] ?? 0) / norm;
    return { ids, weights };
  });

  // Blocking: two tellings of one story share some of their heaviest words (names, places), so
  // only pairs that do are compared — far fewer than all n² pairs on a busy channel.
  const byTopTerm = new Map<number, number[]>();
  const seenDf = new Int32Array(size);
  const top = { weights: new Float64Array(TOP_TERMS), ids: new Int32Array(TOP_TERMS) };
  const seenIdf = new Float64Array(n + 1);
  counts.forEach(({ ids, tfs }, i) => {
    for (let k = 0; k < ids.length; k++) seenDf[ids[k] as number] = (seenDf[ids[k] as number] as number) + 1;
    const found = topTerms(ids, tfs, i + 1, seenDf, top, seenIdf);
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
  // all its pairs (and cleared after them), and each j is multiplied against it where j's ids are.
  const left = new Float64Array(size);
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
        if (dotWith(left, vectors[j] as Vector) >= threshold) parent[root(j)] = root(i);
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
  const { stems, counts } = stemCounts(`${article.title ?? ''}\n${article.text}`);
  return { stems, counts };
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

// Stems as numbers of this thread, kept with each article's terms, so that a grouping maps an
// article's stems to its own ids through typed arrays rather than hashing every stem's string
// again for every channel that groups the article (a fifth of a worker's grouping time). Which
// number a stem has never reaches an answer: ids are still handed out as stems are first met.
// Bounded: past MAX_STEM_NUMBERS stems (about 15 MB) the numbering starts afresh, and terms
// numbered before are numbered again when next grouped.
const MAX_STEM_NUMBERS = 1 << 18;
const stemNumbers = new Map<string, number>();
let generation = 0;
const numbered = new WeakMap<StoryTerms, { generation: number; numbers: Int32Array }>();
// This call's id of stem number g is localOf[g] where stampOf[g] holds the call's stamp.
let localOf = new Int32Array(1 << 12);
let stampOf = new Int32Array(1 << 12);
let stamp = 0;

function numbersOf(terms: StoryTerms): Int32Array {
  const kept = numbered.get(terms);
  if (kept && kept.generation === generation) return kept.numbers;
  const numbers = new Int32Array(terms.stems.length);
  terms.stems.forEach((stem, k) => {
    let g = stemNumbers.get(stem);
    if (g === undefined) stemNumbers.set(stem, (g = stemNumbers.size));
    numbers[k] = g;
  });
  numbered.set(terms, { generation, numbers });
  return numbers;
}

/**
 * Stems as small integers of this call's vocabulary, numbered as first met (article by article),
 * so vectors are arrays and a dot product a loop: each article's ids ascending, with how often
 * each occurs, the vocabulary's size and how many articles hold each id. Every article's ids are sorted in one pass over the
 * vocabulary (each id's articles listed, then the ids handed out in order) rather than one sort
 * per article, which was a quarter of a worker's grouping time; an article's stems are distinct.
 */
function toIds(terms: readonly StoryTerms[]): { counts: { ids: Int32Array; tfs: Int32Array }[]; size: number; df: Int32Array } {
  // Numbers are only ever dropped here, before any of this call's are handed out.
  if (stemNumbers.size > MAX_STEM_NUMBERS) {
    stemNumbers.clear();
    generation += 1;
  }
  const numbers = terms.map(numbersOf);
  if (localOf.length < stemNumbers.size) {
    localOf = new Int32Array(2 * stemNumbers.size);
    stampOf = new Int32Array(2 * stemNumbers.size);
    stamp = 0;
  }
  if (++stamp === 0x7fffffff) {
    stampOf.fill(0);
    stamp = 1;
  }
  const starts = new Int32Array(terms.length + 1);
  for (let a = 0; a < terms.length; a++) starts[a + 1] = (starts[a] as number) + (numbers[a] as Int32Array).length;
  const total = starts[terms.length] as number;
  const local = new Int32Array(total);
  let size = 0;
  for (let a = 0, at = 0; a < terms.length; a++) {
    const own = numbers[a] as Int32Array;
    for (let k = 0; k < own.length; k++) {
      const g = own[k] as number;
      if (stampOf[g] !== stamp) {
        stampOf[g] = stamp;
        localOf[g] = size++;
      }
      local[at++] = localOf[g] as number;
    }
  }
  // How many articles hold each id (its document frequency: an article's stems are distinct), and
  // where its run of holders begins in `holders`, article by article.
  const df = new Int32Array(size);
  for (let at = 0; at < total; at++) df[local[at] as number] = (df[local[at] as number] as number) + 1;
  const first = new Int32Array(size + 1);
  for (let id = 0; id < size; id++) first[id + 1] = (first[id] as number) + (df[id] as number);
  const next = first.slice(0, size);
  const holders = new Int32Array(total);
  const holderTfs = new Int32Array(total);
  for (let a = 0; a < terms.length; a++) {
    const t = terms[a] as StoryTerms;
    for (let k = 0, at = starts[a] as number; k < t.stems.length; k++, at++) {
      const slot = next[local[at] as number] as number;
      next[local[at] as number] = slot + 1;
      holders[slot] = a;
      holderTfs[slot] = t.counts[k] ?? 1;
    }
  }
  // Walking the ids in order hands each article its ids ascending.
  const ids = new Int32Array(total);
  const tfs = new Int32Array(total);
  const fill = starts.slice(0, terms.length);
  for (let id = 0; id < size; id++) {
    for (let slot = first[id] as number; slot < (first[id + 1] as number); slot++) {
      const a = holders[slot] as number;
      const at = fill[a] as number;
      fill[a] = at + 1;
      ids[at] = id;
      tfs[at] = holderTfs[slot] as number;
    }
  }
  const counts = terms.map((_, a) => ({ ids: ids.subarray(starts[a], starts[a + 1]), tfs: tfs.subarray(starts[a], starts[a + 1]) }));
  return { counts, size, df };
}

/**
 * The article's heaviest words, for blocking: weighed against the articles of this batch up to
 * and including it (`seen` of them, `seenDf` holding how many contain each word), which is how
 * they were always weighed in a fresh process; ties go to the word this batch met first (the
 * lower id, and `ids` are sorted). Written into `top`, heaviest first; returns how many. A
 * selection of the few heaviest, not a sort of all of them: it ran for every article of every
 * channel's grouping, and sorting each article's hundreds of words was a third of a tick's grouping.
 */
function topTerms(ids: Int32Array, tfs: Int32Array, seen: number, seenDf: Int32Array, top: { weights: Float64Array; ids: Int32Array }, idfOf: Float64Array): number {
  // A word's df among the `seen` articles is 1..seen: with fewer of those than words, the idf of
  // each df is computed once into `idfOf` (the same doubles).
  const tabled = seen < ids.length;
  if (tabled) for (let df = 1; df <= seen; df++) idfOf[df] = articleIdf(seen, df);
  let found = 0;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as number;
    const df = seenDf[id] as number;
    const w = tfWeight(tfs[k] as number) * (tabled ? (idfOf[df] as number) : articleIdf(seen, df));
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

/**
 * Σ a[id]·v's weight over v's ids, in their order: the products and the sum `dotOver(v.ids, …, a,
 * v spread into a second array)` gives, to the last bit, without spreading v and clearing it again.
 */
function dotWith(a: Float64Array, v: Vector): number {
  let dot = 0;
  for (let k = 0; k < v.ids.length; k++) dot += (a[v.ids[k] as number] as number) * (v.weights[k] as number);
  return dot;
}

function clear(v: Vector, from: Float64Array): void {
  for (let k = 0; k < v.ids.length; k++) from[v.ids[k] as number] = 0;
}
