import type { Block } from './parse-article.ts';
import { isSpace } from './span.ts';

/** A quotation found in the text: `start`/`end` enclose the words, `outerStart`/`outerEnd` the marks. */
export interface QuoteSpan {
  start: number;
  end: number;
  outerStart: number;
  outerEnd: number;
  /** True when the quote runs over more than one paragraph. */
  multiParagraph: boolean;
}

type Family = 'double' | 'low' | 'guillemet' | 'straight';

const TRANSCRIPT_TURN = /^\p{Lu}[\p{Lu} .'’-]+:/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const OPENING_CONTEXT = /[\s([{\u2014\u2013\-\/:;,]/;

/**
 * Finds every direct quotation: “curly”, "straight", «guillemets», „low-high“ and ‘single’ quotes.
 * A paragraph that opens a quote without closing it continues into the next paragraph when that one
 * opens with a quote mark again (the newspaper convention). Apostrophes (it’s, players’) and inch
 * marks (5'11") are not quotes. Single quotes inside double quotes are part of the outer quote.
 * One pass per paragraph, no backtracking regexes: linear in the length of the text.
 */
export function findQuoteSpans(text: string, blocks: readonly Block[]): QuoteSpan[] {
  const quotes: QuoteSpan[] = [];
  let carry: { outerStart: number; family: Family } | null = null;
  // Only these characters open or close a quote: the paragraphs are read from one to the next,
  // found by a regex search over the text once, rather than character by character (a loop over
  // every character was most of this function's time).
  const end = blocks.reduce((n, block) => Math.max(n, block.end), 0);
  const doubles = positionsOf(DOUBLE_MARK, text, end);
  const singles = positionsOf(SINGLE_OPENER, text, end);
  let d = 0;
  let s = 0;

  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (!block || block.kind === 'meta') continue;
    const covered: Array<[number, number]> = [];
    let open: { at: number; family: Family } | null = null;
    let i = block.start;

    if (carry) {
      // The previous paragraph's quote goes on: skip this paragraph's re-opening mark.
      if (i < block.end && familyOfOpener(text.charCodeAt(i)) !== null) i++;
      open = { at: carry.outerStart, family: carry.family };
      carry = null;
    }

    while (d < doubles.length && (doubles[d] as number) < i) d++;
    for (; d < doubles.length && (doubles[d] as number) < block.end; d++) {
      const at = doubles[d] as number;
      const ch = text.charCodeAt(at);
      if (open) {
        if (closes(open.family, ch, text, at)) {
          pushQuote(quotes, text, open.at, at + 1);
          covered.push([Math.max(open.at, block.start), at + 1]);
          open = null;
        }
        continue;
      }
      const family = familyOfOpener(ch);
      if (family === null) continue;
      if (family === 'straight' && !opensStraight(text, at, block.start)) continue;
      if (family === 'double' && ch === RIGHT_DOUBLE && !opensStraight(text, at, block.start)) continue;
      open = { at, family };
    }

    if (open) {
      const next = blocks[b + 1];
      // A transcript ("\"WALLACE: …", "\"PENCE: …") opens every turn with a mark: a new speaker, a new quote.
      const nextOpens =
        next !== undefined && next.kind !== 'meta' && next.start < text.length && familyOfOpener(text.charCodeAt(next.start)) !== null && !TRANSCRIPT_TURN.test(text.slice(next.start + 1, next.start + 40));
      if (nextOpens) {
        carry = { outerStart: open.at, family: open.family };
      } else {
        // An unclosed quote ends with its paragraph (a missing mark is a typo, not a longer quote).
        pushQuote(quotes, text, open.at, block.end);
        covered.push([Math.max(open.at, block.start), block.end]);
      }
    }
    s = findSingleQuotes(text, block.start, block.end, covered, quotes, singles, s);
  }
  return quotes.sort((a, b) => a.outerStart - b.outerStart);
}

