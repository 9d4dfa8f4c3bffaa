import type { Block } from '../../parse-article.ts';
import type { QuoteSpan } from '../../find-quote-spans.ts';
import type { Span } from '../../span.ts';
import type { Found } from '../attribution.ts';
import { agentAfter } from '../noun-phrases.ts';
import { blockIndexAt, firstAtOrAfter } from '../positions.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** The next sentence names who said this one: `… . This was stated by Kaja Kallas`. */
export const thisWasSaid: SpeakerRule<'thisWasSaid'> = {
  name: 'thisWasSaid',
  propose: (q) => matchThisWasSaid(q.text, q.blocks, q.endBlock, q.quote, q.sentencesOf),
};

/** "… “wants to take a picture” … . This was stated by Kaja Kallas": the next sentence attributes this one. */
// The words the next sentence must open with, looked for anywhere in the paragraph and the next:
// where they are absent, as in nearly every paragraph, no sentence needs to be split to know the
// rule does not apply.
const SAID_BY = String.raw`(?:This|That|It)\s+(?:was|is|has been)\s+(stated|said|reported|announced|written|claimed|tweeted|posted)\s+by\s`;
const SAID_BY_ANYWHERE = new RegExp(SAID_BY, 'u');
/** The same words opening the next sentence, the verb captured. */
const SAID_BY_OPENING = new RegExp(`^${SAID_BY}+`, 'u');

// Each paragraph is read for those words once, however many quotes it holds (a paragraph is
// immutable and its text is the article's; the entry goes when the article does).
const saysSaidBy = new WeakMap<Block, boolean>();
function mentionsSaidBy(text: string, block: Block): boolean {
  let found = saysSaidBy.get(block);
  if (found === undefined) saysSaidBy.set(block, (found = SAID_BY_ANYWHERE.test(text.slice(block.start, block.end))));
  return found;
}

function matchThisWasSaid(text: string, blocks: readonly Block[], block: Block, quote: QuoteSpan, sentencesOf: (b: Block) => Span[]): Found | null {
  const after = blocks[blockIndexAt(blocks, block.start) + 1];
  if (!mentionsSaidBy(text, block) && !(after && mentionsSaidBy(text, after))) return null;
  const sentences = sentencesOf(block);
  // Sentences are in order: the first that ends at or after the quote, by binary search.
  let index = firstAtOrAfter(sentences, quote.outerEnd, (s) => s.end);
  if (index >= sentences.length) index = -1;
  let next = sentences[index + 1];
  if (!next && index === sentences.length - 1) {
    next = after ? sentencesOf(after)[0] : undefined;
  }
  if (!next) return null;
  const m = SAID_BY_OPENING.exec(next.text);
  if (!m) return null;
  const np = agentAfter(text, next.start + m[0].length, next.end);
  return np ? { mention: np, cue: m[1] ?? null } : null;
}
