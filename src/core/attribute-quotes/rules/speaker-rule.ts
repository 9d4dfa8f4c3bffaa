import type { NameMention } from '../../find-names.ts';
import type { QuoteSpan } from '../../find-quote-spans.ts';
import type { Block } from '../../parse-article.ts';
import type { Span } from '../../span.ts';
import type { Rule } from '../../speaker-model.ts';
import type { Found } from '../attribution.ts';

/** What every rule may read about one quote: the article, the quote and the text around it. */
export interface QuoteContext {
  text: string;
  blocks: readonly Block[];
  names: readonly NameMention[];
  quote: QuoteSpan;
  /** The paragraphs that hold the quote's opening and closing marks. */
  startBlock: Block;
  endBlock: Block;
  /** The clause before the quote, back to its sentence start (not past the previous quote). */
  before: Span;
  /** The clause after the quote, up to its sentence end (not past the next quote). */
  after: Span;
  prevQuoteEnd: number;
  nextQuoteStart: number;
  /** The sentences of a paragraph, split once per article. */
  sentencesOf: (block: Block) => Span[];
}

/**
 * One reading of the text that may say who spoke a quote: its name (a feature of the model) and
 * the mention it proposes, or null when the reading does not apply.
 */
export interface SpeakerRule<Name extends Rule = Rule> {
  readonly name: Name;
  propose(q: QuoteContext): Found | null;
}
