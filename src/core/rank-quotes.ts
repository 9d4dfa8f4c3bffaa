import type { Article } from './parse-article.ts';
import type { DigestQuote } from './format-digest.ts';
import { articleWords, stemIdsIn, stemIdsOf, wordCountIn, type ArticleWords } from './article-words.ts';
import type { Span } from './span.ts';

/** A quote with its importance and whether it is worth showing as a key quote. */
export interface RankedQuote {
  quote: DigestQuote;
  score: number;
  key: boolean;
}

/**
 * Orders quotes by importance: substance (a full statement beats a two-word phrase), a known
 * speaker, words shared with the title and the article's main topics, and not repeating what the
 * summary already shows. Key quotes have at least five words and say something the summary does not.
 */
export function rankQuotes(article: Article, quotes: readonly DigestQuote[], summary: readonly Span[], tokens: ArticleWords = articleWords(article.text)): RankedQuote[] {
  const blockStems = article.blocks.filter((b) => b.kind === 'body').map((b) => stemIdsIn(tokens, b.start, b.end));
  const titleStems = article.title ? stemIdsOf(tokens, article.title) : [];
  const quoteStems = quotes.map((q) => stemIdsIn(tokens, q.start, q.end));
  // Counts by stem id (ids are dense), in arrays sized once every id is known.
  const size = tokens.stems.length;
  const topic = new Int32Array(size);
  for (const list of blockStems) for (const w of list) topic[w] = (topic[w] as number) + 1;
  const inTitle = new Uint8Array(size);
  for (const w of titleStems) inTitle[w] = 1;
  const seen = new Int32Array(size).fill(-1);
  const ranked = quotes.map((quote, i) => {
    const n = wordCountIn(tokens, quote.start, quote.end);
    // Distinct stems: the sums are of small integers, so their order does not matter.
    let unique = 0;
    let topicSum = 0;
    let titled = 0;
    for (const w of quoteStems[i] ?? []) {
      if (seen[w] === i) continue;
      seen[w] = i;
      unique++;
      topicSum += Math.min(3, (topic[w] as number) - 1);
      titled += inTitle[w] as number;
    }
    const topical = unique === 0 ? 0 : topicSum / unique;
    const inSummary = summary.some((s) => s.start <= quote.start && s.end >= quote.end);
    const score =
      Math.min(n, 40) / 10 +
      (quote.speaker ? 1.5 : quote.mention ? 0.5 : 0) +
      topical +
      0.4 * Math.min(titled, 3) -
      (inSummary ? 2 : 0) -
      0.02 * i;
    return { quote, score, key: n >= 5 && !inSummary };
  });
  return ranked.sort((a, b) => b.score - a.score || a.quote.start - b.quote.start);
}
