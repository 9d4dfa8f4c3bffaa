// Okapi BM25's usual constants: term-frequency saturation and length normalisation.
const K1 = 1.2;
const B = 0.75;

/**
 * One query term's BM25 score in one document: `tf` occurrences in a document of `length` words,
 * the term in `df` of `docs` documents averaging `avgLength` words.
 */
export function bm25Term(tf: number, df: number, docs: number, length: number, avgLength: number): number {
  if (tf === 0) return 0;
  const idf = Math.log(1 + (docs - df + 0.5) / (df + 0.5));
  return (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avgLength));
}
