import type { Block } from '../../parse-article.ts';
import type { QuoteSpan } from '../../find-quote-spans.ts';
import type { Found } from '../attribution.ts';
import { matchAfter } from './after.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** A short sentence after the quote only attributes it: `"…." Kallas added.` */
export const afterSentence: SpeakerRule<'afterSentence'> = {
  name: 'afterSentence',
  propose: (q) => matchAfterSentence(q.text, q.endBlock, q.quote, q.nextQuoteStart),
};

/** `"…." Kallas added.` — a short sentence right after the quote that only attributes it. */
function matchAfterSentence(text: string, block: Block, quote: QuoteSpan, limit: number): Found | null {
  const rest = text.slice(quote.outerEnd, Math.min(block.end, limit, quote.outerEnd + 120));
  const m = /^\s*([^.!?"“”]{2,80}?)[.!?]/u.exec(rest);
  if (!m?.[1] || m[1].split(/\s+/).length > 8) return null;
  return matchAfter(text, { text: m[0], start: quote.outerEnd, end: quote.outerEnd + m[0].length });
}
