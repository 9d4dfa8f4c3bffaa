import { firstIndex } from './first-index.ts';
import { wordSegmenter } from './normalize-text.ts';

/** How a platform makes article text literal (Slack mrkdwn, Discord markdown); identity by default. */
export type Escape = (text: string) => string;

const identity: Escape = (text) => text;

/** The mark that ends a text cut short; never part of the article. */
export const CUT_MARK = '…';

/**
 * Joins whole parts (summary sentences) while their escaped form fits in `limit` characters, so
 * a platform's size limit never cuts a sentence in half. When even the first part is too long, it
 * is cut at a word boundary and ends with "…". Escaping happens once, on the final joined or cut
 * text: escaping pieces and joining them afterwards could re-assemble markup (a masked link split
 * across two sentences) that no piece showed on its own.
 */
export function fitText(parts: readonly string[], limit: number, separator = ' ', escape: Escape = identity): string {
  let out = '';
  for (const part of parts) {
    const next = out ? `${out}${separator}${part}` : part;
    if (escape(next).length <= limit) {
      out = next;
      continue;
    }
    if (!out) return cutText(part, limit, escape);
    break;
  }
  return escape(out);
}

/**
 * Shows one text (a quote) in at most `limit` characters: escaped whole when it fits, else its
 * longest prefix ending at a word boundary, escaped, then "…". Un-escaped, what is shown is always
 * the text itself or a prefix of it plus the mark, never a re-joined or re-spaced version.
 */
export function cutText(text: string, limit: number, escape: Escape = identity): string {
  const whole = escape(text);
  if (whole.length <= limit) return whole;
  const room = limit - CUT_MARK.length;
  if (room <= 0) return CUT_MARK.slice(0, Math.max(0, limit));
  const fits = (end: number): boolean => escape(text.slice(0, end).trimEnd()).length <= room;
  const ends = wordEnds(text);
  // Escaped length grows with the prefix, so the longest fitting boundary is found by bisection.
  const lo = firstIndex(ends.length, (i) => !fits(ends[i] ?? 0)) - 1;
  if (lo < 0) {
    // A single word longer than the room (a URL, a run of CJK the segmenter keeps together) is
    // cut between characters rather than shown as a bare "…".
    return `${escape(text.slice(0, longestFittingPrefix(text, fits)))}${CUT_MARK}`;
  }
  // A sentence end not far before the last word that fits reads better than a cut mid-sentence.
  const last = ends[lo] ?? 0;
  for (let i = lo; i >= 0 && (ends[i] ?? 0) >= (2 * last) / 3; i--) {
    const end = ends[i] ?? 0;
    if (SENTENCE_END.test(text.slice(Math.max(0, end - 4), end)) && escape(text.slice(0, end)).length + 2 <= limit) return `${escape(text.slice(0, end))} ${CUT_MARK}`;
  }
  return `${escape(text.slice(0, last).trimEnd())}${CUT_MARK}`;
}

const SENTENCE_END = /[.!?。！？؟।]["'”’»)\]]*$/;
// Scripts written without spaces between words: any word boundary there is a place to cut.
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Where a word ends in `text`, ascending: before each space, and between words in scripts written
 * without spaces (Chinese, Japanese, Thai), as `Intl.Segmenter` finds them. Never inside a word,
 * a number ("3.5%") or a host name ("Amazon.com").
 */
function wordEnds(text: string): number[] {
  const ends: number[] = [];
  for (const { index, segment } of wordSegmenter().segment(text)) {
    const end = index + segment.length;
    if (end <= 0 || end >= text.length) continue;
    const next = text[end] ?? '';
    if (/\s/.test(next) && !/\s/.test(text[end - 1] ?? '')) ends.push(end);
    else if (UNSPACED.test(next) || UNSPACED.test(text[end - 1] ?? '')) ends.push(end);
  }
  return ends;
}

/** The longest prefix, in whole code points, that passes `fits`. */
function longestFittingPrefix(text: string, fits: (end: number) => boolean): number {
  let best = 0;
  for (let i = 0; i < text.length; ) {
    const next = i + ((text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);
    if (!fits(next)) break;
    best = i = next;
  }
  return best;
}

/** Cuts text to `limit` characters, ending with "…" when it had to cut. For our own labels, not article text. */
export function clipText(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, Math.max(0, limit - 1))}${CUT_MARK}`;
}
