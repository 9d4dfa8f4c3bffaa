import { stemmer } from 'stemmer';

/** Lower-cases and strips diacritics, so "Zelenskyy", "ZELENSKYY" and "Zelénskyy" compare equal. */
export function foldText(text: string): string {
  // Most news text is ASCII, and normalising it would change nothing but cost time. A loop, not
  // /^[\x00-\x7f]*$/: this runs on every word attribution reads, where a regex call cost more
  // than the check.
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  return text.toLowerCase();
}

const WORD = /[\p{L}\p{N}]+/gu;
// Chinese and Japanese put no spaces between words: each ideograph or kana is a token of its
// own, so a sentence there is several words, not one.
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const WORD_OR_IDEOGRAPH = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|(?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}])+/gu;

/** The folded words of `text`, in order. */
export function words(text: string): readonly string[] {
  let cached = wordCache.get(text);
  if (cached === undefined) {
    const folded = foldText(text);
    cached = Object.freeze(folded.match(UNSPACED.test(folded) ? WORD_OR_IDEOGRAPH : WORD) ?? []);
    if (text.length > MAX_CACHED_TEXT_CHARS) return cached;
    if (wordCache.size >= MAX_CACHED_TEXTS) wordCache.clear();
    wordCache.set(text, cached);
  }
  return cached;
}

// A digest reads the same sentences and paragraphs several times (summary features, quote
// ranking, word counts); tokenising each text once saves a tenth of the work. This cache cannot
// change an answer: an entry is a pure function of its key (the text), frozen so no caller can
// alter what another is given, and whether a text is in it changes only the time taken. Bounded:
// 4,000 texts of at most 1,000 characters each (sentences and paragraphs; ~25 MB at worst). A
// whole article (grouping's and the content index's stems) is read once and not kept: 4,000 of
// them held ~200 MB, a digest worker's whole growth in a scheduling tick.
const wordCache = new Map<string, readonly string[]>();
const MAX_CACHED_TEXTS = 4_000;
const MAX_CACHED_TEXT_CHARS = 1_000;

/** Function words that carry no topic; shared by the summariser, quote ranking and search. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  ('a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours yourself yourselves said says say told tells according would also one two new like just get got s t mr mrs ms').split(' '),
);

// Stemming is one of the costliest steps of a digest and news reuses its words, so stems are memoised.
// This cache cannot change an answer: a stem is a pure function of the word. It is bounded so a
// stream of unique tokens cannot grow it without limit.
const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 50_000;

function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stems.set(word, s);
  }
  return s;
}

/** The content stem of one folded word, or null for a stopword or a one-letter word. */
export function contentStem(word: string): string | null {
  return STOPWORDS.has(word) || word.length <= 1 ? null : stem(word);
}

/** Content-word stems of `text`: folded, stopwords removed, Porter-stemmed. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const s = contentStem(w);
    if (s !== null) out.push(s);
  }
  return out;
}

/** Exactly the characters of the regex class `\s`. */
export function isRegexSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

// Made on first use: creating one costs about 10 ms of start-up (every CLI run, every worker),
// and only texts in scripts without spaces, and chat text being cut, need it.
let segmenter: Intl.Segmenter | undefined;

/** The core's one word segmenter (Intl.Segmenter, granularity "word"). */
export function wordSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'word' });
  return segmenter;
}
// Scripts written without spaces between words, where splitting on spaces counts sentences.
const NO_SPACES = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;

/**
 * Words as a reader counts them: runs of non-space characters, and in scripts written without
 * spaces (Chinese, Japanese, Thai) the words `Intl.Segmenter` finds, so a Japanese article is not
 * "12 words" long.
 */
export function wordCount(text: string): number {
  // Runs of non-space characters, counted without the array `split(/\s+/)` would make; one
  // pass, which also looks for a script without spaces (before, a regex scanned the text first).
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Thai is the first of those scripts (U+0E00); none has a letter among the punctuation and
    // symbols of U+2000–U+2E7F (dashes, curly quotes), so most characters skip the regex.
    if (code >= 0x0e00 && (code < 0x2000 || code >= 0x2e80) && NO_SPACES.test(String.fromCodePoint(text.codePointAt(i) as number))) return segmentedWords(text);
    const space = isRegexSpace(code);
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

function segmentedWords(text: string): number {
  let n = 0;
  for (const segment of wordSegmenter().segment(text)) if (segment.isWordLike) n++;
  return n;
}
