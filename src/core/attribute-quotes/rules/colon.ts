import type { Block } from '../../parse-article.ts';
import type { QuoteSpan } from '../../find-quote-spans.ts';
import type { Found } from '../attribution.ts';
import { contextBefore } from '../context-around.ts';
import { blockIndexAt } from '../positions.ts';
import { matchBefore } from './before.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** The paragraph before ends with a colon and credits the quote that fills this one: `He said:`. */
export const colon: SpeakerRule<'colon'> = { name: 'colon', propose: (q) => matchColonLead(q.text, q.blocks, q.startBlock, q.quote) };

/** A paragraph that is only a quote, after a paragraph ending "He said:". */
function matchColonLead(text: string, blocks: readonly Block[], block: Block, quote: QuoteSpan): Found | null {
  if (text.slice(block.start, quote.outerStart).trim().length > 0) return null;
  const index = blockIndexAt(blocks, block.start);
  const prev = blocks[index - 1];
  if (!prev || !/:\s*$/.test(prev.text)) return null;
  return matchBefore(text, contextBefore(text, prev.start, prev.end));
}
