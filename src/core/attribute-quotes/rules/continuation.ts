import type { QuoteSpan } from '../../find-quote-spans.ts';
import type { Block } from '../../parse-article.ts';
import type { Attribution } from '../attribution.ts';
import { blockIndexAt } from '../positions.ts';

/** A quote may continue the one just before it (same or next paragraph): that quote's credit is a candidate. */
export function continuation(prev: Attribution | undefined, quotes: readonly QuoteSpan[], q: number, blocks: readonly Block[]): Attribution | null {
  const prevQuote = quotes[q - 1];
  const quote = quotes[q];
  if (!prev?.mention || !prevQuote || !quote) return null;
  return blockIndexAt(blocks, quote.outerStart) - blockIndexAt(blocks, prevQuote.outerEnd - 1) <= 1 ? prev : null;
}
