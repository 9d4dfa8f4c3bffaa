import type { Article } from './parse-article.ts';
import type { Span } from './span.ts';
import { isRegexSpace } from './normalize-text.ts';
import { stemIdsIn, stemIdsOf, type ArticleWords } from './article-words.ts';
import type { Candidate } from './summarize.ts';
import { documentFrequencies, dotOver, sentenceIdf } from './tf-idf.ts';

const DANGLING = /^(?:["“‘']?\s*)(?:he|she|it|they|this|that|these|those|his|her|its|their|but|and|however|also|so|then|still|yet|meanwhile|instead|or)\b/i;

/**
 * The summary model's features of each candidate sentence, in the order of `FEATURE_NAMES`
 * (summarize.ts): position, length, tf-idf centrality, overlap with the title and the first
 * sentence, quotation, and the surface cues of a sentence that needs the one before it.
 */
export function featurize(article: Article, tokens: ArticleWords, spans: readonly Span[], quoteShares: readonly number[], lengths: readonly number[]): Candidate[] {
  const stems = spans.map((s) => stemIdsIn(tokens, s.start, s.end));
  const titleIds = article.title ? stemIdsOf(tokens, article.title) : [];
  // Per stem id: sentences holding it, its tf-idf weight in the whole article, and scratch space
  // for one sentence. Sums run in the order a Map in first-use order would give, so every feature
  // is the same number to the last bit.
  const size = tokens.stems.length;
  const n = spans.length;
  const df = documentFrequencies(stems, size);
  const idf = new Float64Array(size);
  for (let w = 0; w < size; w++) idf[w] = sentenceIdf(n, df[w] as number);
  const seen = new Int32Array(size).fill(-1);
  const docVector = new Float64Array(size);
  const docOrder: number[] = [];
  for (const list of stems) {
    for (const w of list) {
      if (seen[w] === -1) {
        seen[w] = 0;
        docOrder.push(w);
      }
      docVector[w] = (docVector[w] as number) + (idf[w] as number);
    }
  }
  const docNorm = Math.sqrt(dotOver(docOrder, docOrder.length, docVector, docVector)) || 1;
  // Marks: 1 in the title, 2 in the first sentence (bits).
  const marks = new Uint8Array(size);
  for (const w of titleIds) marks[w] = (marks[w] as number) | 1;
  for (const w of stems[0] ?? []) marks[w] = (marks[w] as number) | 2;
  let titleSize = 0;
  for (let w = 0; w < size; w++) if ((marks[w] as number) & 1) titleSize++;
  const paragraphStarts = new Set(article.blocks.map((b) => b.start));
  const bodyStarts = article.blocks.filter((b) => b.kind === 'body').map((b) => b.start);
  // Spans come in text order, so the paragraph cursor only moves forward.
  let index = 0;
  const blockIndex = (at: number): number => {
    while (index + 1 < bodyStarts.length && (bodyStarts[index + 1] ?? Infinity) <= at) index++;
    return index;
  };
  const vector = new Float64Array(size);
  const order: number[] = [];
  seen.fill(-1);

  return spans.map((span, i) => {
    const list = stems[i] ?? [];
    order.length = 0;
    let titled = 0;
    let inFirst = 0;
    for (const w of list) {
      if (seen[w] !== i) {
        seen[w] = i;
        order.push(w);
        vector[w] = 0;
        if ((marks[w] as number) & 1) titled++;
      }
      if ((marks[w] as number) & 2) inFirst++;
      vector[w] = (vector[w] as number) + (idf[w] as number);
    }
    const dot = dotOver(order, order.length, vector, docVector);
    const norm = dotOver(order, order.length, vector, vector);
    const length = lengths[i] ?? 0;
    const text = span.text;
    const surface = surfaceOf(text);
    const features = [
      1,
      1 / (i + 1),
      n > 1 ? i / (n - 1) : 0,
      paragraphStarts.has(span.start) ? 1 : 0,
      Math.log(1 + length),
      length < 10 ? 1 : 0,
      length > 45 ? 1 : 0,
      norm > 0 ? dot / (Math.sqrt(norm) * docNorm) : 0,
      titleSize === 0 ? 0 : titled / titleSize,
      quoteShares[i] ?? 0,
      DANGLING.test(text) ? 1 : 0,
      surface & DIGIT ? 1 : 0,
      i === 0 ? 1 : 0,
      i === 1 ? 1 : 0,
      i === 2 ? 1 : 0,
      length / 30,
      1 / (blockIndex(span.start) + 1),
      (surface >>> CAPITALS_SHIFT) / Math.max(1, length),
      SAYS.test(text) ? 1 : 0,
      (length / 30) ** 2,
      i === 0 || list.length === 0 ? 0 : inFirst / list.length,
      endsAsQuestion(text) ? 1 : 0,
      surface & QUOTE_MARK ? 1 : 0,
    ];
    // Spelt out rather than spread: a spread copy per sentence was a tenth of this function's time.
    return { text, start: span.start, end: span.end, features, stemIds: list, words: length };
  });
}

const SAYS = /\b(?:said|says|told|according to)\b/;
// Bits of surfaceOf's answer: a digit, a double quotation mark, and above them the count of
// words starting with a capital.
const DIGIT = 1;
const QUOTE_MARK = 2;
const CAPITALS_SHIFT = 2;

/**
 * In one pass over a sentence: whether it holds a digit (`/\d/`) or a double quotation mark
 * (`/["“”„«»]/`), and its words that start with a capital (the count of `/(?:^|\s)\p{Lu}/gu`
 * matches) — three scans of every sentence before.
 */
function surfaceOf(text: string): number {
  let flags = 0;
  let capitals = text.length > 0 && upperAt(text, 0) ? 1 : 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) flags |= DIGIT;
    else if (code === 34 || code === 0x201c || code === 0x201d || code === 0x201e || code === 0xab || code === 0xbb) flags |= QUOTE_MARK;
    else if (i + 1 < text.length && isRegexSpace(code) && upperAt(text, i + 1)) capitals++;
  }
  return flags | (capitals << CAPITALS_SHIFT);
}

/** `/[?!]["'”’»)]*$/`: ends in "?" or "!", perhaps before closing marks — read from the end, not tried at every character. */
function endsAsQuestion(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSERS.includes(text.charAt(i))) i--;
  const c = text.charCodeAt(i);
  return c === 63 || c === 33;
}

const CLOSERS = '"\'”’»)';

function upperAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 0x80) return code >= 65 && code <= 90;
  return UPPER.test(String.fromCodePoint(text.codePointAt(at) as number));
}

const UPPER = /^\p{Lu}$/u;
