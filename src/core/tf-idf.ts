/**
 * The one tf-idf of the core, over small integer term ids (a stem's id within an article, or
 * within a batch of articles): document frequencies, the two idf weightings and the dot product
 * a cosine is made of. The summary's centrality (sentences of one article) and story grouping
 * (articles of one batch) both use it; vectors are dense Float64Arrays indexed by id, touched
 * only at the ids a document holds, so nothing is allocated per document.
 */

/** How many of `docs` hold each id in [0, size), counting an id repeated within a document once. */
export function documentFrequencies(docs: readonly ArrayLike<number>[], size: number): Int32Array {
  const df = new Int32Array(size);
  const seen = new Int32Array(size).fill(-1);
  for (let d = 0; d < docs.length; d++) {
    const ids = docs[d] as ArrayLike<number>;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number;
      if (seen[id] !== d) {
        seen[id] = d;
        df[id] = (df[id] as number) + 1;
      }
    }
  }
  return df;
}

/**
 * The idf of a sentence's word within its article of `docs` sentences (`df` holding it); a
 * sentence's weight for a word is this idf once per occurrence (raw tf), as the summary model
 * was trained.
 */
export function sentenceIdf(docs: number, df: number): number {
  return Math.log((docs + 1) / (df + 0.5));
}

/**
 * A word's weight in an article of a batch: sublinear in its `tf` occurrences, with an idf
 * smoothed as if a background of unrelated articles were there beside the `docs` articles (`df`
 * of them holding it), since with two articles the words they share would otherwise weigh nothing.
 */
export function articleWeight(tf: number, docs: number, df: number): number {
  return tfWeight(tf) * articleIdf(docs, df);
}

/** The idf half of {@link articleWeight}: a caller weighing many words of one batch computes it once per word. */
export function articleIdf(docs: number, df: number): number {
  return Math.log(1 + (docs + 10) / df);
}

// Most words occur a few times in an article: their tf halves are looked up, not computed (the same doubles).
const TF_WEIGHTS = Float64Array.from({ length: 64 }, (_, tf) => 1 + Math.log(tf));

/** The tf half of {@link articleWeight}. */
export function tfWeight(tf: number): number {
  return (tf & 63) === tf ? (TF_WEIGHTS[tf] as number) : 1 + Math.log(tf);
}

/**
 * Σ a[id]·b[id] over `ids[0, count)`, in that order (the order fixes the float sum to the last
 * bit): the dot product of two dense vectors where `ids` are the terms one of them holds, each
 * once. With a = b it is the squared norm.
 */
export function dotOver(ids: ArrayLike<number>, count: number, a: Float64Array, b: Float64Array): number {
  let dot = 0;
  for (let k = 0; k < count; k++) {
    const id = ids[k] as number;
    dot += (a[id] as number) * (b[id] as number);
  }
  return dot;
}
