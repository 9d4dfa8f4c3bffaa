import { contentStem, contentStems, foldText, words } from './normalize-text.ts';

/**
 * The words of one article, tokenised, folded and stemmed once, for every stage that counts words
 * or compares stems (summary features, quote ranking). Each content stem is a small integer, dense
 * within the article (0, 1, 2, … in order of first use), so a stage can count and compare stems
 * in typed arrays instead of a Map and a Set per sentence.
 *
 * Every answer equals what `words()` and `contentStems()` give for the same slice of the text:
 * where a slice's tokens cannot be read off the article's (a character whose folding is not one
 * to one, a word cut by the slice's edge), the slice is tokenised on its own, as before.
 */
export interface ArticleWords {
  readonly text: string;
  /** Token `i` is `text.slice(starts[i], ends[i])`; empty when the text is not simple (see {@link articleWords}). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** The content stem id of token `i`, or -1 for a stopword or a one-letter word. */
  readonly stemIds: Int32Array;
  readonly count: number;
  /** Stem id → stem. */
  readonly stems: string[];
  /** Whether the tokens were cut from the raw text; when not, every slice is tokenised on its own. */
  readonly simple: boolean;
  /** Stem → id, made when a text outside the article (the title) or a slice read on its own needs it. */
  byStem: Map<string, number> | null;
}

// Character classes of UTF-16 code units, filled on first sight: what a lone character folds to
// decides whether the article's tokens can be cut from the raw text.
const UNKNOWN = 0;
const SEPARATOR = 1; // folds to no letter or digit: ends a word
const LETTER = 2; // a letter or digit that folds to letters or digits only
const COMPLEX = 3; // anything else: the text is tokenised slice by slice
const classes = new Uint8Array(0x10000);
const IS_WORD_CHAR = /^[\p{L}\p{N}]$/u;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const ALL_WORD_CHARS = /^[\p{L}\p{N}]+$/u;
const MARK = /\p{M}/u;
// Where words() would read ideographs one by one; and Σ, the one letter whose lower case
// depends on its neighbours (final ς).
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;

function classify(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return COMPLEX;
  const c = String.fromCharCode(code);
  if (code === 0x3a3 || MARK.test(c) || UNSPACED.test(c)) return COMPLEX;
  const folded = foldText(c);
  if (folded.length === 0 || UNSPACED.test(folded)) return COMPLEX;
  if (IS_WORD_CHAR.test(c)) return ALL_WORD_CHARS.test(folded) ? LETTER : COMPLEX;
  return HAS_WORD_CHAR.test(folded) ? COMPLEX : SEPARATOR;
}
for (let code = 0; code < 0x80; code++) classes[code] = classify(code);

// Raw token → global stem number (-1: no content stem), in an open-addressing table keyed by a
// hash computed while scanning, so a token seen before costs no string: slicing and hashing a
// string per word was most of the tokeniser's time. A slot is eight int32s (half a cache line):
// hash, length (0: empty slot), stem, where characters past the eighth are in `pool`, then the
// first eight characters two to an int — so most words cost one cache miss. Misses are what a
// lookup costs here: by the time the summary runs, attribution has pushed the table out of the
// cache. Cleared only between articles when full, so the numbers within one article never
// change; a pure function of the token, it cannot change an answer. Bounded: cleared past 32,768
// tokens (the 329 bench articles hold 19,416 distinct ones) or 1 M characters past the eighth;
// 2 MB of slots, at most 4 MB of characters.
const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const MAX_CACHED_TOKENS = 1 << (TABLE_BITS - 1); // at most half full, so probes stay short
const MAX_FILLED_TOKENS = 3 << (TABLE_BITS - 2);
const MAX_POOL_CHARS = 1 << 20;
const SLOT_BITS = 3;
const HASH = 0;
const LENGTH = 1;
const STEM = 2;
const TAIL = 3;
const CHARS = 4;
const INLINE_CHARS = 8;
const table = new Int32Array(1 << (TABLE_BITS + SLOT_BITS));
let pool = new Uint16Array(1 << 14);
let poolUsed = 0;
let cachedTokens = 0;
const stemNumbers = new Map<string, number>();
const stemNames: string[] = [];
// Global stem number g → this article's id at 2g + 1, valid where 2g holds the article's epoch
// (side by side: one cache line for both).
let stemLocal = new Int32Array(2048);
let epoch = 0;

