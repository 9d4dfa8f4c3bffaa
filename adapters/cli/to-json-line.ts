import type { Digest } from '../../src/index.ts';

/**
 * One JSON object for a digest, as the command-line contract in DESIGN.md gives it: every span
 * with its text and offsets into the article as read, every quote with speaker, mention and cue.
 */
export function toJsonLine(digest: Pick<Digest, 'source' | 'title' | 'date' | 'summary' | 'quotes'>): string {
  return JSON.stringify({
    source: digest.source,
    title: digest.title,
    date: digest.date,
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
