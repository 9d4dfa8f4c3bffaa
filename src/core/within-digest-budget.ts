import type { Article } from './parse-article.ts';
import type { QuoteSpan } from './find-quote-spans.ts';

/**
 * The CPU budget of one digest, so no input can stall the bot: attribution reads every cue and
 * name of what it is given, and a 200 kB page of `"Go" he said` (the fetch cap) took 2.6 s.
 * Chosen well above the largest evaluation text (33,672 characters, 82 quotes, 330 sentences),
 * so no digest of those changes (`scripts/hash-digests.ts` prints the same hash).
 */
export const DIGEST_BUDGET = {
  /** Characters of the article the summary and the quotes are read from (about 8,000 words). */
  maxChars: 50_000,
  /** Quotes attributed and listed, in article order. */
  maxQuotes: 200,
} as const satisfies Record<string, number>;

/**
 * The part of the article a digest reads: the whole article when it is within the budget, else
 * its first `maxChars` characters, cut after the last sentence end or space before the limit.
 * A prefix, so every offset found in it is an offset of the full text and spans stay verbatim.
 */
export function withinDigestBudget(article: Article, maxChars: number = DIGEST_BUDGET.maxChars): Article {
  if (article.text.length <= maxChars) return article;
  const cut = cutBefore(article.text, maxChars);
  const blocks = article.blocks.filter((b) => b.start < cut).map((b) => (b.end <= cut ? b : { ...b, end: cut, text: article.text.slice(b.start, cut) }));
  return { ...article, text: article.text.slice(0, cut), blocks };
}

/** The first `max` quotes: a page of thousands of quotes is not thousands of things worth showing. */
export function firstQuotes(spans: readonly QuoteSpan[], max: number = DIGEST_BUDGET.maxQuotes): readonly QuoteSpan[] {
  return spans.length <= max ? spans : spans.slice(0, max);
}

/**
 * What attribution reads when quotes were left out: the text up to a little past the last quote
 * kept (its "said X" and the sentence after), since attribution's cost grows with every cue and
 * name it is given, and those past the last quote only serve quotes that are not shown.
 */
export function aroundQuotes(article: Article, kept: readonly QuoteSpan[], found: number): Article {
  const last = kept[kept.length - 1];
  if (!last || kept.length === found) return article;
  return withinDigestBudget(article, last.outerEnd + 1_000);
}

/** A cut at a sentence end (". ") when one is near the limit, else at a space, else at the limit. */
function cutBefore(text: string, limit: number): number {
  const floor = limit - 500;
  for (let i = limit - 1; i > floor; i--) {
    const c = text.charCodeAt(i);
    // '.', '!', '?' followed by a space or newline: the sentence is whole.
    if ((c === 46 || c === 33 || c === 63) && /\s/.test(text[i + 1] ?? '')) return i + 1;
  }
  const space = text.lastIndexOf(' ', limit);
  return space > floor ? space : limit;
}
