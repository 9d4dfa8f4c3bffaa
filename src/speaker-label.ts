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

/**
 * Joins whole sentences (or quotes) while they fit in `limit` characters, so a platform's size
 * limit never cuts a sentence in half. When even the first one is too long, it is cut at a word
 * boundary and ends with "…" — still a verbatim prefix of the article.
 */
export function fitText(parts: readonly string[], limit: number, separator = ' '): string {
  let out = '';
  for (const part of parts) {
    const next = out ? `${out}${separator}${part}` : part;
    if (next.length <= limit) {
      out = next;
      continue;
    }
    if (!out) {
      const cut = part.slice(0, Math.max(0, limit - 1));
      const space = cut.lastIndexOf(' ');
      out = `${space > limit / 2 ? cut.slice(0, space) : cut}…`;
    }
    break;
  }
  return out;
}
