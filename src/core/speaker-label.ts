import type { DigestQuote } from './format-digest.ts';
import { isRoleMention } from './attribute-quotes/index.ts';

/**
 * How to credit a quote: the speaker's name, else the role the article gives them ("the European
 * official"); never a pronoun or a phrase that only looks like a credit.
 */
export function speakerLabel(quote: Pick<DigestQuote, 'speaker' | 'mention'>): string {
  if (quote.speaker) return quote.speaker;
  if (quote.mention && isRoleMention(quote.mention.text)) return quote.mention.text;
  return 'unattributed';
}

/** Collapses line breaks inside a span (multi-paragraph quotes) into single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