// Every mark that opens or closes a double quote (see familyOfOpener and closes), and the two that open a single one.
const DOUBLE_MARK = /["“”„«»]/g;
const SINGLE_OPENER = /['‘]/g;

/** Where `re` (global) matches in `text` before `end`, in order. */
function positionsOf(re: RegExp, text: string, end: number): number[] {
  const found: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && m.index < end; m = re.exec(text)) found.push(m.index);
  return found;
}

const STRAIGHT_DOUBLE = 0x22; // "
const LEFT_DOUBLE = 0x201c; // “
const RIGHT_DOUBLE = 0x201d; // ”
const LOW_DOUBLE = 0x201e; // „
const LEFT_GUILLEMET = 0xab; // «
const RIGHT_GUILLEMET = 0xbb; // »

function familyOfOpener(ch: number): Family | null {
  switch (ch) {
    case LEFT_DOUBLE:
    case RIGHT_DOUBLE: // some publishers open with ” too; checked by context
      return 'double';
    case LOW_DOUBLE:
      return 'low';
    case LEFT_GUILLEMET:
      return 'guillemet';
    case STRAIGHT_DOUBLE:
      return 'straight';
    default:
      return null;
  }
}

function closes(family: Family, ch: number, text: string, i: number): boolean {
  switch (family) {
    case 'double':
      return ch === RIGHT_DOUBLE || ch === STRAIGHT_DOUBLE || (ch === LEFT_DOUBLE && !isSpace(text.charCodeAt(i - 1)) && !LETTER_OR_DIGIT.test(text[i + 1] ?? ''));
    case 'low':
      return ch === LEFT_DOUBLE || ch === RIGHT_DOUBLE;
    case 'guillemet':
      return ch === RIGHT_GUILLEMET;
    case 'straight':
      return ch === STRAIGHT_DOUBLE || ch === RIGHT_DOUBLE;
  }
}

/** A straight " opens a quote after a space or bracket and before a non-space; after a digit it is an inch mark. */
function opensStraight(text: string, i: number, blockStart: number): boolean {
  const prev = i > blockStart ? (text[i - 1] ?? '') : ' ';
  const next = text[i + 1] ?? '';
  if (next === '' || isSpace(next.charCodeAt(0))) return false;
  return i === blockStart || OPENING_CONTEXT.test(prev);
}

function pushQuote(quotes: QuoteSpan[], text: string, outerStart: number, outerEnd: number): void {
  let start = outerStart + 1;
  let end = /["'”“»’]/.test(text[outerEnd - 1] ?? '') ? outerEnd - 1 : outerEnd;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  // A comma before the closing mark belongs to the sentence around the quote, not to what was said.
  while (end > start && (isSpace(text.charCodeAt(end - 1)) || text[end - 1] === ',')) end--;
  if (end <= start || !LETTER_OR_DIGIT.test(text.slice(start, end))) return;
  const multiParagraph = text.slice(start, end).includes('\n');
  quotes.push({ start, end, outerStart, outerEnd, multiParagraph });
}

/**
 * Single quotes (‘…’ and '…') outside the double quotes of one paragraph. The closing mark is the
 * first ’ or ' that is not an apostrophe inside a word; one after punctuation ("towards,’ said")
 * wins over a bare one, because a bare one may be a plural possessive ("the players’ union").
 */
function findSingleQuotes(text: string, from: number, to: number, covered: Array<[number, number]>, quotes: QuoteSpan[], openers: readonly number[], first: number): number {
  // The closing marks, by kind, in order: each opening mark finds its partner by moving a
  // pointer forward, so the whole scan stays linear. Listed when the first opening mark is found:
  // most paragraphs have none, and their apostrophes need no reading.
  let marks: { punct: number[]; bare: number[] } | null = null;
  let p = 0;
  let b = 0;
  let c = 0; // the first double-quoted interval that does not end before `at`
  let k = first;
  while (k < openers.length && (openers[k] as number) < from) k++;
  // `openers` are the article's ‘ and ' (nothing else opens a single quote); those before `resume`
  // are inside a quote already read.
  let resume = from;
  for (; k < openers.length && (openers[k] as number) < to; k++) {
    const at = openers[k] as number;
    if (at < resume) continue;
    while (c < covered.length && (covered[c]?.[1] ?? 0) <= at) c++;
    const nextCovered = covered[c];
    if (nextCovered && nextCovered[0] <= at) {
      resume = nextCovered[1];
      continue;
    }
    const ch = text[at];
    const prev = at > from ? (text[at - 1] ?? '') : ' ';
    const next = text[at + 1] ?? '';
    if (!(at === from || OPENING_CONTEXT.test(prev))) continue;
    if (!/\p{L}/u.test(next) && !(ch === '‘' && /["“]/.test(next))) continue;
    const limit = Math.min(nextCovered ? nextCovered[0] : to, at + MAX_SINGLE_QUOTE);
    marks ??= closingMarks(text, from, to);
    const { punct, bare } = marks;
    while (p < punct.length && (punct[p] ?? 0) <= at) p++;
    while (b < bare.length && (bare[b] ?? 0) <= at) b++;
    const nextPunct = punct[p] ?? -1;
    const nextBare = bare[b] ?? -1;
    const close = nextPunct >= 0 && nextPunct < limit ? nextPunct : nextBare >= 0 && nextBare < limit ? nextBare : -1;
    if (close < 0) continue;
    pushQuote(quotes, text, at, close + 1);
    resume = close + 1;
  }
  return k;
}

/** The ’ and ' of `text[from, to)` that can close a single quote, in order: after punctuation, and bare. */
function closingMarks(text: string, from: number, to: number): { punct: number[]; bare: number[] } {
  const punct: number[] = [];
  const bare: number[] = [];
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c !== APOSTROPHE && c !== RIGHT_SINGLE) continue;
    const kind = closerKind(text, j, to);
    if (kind === 'punct') punct.push(j);
    else if (kind === 'bare') bare.push(j);
  }
  return { punct, bare };
}

/** Whether a ’ or ' at `j` can close a single quote: after punctuation, bare, or not at all (it’s). */
function closerKind(text: string, j: number, to: number): 'punct' | 'bare' | null {
  const q = text[j];
  if (q !== '’' && q !== "'") return null;
  const before = text[j - 1] ?? '';
  const after = text[j + 1] ?? '';
  if (LETTER_OR_DIGIT.test(before) && LETTER_OR_DIGIT.test(after)) return null; // it’s, don't
  if (before === '' || isSpace(before.charCodeAt(0))) return null;
  if (/[.,!?;:…—–-]/.test(before) || j + 1 >= to || /[.,!?;:)\]—–]/.test(after)) return 'punct';
  return 'bare';
}

const MAX_SINGLE_QUOTE = 3000;
const APOSTROPHE = 0x27; // '
const LEFT_SINGLE = 0x2018; // ‘
const RIGHT_SINGLE = 0x2019; // ’