function globalStem(stem: string): number {
  let g = stemNumbers.get(stem);
  if (g === undefined) {
    g = stemNames.length;
    stemNames.push(stem);
    stemNumbers.set(stem, g);
    if (2 * g + 1 >= stemLocal.length) {
      const grown = new Int32Array(stemLocal.length * 2);
      grown.set(stemLocal);
      stemLocal = grown;
    }
  }
  return g;
}

/** The global stem of token `text[s, e)` with hash `h` (-1: none), worked out on first sight. */
function stemOfToken(text: string, s: number, e: number, h: number): number {
  const length = e - s;
  const inline = length < INLINE_CHARS ? length : INLINE_CHARS;
  // Spread the low bits: the hash of short tokens varies mostly in its last character.
  for (let slot = (h ^ (h >>> 15)) & TABLE_MASK; ; slot = (slot + 1) & TABLE_MASK) {
    const k = slot << SLOT_BITS;
    const len = table[k + LENGTH] as number;
    if (len === 0) return addToken(text, s, e, h, k);
    if (len !== length || table[k + HASH] !== h) continue;
    let j = 0;
    while (j < inline && (((table[k + CHARS + (j >> 1)] as number) >>> ((j & 1) << 4)) & 0xffff) === text.charCodeAt(s + j)) j++;
    if (j < inline) continue;
    const tail = (table[k + TAIL] as number) - INLINE_CHARS;
    while (j < length && pool[tail + j] === text.charCodeAt(s + j)) j++;
    if (j === length) return table[k + STEM] as number;
  }
}

function addToken(text: string, s: number, e: number, h: number, k: number): number {
  const length = e - s;
  const stem = contentStem(foldText(text.slice(s, e)));
  const g = stem === null ? -1 : globalStem(stem);
  const tail = Math.max(0, length - INLINE_CHARS);
  // The table is cleared only between articles; one huge text fills it no further than this, so
  // probes always end at an empty slot, and its other tokens are stemmed without being kept.
  if (cachedTokens >= MAX_FILLED_TOKENS || poolUsed + tail > 2 * MAX_POOL_CHARS) return g;
  if (poolUsed + tail > pool.length) {
    const grown = new Uint16Array(Math.max(pool.length * 2, poolUsed + tail));
    grown.set(pool.subarray(0, poolUsed));
    pool = grown;
  }
  for (let j = 0; j < tail; j++) pool[poolUsed + j] = text.charCodeAt(s + INLINE_CHARS + j);
  for (let j = 0; j < INLINE_CHARS && j < length; j++) table[k + CHARS + (j >> 1)] = (table[k + CHARS + (j >> 1)] as number) | (text.charCodeAt(s + j) << ((j & 1) << 4));
  table[k + HASH] = h;
  table[k + LENGTH] = length;
  table[k + STEM] = g;
  table[k + TAIL] = poolUsed;
  poolUsed += tail;
  cachedTokens++;
  return g;
}

/** Tokenises `text` once (see {@link ArticleWords}). */
export function articleWords(text: string): ArticleWords {
  if (cachedTokens > MAX_CACHED_TOKENS || poolUsed > MAX_POOL_CHARS) {
    table.fill(0);
    poolUsed = 0;
    cachedTokens = 0;
    stemNumbers.clear();
    stemNames.length = 0;
    stemLocal.fill(0);
  }
  if (++epoch === 0x7fffffff) {
    stemLocal.fill(0);
    epoch = 1;
  }
  const n = text.length;
  const stems: string[] = [];
  // At most one token per two characters, plus one.
  const cap = (n >> 1) + 1;
  const starts = new Int32Array(cap);
  const ends = new Int32Array(cap);
  const ids = new Int32Array(cap);
  let count = 0;
  let i = 0;
  // First the tokens and their hashes: a character that makes the text not simple (see
  // ArticleWords) ends it early. The ids are looked up in a second loop, whose iterations do not
  // wait on each other, so the processor overlaps their cache misses.
  while (i < n) {
    let code = text.charCodeAt(i);
    let k = classes[code] as number;
    if (k === UNKNOWN) k = classes[code] = classify(code);
    if (k !== LETTER) {
      if (k === COMPLEX) return notSimple(text);
      i++;
      continue;
    }
    const s = i;
    let h = 0;
    while (k === LETTER) {
      h = (Math.imul(h, 31) + code) | 0;
      if (++i >= n) break;
      code = text.charCodeAt(i);
      k = classes[code] as number;
      if (k === UNKNOWN) k = classes[code] = classify(code);
    }
    starts[count] = s;
    ends[count] = i;
    ids[count] = h;
    count++;
  }
  for (let t = 0; t < count; t++) {
    const g = stemOfToken(text, starts[t] as number, ends[t] as number, ids[t] as number);
    let id = -1;
    if (g >= 0) {
      if (stemLocal[2 * g] === epoch) id = stemLocal[2 * g + 1] as number;
      else {
        id = stems.length;
        stems.push(stemNames[g] as string);
        stemLocal[2 * g] = epoch;
        stemLocal[2 * g + 1] = id;
      }
    }
    ids[t] = id;
  }
  return { text, starts: starts.subarray(0, count), ends: ends.subarray(0, count), stemIds: ids.subarray(0, count), count, stems, simple: true, byStem: null };
}

