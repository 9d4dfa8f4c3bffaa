import type { Block } from '../../parse-article.ts';
import type { Span } from '../../span.ts';
import { splitSentences } from '../../split-sentences.ts';
import type { Found } from '../attribution.ts';
import { CONTEXT_LIMIT } from '../context-around.ts';
import { blockIndexAt } from '../positions.ts';
import { sentenceSubject } from './subject.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** A quote that opens its sentence: the subject of the sentence before said it. */
export const previousSentence: SpeakerRule<'previousSentence'> = {
  name: 'previousSentence',
  propose: (q) => (q.before.text.trim().length === 0 ? previousSubject(q.text, q.blocks, q.startBlock, Math.max(q.prevQuoteEnd, q.startBlock.start), q.quote.outerStart) : null),
};

/**
 * A quote that opens its sentence, after a sentence about someone ("Howard continued his remarks.
 * “Eight years ago…”"): the subject of the sentence before, in this paragraph or at the end of the last.
 */
function previousSubject(text: string, blocks: readonly Block[], block: Block, from: number, to: number): Found | null {
  let ctx: Span | null = null;
  if (text.slice(from, to).trim().length > 0) {
    const sentences = splitSentences(text, Math.max(from, to - CONTEXT_LIMIT), to);
    ctx = sentences[sentences.length - 1] ?? null;
  } else {
    const prev = blocks[blockIndexAt(blocks, block.start) - 1];
    if (prev && prev.kind === 'body') {
      const sentences = splitSentences(text, Math.max(prev.start, prev.end - CONTEXT_LIMIT), prev.end);
      ctx = sentences[sentences.length - 1] ?? null;
    }
  }
  if (!ctx || /["”]\s*$/.test(ctx.text)) return null;
  return sentenceSubject(text, ctx, true);
}
