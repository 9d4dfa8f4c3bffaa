import type { DigestQuote } from './format-digest.ts';

/** How to credit a quote: the speaker's name, else how the article names them ("the mayor"), never a bare pronoun. */
export function speakerLabel(quote: DigestQuote): string {
  if (quote.speaker) return quote.speaker;
  if (quote.mention && !/^(?:he|she|they|it|i|we|him|her)$/i.test(quote.mention.text)) return quote.mention.text;
  return 'unattributed';
}

/** Collapses line breaks inside a span (multi-paragraph quotes) into single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
