import type { Article } from './parse-article.ts';
import type { QuoteSpan } from './find-quote-spans.ts';
import { splitSentences } from './split-sentences.ts';
import { articleWords, wordCountIn, type ArticleWords } from './article-words.ts';
import { featurize } from './summary-features.ts';
import { sliceSpan, type Span } from './span.ts';
import { firstIndex } from './first-index.ts';
import { SUMMARY_WEIGHTS } from './summary-weights.ts';

/** A sentence that may go into the summary, with what the scoring model knows about it. */
export interface Candidate extends Span {
  /** Feature values in the order of {@link FEATURE_NAMES}. */
  features: number[];
  /** Its content stems, as ids of the article's {@link ArticleWords} (one id per stem, within the article). */
  stemIds: readonly number[];
  /** Its length in words (`words(text).length`). */
  words: number;
}

/** The features of the summary model; `summary-weights.ts` holds one weight for each. */
export const FEATURE_NAMES = [
  'bias',
  'lead', // 1 for the first sentence, 1/2 for the second…
  'position', // 0 at the start of the article, 1 at the end
  'paragraphLead', // 1 for a paragraph's first sentence
  'logLength',
  'short', // under 10 words
  'long', // over 45 words
  'centrality', // tf-idf cosine with the whole article
  'titleOverlap',
  'quoteShare', // share of the sentence inside quotation marks
  'danglingStart', // opens with a pronoun or connective that needs the sentence before
  'numbers',
  'first', // the article's first sentence
  'second',
  'third',
  'words', // length in words / 30
  'blockLead', // 1/(paragraph index + 1)
  'names', // share of capitalised words
  'saysVerb', // reports speech ("said", "told")
  'wordsSquared', // (length / 30)², so very long sentences cost more than linearly
  'firstOverlap', // share of its content words that the article's first sentence has too (0 for that sentence)
  'question', // ends in "?" or "!": a teaser or an exclamation rather than a statement of news
  'quoteMarks', // holds a double quotation mark
] as const;

