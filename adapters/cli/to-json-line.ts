import type { Digest } from '../../src/core/index.ts';

/**
 * One JSON object for a digest, as the command-line contract in DESIGN.md gives it: the article
 * text as read (the file, or the text extracted from the page), every span with its text and
 * offsets into that text, every quote with speaker, mention and cue — so anyone can check that
 * `text.slice(start, end)` is each span.
 */
export function toJsonLine(digest: Pick<Digest, 'source' | 'title' | 'date' | 'language' | 'summary' | 'quotes'>, text: string): string {
  return JSON.stringify({
    source: digest.source,
    title: digest.title,
    date: digest.date,
    language: digest.language,
    text,
    summary: digest.summary.map(({ text, start, end }) => ({ text, start, end })),
    quotes: digest.quotes.map((q) => ({
      text: q.text,
      start: q.start,
      end: q.end,
      speaker: q.speaker,
      mention: q.mention ? { text: q.mention.text, start: q.mention.start, end: q.mention.end } : null,
      cue: q.cue,
    })),
  });
}
