import { foldText, NewsbriefError, type Digest } from '../../core/index.ts';
import type { Subscription } from '../store.ts';
import { compileLinearRegex } from './check-linear-regex.ts';

/** What a subscription filters on: the lists of {@link Subscription}. */
export type StoryFilterSpec = Pick<Subscription, 'include' | 'exclude' | 'speakers'>;

/** Whether a story (its digest: title, summary and quotes) is one the subscription wants. */
export type StoryFilter = (digest: Digest) => boolean;

/** Terms one list may hold: enough for any real filter, few enough to show in `/digest list`. */
export const MAX_FILTER_TERMS = 20;
const MAX_TERM_LENGTH = 200;

type Matcher = (text: StoryText) => boolean;
interface StoryText {
  folded: string;
  /** The folded words, space-separated with a space at each end, so a phrase matches whole words only. */
  words: string;
}

const WORD = /[\p{L}\p{N}]+/gu;
const wordsOf = (text: string): string[] => foldText(text).match(WORD) ?? [];

/** A word or phrase, or `/pattern/`: what one term of `include` or `exclude` matches. */
function compileTerm(term: string): Matcher {
  const pattern = /^\/(.+)\/$/s.exec(term);
  if (pattern) {
    const regex = compileLinearRegex(pattern[1] ?? '');
    // The pattern is folded as the text is: case- and diacritic-insensitive.
    return (t) => regex.test(t.folded);
  }
  const phrase = wordsOf(term);
  if (phrase.length === 0) throw new NewsbriefError('INVALID_INPUT', `"${term.slice(0, 60)}" has no word to match; quote a word or phrase, or write /pattern/`);
  const needle = ` ${phrase.join(' ')} `;
  return (t) => t.words.includes(needle);
}

/** A name: a quote's speaker matches when every word of it is a word of the speaker's name, so "Kallas" finds "Kaja Kallas". */
function compileSpeaker(name: string): (speaker: string) => boolean {
  const wanted = wordsOf(name);
  if (wanted.length === 0) throw new NewsbriefError('INVALID_INPUT', `"${name.slice(0, 60)}" is not a name`);
  return (speaker) => {
    const have = new Set(wordsOf(speaker));
    return wanted.every((w) => have.has(w));
  };
}

function checkList(name: string, list: readonly string[] | undefined): readonly string[] {
  const terms = list ?? [];
  if (terms.length > MAX_FILTER_TERMS) throw new NewsbriefError('INVALID_INPUT', `${name} takes at most ${MAX_FILTER_TERMS} terms`);
  for (const term of terms) if (term.length > MAX_TERM_LENGTH) throw new NewsbriefError('INVALID_INPUT', `"${term.slice(0, 60)}…" is longer than ${MAX_TERM_LENGTH} characters`);
  return terms;
}

/**
 * Compiles a subscription's filters, or null when it has none. A story passes when it matches one
 * `include` term (if any are given), no `exclude` term, and quotes one of `speakers` (if any).
 * Throws INVALID_INPUT, naming the bad term, for a pattern that is invalid or could take more
 * than linear time: call it when a filter is set, not only when a digest is made.
 */
export function compileStoryFilter(spec: StoryFilterSpec): StoryFilter | null {
  const include = checkList('include', spec.include).map(compileTerm);
  const exclude = checkList('exclude', spec.exclude).map(compileTerm);
  const speakers = checkList('speakers', spec.speakers).map(compileSpeaker);
  if (include.length + exclude.length + speakers.length === 0) return null;
  return (digest) => {
    const raw = [digest.title ?? '', ...digest.summary.map((s) => s.text), ...digest.quotes.map((q) => q.text)].join('\n');
    const folded = foldText(raw);
    const text: StoryText = { folded, words: ` ${(folded.match(WORD) ?? []).join(' ')} ` };
    if (include.length > 0 && !include.some((m) => m(text))) return false;
    if (exclude.some((m) => m(text))) return false;
    if (speakers.length > 0 && !digest.quotes.some((q) => q.speaker !== null && speakers.some((m) => m(q.speaker ?? '')))) return false;
    return true;
  };
}