const DATELINE = /^(?:[\p{Lu}][\p{L}.,' -]{0,40}\s*)?\((?:CNN|AP|Reuters|AFP|EW\.com|CNN Money|CNNMoney)\)\s*(?:--|—|–|-)?\s*/u;

/**
 * Cuts the article's prose into summary candidates: sentences of body paragraphs, never cut
 * through a quotation (sentences inside one quote are merged), with datelines ("(CNN) --")
 * left out of the span. Sentences that are only a piece of a quote are not candidates.
 */
export function findCandidates(article: Article, quotes: readonly QuoteSpan[], tokens: ArticleWords = articleWords(article.text)): Candidate[] {
  // Quote spans do not overlap; sorted by start, each lookup below is a binary search, not a scan.
  quotes = [...quotes].sort((a, b) => a.outerStart - b.outerStart);
  const spans: Span[] = [];
  for (const block of article.blocks) {
    if (block.kind !== 'body') continue;
    const sentences = splitSentences(article.text, block.start, block.end);
    let current: Span | null = null;
    for (const sentence of sentences) {
      // A boundary inside a quotation is not a boundary for the summary.
      const around = quotes[lastStartingBefore(quotes, sentence.start)];
      const insideQuote = around !== undefined && around.outerEnd > sentence.start;
      if (current && insideQuote) {
        current = sliceSpan(article.text, current.start, sentence.end);
      } else {
        if (current) spans.push(current);
        current = sentence;
      }
    }
    if (current) spans.push(current);
  }
  joinContinuedLines(article.text, spans);

  const kept: Span[] = [];
  const shares: number[] = [];
  const lengths: number[] = [];
  for (const span of spans) {
    // A dateline holds "(": most sentences are spared the regex.
    const dateline = span.text.includes('(') ? DATELINE.exec(span.text) : null;
    const s = dateline ? sliceSpan(article.text, span.start + dateline[0].length, span.end) : span;
    const length = wordCountIn(tokens, s.start, s.end);
    if (length < 4) continue;
    const share = quoteShare(s, quotes);
    if (share > 0.97) continue; // a bare piece of a quote, with nobody saying it
    kept.push(s);
    shares.push(share);
    lengths.push(length);
  }
  return featurize(article, tokens, kept, shares, lengths);
}

/**
 * A line without a final stop followed by one that starts in lower case ("… a busy schedule" /
 * "and Wednesday was …", common in Daily Mail text) is one sentence broken over two paragraphs:
 * the two become one candidate spanning the break.
 */
function joinContinuedLines(text: string, spans: Span[]): void {
  for (let i = spans.length - 2; i >= 0; i--) {
    const a = spans[i] as Span;
    const b = spans[i + 1] as Span;
    if (endsWhole(a.text) || !/^\p{Ll}/u.test(b.text) || !/\n/.test(text.slice(a.end, b.start))) continue;
    spans.splice(i, 2, sliceSpan(text, a.start, b.end));
  }
}

// What a sentence ends with when it is whole; its last character is looked up, where the regex
// `/[…]$/` was tried at every character of it.
const SENTENCE_CLOSERS = '.!?…:;"\'”’»)]。！？';
const endsWhole = (text: string): boolean => text.length > 0 && SENTENCE_CLOSERS.includes(text.charAt(text.length - 1));

/** Share of a span inside quotation marks; `quotes` sorted by start and not overlapping. */
function quoteShare(span: Span, quotes: readonly QuoteSpan[]): number {
  let inside = 0;
  for (let i = Math.max(0, lastStartingBefore(quotes, span.start)); i < quotes.length; i++) {
    const q = quotes[i];
    if (!q || q.outerStart >= span.end) break;
    const s = Math.max(span.start, q.outerStart);
    const e = Math.min(span.end, q.outerEnd);
    if (e > s) inside += e - s;
  }
  return inside / Math.max(1, span.end - span.start);
}

/** The index of the last quote that starts before `at` (-1 when none); `quotes` sorted by start. */
function lastStartingBefore(quotes: readonly QuoteSpan[], at: number): number {
  return firstIndex(quotes.length, (i) => (quotes[i]?.outerStart ?? 0) >= at) - 1;
}

/** The model's score of a candidate: a weighted sum of its features. */
export function scoreCandidate(candidate: Candidate, weights: readonly number[] = SUMMARY_WEIGHTS): number {
  let score = 0;
  for (let f = 0; f < candidate.features.length; f++) score += (candidate.features[f] ?? 0) * (weights[f] ?? 0);
  return score;
}

/**
 * Picks the `count` best candidates, skipping any that repeats one already picked (shared
 * trigrams or most of its words), and returns them in article order. The article's first
 * sentence is always one of them unless it is a fragment, and then it is none of them unless no
 * other sentence can be shown. A sentence that opens with a pronoun or
 * connective ("He", "But", "This") comes only together with the sentences it depends on, back to
 * one that stands alone — or not at all, when they do not fit — so `count: 1` always gives a
 * sentence that can be read alone.
 */
export function selectSummary(candidates: readonly Candidate[], count: number, weights: readonly number[] = SUMMARY_WEIGHTS): Span[] {
  const scores = candidates.map((c) => scoreCandidate(c, weights));
  const order = candidates.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  const picked: number[] = [];
  const seen = new Map<Candidate, Repeats>();
  const dangling = (i: number): boolean => i > 0 && (candidates[i]?.features[DANGLING_FEATURE] ?? 0) === 1;
  // A first sentence not worth leading with is a teaser ("Guilty across the board.") or a dateline
  // remnant, not news: it is shown only when nothing else can be.
  let leads = candidates[0] !== undefined && isLead(candidates[0]);
  const tryPick = (i: number): void => {
    const group = [i];
    for (let j = i; dangling(j) && !picked.includes(j - 1) && group.length <= MAX_CHAIN; j--) group.unshift(j - 1);
    if (group.length > MAX_CHAIN || group.length > count - picked.length || (group[0] === 0 && !leads)) return;
    const c = (k: number): Candidate => candidates[k] as Candidate;
    if (group.some((g) => picked.some((p) => redundant(c(p), c(g), seen)))) return;
    picked.push(...group);
  };
  // News puts its point first: the lead sentence opens the summary unless it is not a sentence.
  if (count > 0 && leads) tryPick(0);
  for (const i of order) {
    if (picked.length >= count) break;
    if (!picked.includes(i)) tryPick(i);
  }
  if (count > 0 && picked.length === 0 && candidates[0]) {
    leads = true;
    tryPick(0);
  }
  return picked.sort((a, b) => a - b).map((i) => {
    const { text, start, end } = candidates[i] as Candidate;
    return { text, start, end };
  });
}

/** A first sentence worth leading with: a whole sentence, not a dash-led dateline remnant or a fragment. */
function isLead(c: Candidate): boolean {
  return !/^[—–-]/.test(c.text) && c.words >= 8;
}

// A sentence and the one it depends on; a longer chain of dependent sentences is not worth the slots.
const MAX_CHAIN = 2;
const DANGLING_FEATURE = FEATURE_NAMES.indexOf('danglingStart');

/** A picked candidate's stems and trigrams, made once however many candidates are held against it. */
interface Repeats {
  stems: Set<number>;
  trigrams: Set<number | string>;
}

function redundant(a: Candidate, b: Candidate, seen: Map<Candidate, Repeats>): boolean {
  let repeats = seen.get(a);
  if (!repeats) {
    const trigrams = new Set<number | string>();
    const ids = a.stemIds;
    for (let i = 0; i + 2 < ids.length; i++) trigrams.add(trigramKey(ids, i));
    seen.set(a, (repeats = { stems: new Set(ids), trigrams }));
  }
  const set = repeats.stems;
  const ids = b.stemIds;
  let shared = 0;
  for (const w of ids) if (set.has(w)) shared++;
  if (ids.length > 0 && shared / ids.length > 0.6) return true;
  for (let i = 0; i + 2 < ids.length; i++) if (repeats.trigrams.has(trigramKey(ids, i))) return true;
  return false;
}

// Stem ids below 2^17 make a trigram one exact number (under 2^51); an article with more stems
// than that (past any digest budget) falls back to a string.
const ID_LIMIT = 1 << 17;

/** The trigram of stem ids at `i`, as a key equal for equal trigrams only. */
function trigramKey(ids: readonly number[], i: number): number | string {
  const x = ids[i] as number;
  const y = ids[i + 1] as number;
  const z = ids[i + 2] as number;
  return x < ID_LIMIT && y < ID_LIMIT && z < ID_LIMIT ? (x * ID_LIMIT + y) * ID_LIMIT + z : `${x} ${y} ${z}`;
}