/**
 * The content stems of `text` in order of first use, with how often each occurs and how many
 * there are in all: what counting `contentStems(text)` gives, read with the tokeniser above where
 * the text is simple (folding the whole text and looking every word up in a Map cost twice as
 * much, and story grouping and the content index stem whole articles).
 */
export function stemCounts(text: string): { stems: readonly string[]; counts: Int32Array; total: number } {
  const w = articleWords(text);
  if (!w.simple) {
    const index = new Map<string, number>();
    const stems: string[] = [];
    const counts: number[] = [];
    const all = contentStems(text);
    for (const stem of all) {
      const k = index.get(stem);
      if (k === undefined) {
        index.set(stem, stems.length);
        stems.push(stem);
        counts.push(1);
      } else counts[k] = (counts[k] ?? 0) + 1;
    }
    return { stems, counts: Int32Array.from(counts), total: all.length };
  }
  const counts = new Int32Array(w.stems.length);
  let total = 0;
  for (let t = 0; t < w.count; t++) {
    const id = w.stemIds[t] as number;
    if (id >= 0) {
      counts[id] = (counts[id] as number) + 1;
      total++;
    }
  }
  return { stems: w.stems, counts, total };
}

function notSimple(text: string): ArticleWords {
  const empty = new Int32Array(0);
  return { text, starts: empty, ends: empty, stemIds: empty, count: 0, stems: [], simple: false, byStem: null };
}

/** The tokens [from, to) of `text[start, end)`, or null when they cannot be read off the article's. */
function tokensWithin(w: ArticleWords, start: number, end: number): [number, number] | null {
  if (!w.simple) return null;
  const from = firstTokenEndingAfter(w, start);
  let to = from;
  while (to < w.count && (w.starts[to] as number) < end) to++;
  if (from < w.count && (w.starts[from] as number) < start) return null;
  if (to > from && (w.ends[to - 1] as number) > end) return null;
  return [from, to];
}

function firstTokenEndingAfter(w: ArticleWords, at: number): number {
  let lo = 0;
  let hi = w.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((w.ends[mid] as number) > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** `words(text.slice(start, end)).length`. */
export function wordCountIn(w: ArticleWords, start: number, end: number): number {
  const range = tokensWithin(w, start, end);
  return range ? range[1] - range[0] : words(w.text.slice(start, end)).length;
}

/** The stem ids of `contentStems(text.slice(start, end))`, in order. */
export function stemIdsIn(w: ArticleWords, start: number, end: number): number[] {
  const range = tokensWithin(w, start, end);
  if (!range) return stemIdsOf(w, w.text.slice(start, end));
  const out: number[] = [];
  for (let t = range[0]; t < range[1]; t++) {
    const id = w.stemIds[t] as number;
    if (id >= 0) out.push(id);
  }
  return out;
}

/** The stem ids of `contentStems(other)` for a text outside the article (the title), in the article's numbering. */
export function stemIdsOf(w: ArticleWords, other: string): number[] {
  let byStem = w.byStem;
  if (byStem === null) byStem = w.byStem = new Map(w.stems.map((stem, id) => [stem, id]));
  const out: number[] = [];
  for (const stem of contentStems(other)) {
    let id = byStem.get(stem);
    if (id === undefined) {
      id = w.stems.length;
      w.stems.push(stem);
      byStem.set(stem, id);
    }
    out.push(id);
  }
  return out;
}
