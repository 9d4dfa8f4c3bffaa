import type { NameMention } from '../find-names.ts';
import type { QuoteSpan } from '../find-quote-spans.ts';
import type { Article, Block } from '../parse-article.ts';
import type { Span } from '../span.ts';
import { splitSentences } from '../split-sentences.ts';
import { contextAfter, contextBefore } from './context-around.ts';
import { blockAt } from './positions.ts';
import type { QuoteContext } from './rules/speaker-rule.ts';

/** A paragraph's sentences, split on first need and kept for the rest of the article. */
export function createSentenceCache(text: string): (block: Block) => Span[] {
  const cache = new Map<Block, Span[]>();
  return (block) => {
    let found = cache.get(block);
    if (!found) cache.set(block, (found = splitSentences(text, block.start, block.end)));
    return found;
  };
}

/** What the rules read about quote `q` of `quotes`, or null when the quote lies outside every paragraph. */
export function quoteContextAt(article: Article, names: readonly NameMention[], quotes: readonly QuoteSpan[], q: number, sentencesOf: (block: Block) => Span[]): QuoteContext | null {
  const { text, blocks } = article;
  const quote = quotes[q];
  if (!quote) return null;
  const startBlock = blockAt(blocks, quote.outerStart);
  const endBlock = blockAt(blocks, quote.outerEnd - 1);
  if (!startBlock || !endBlock) return null;
  const prevQuoteEnd = quotes[q - 1]?.outerEnd ?? 0;
  const nextQuoteStart = quotes[q + 1]?.outerStart ?? text.length;
  return {
    text,
    blocks,
    names,
    quote,
    startBlock,
    endBlock,
    before: contextBefore(text, Math.max(startBlock.start, prevQuoteEnd), quote.outerStart),
    after: contextAfter(text, quote.outerEnd, Math.min(endBlock.end, nextQuoteStart)),
    prevQuoteEnd,
    nextQuoteStart,
    sentencesOf,
  };
}
