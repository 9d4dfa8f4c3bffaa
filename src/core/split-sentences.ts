import { sliceSpan, type Span } from './span.ts';
import { isRegexSpace } from './normalize-text.ts';

// Words that end in a full stop without ending the sentence.
const ABBREVIATIONS = new Set(
  ('mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm maj st jr sr inc corp co ltd bros vs v etc al approx ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun no nos vol pp fig ' +
    'ave blvd rd mt ft pres supt det insp gov rev hon messrs mme mlle sens reps est dept univ').split(' '),
);
// After a dotted abbreviation ("U.S.", "a.m."), only these words start a new sentence.
const SENTENCE_STARTERS = new Set(
  'The He She It They We I But And In This That A An On At As For So Yet If When While After Before His Her Their Its There'.split(' '),
);
// Latin-style stops end a sentence before a space; the stops of Chinese and Japanese (。！？, also
// full-width ．), Arabic and Urdu (؟ ۔) and Devanagari (। ॥) end one wherever they stand, because
// those scripts put no space, or no capital, after them.
const BOUNDARY = /[.!?…]+["'”’»)\]]*(?=\s)|[。！？．؟۔।॥]+["'”’»)\]」』）〕]*/g;
const SCRIPT_STOP = /[。！？．؟۔।॥]/;

/**
 * Splits `text[start, end)` into sentences, as spans of `text`. Handles abbreviations, initials,
 * closing quotes after the full stop and lower-case continuations (`"Why?" he asked.`).
 * One linear regex pass, so any input is split in time proportional to its length.
 */
export function splitSentences(text: string, start = 0, end = text.length): Span[] {
  const region = text.slice(start, end);
  const sentences: Span[] = [];
  let from = 0;
  for (const match of region.matchAll(BOUNDARY)) {
    const stop = match.index + match[0].length;
    if (!isBoundary(region, match.index, stop)) continue;
    const span = sliceSpan(text, start + from, start + stop);
    if (span.text.length > 0) sentences.push(span);
    from = stop;
  }
  const last = sliceSpan(text, start + from, end);
  if (last.text.length > 0) sentences.push(last);
  return sentences;
}

function isBoundary(region: string, punctAt: number, stop: number): boolean {
  // 「反対だ。」と述べた: a closing bracket followed by kana goes on ("…," she said), one sentence.
  if (SCRIPT_STOP.test(region[punctAt] ?? '')) return !(/[」』）"”]$/.test(region.slice(punctAt, stop)) && /^\p{sc=Hiragana}/u.test(region.slice(stop, stop + 1)));
  let next = stop;
  while (next < region.length && isRegexSpace(region.charCodeAt(next))) next++;
  if (!opensSentence(region, next)) return false;
  if (region[punctAt] !== '.') return true;
  if (region[punctAt + 1] === '.' || region[punctAt - 1] === '.') return true; // an ellipsis "..."
  const before = wordBefore(region, punctAt);
  if (before.length === 0) return true;
  const word = before.toLowerCase();
  if (ABBREVIATIONS.has(word)) return false;
  if (/^\p{Lu}$/u.test(before)) return false; // an initial: "J. Smith"
  if (before.includes('.')) {
    // "U.S." or "a.m." may end a sentence; only a typical sentence opener after it says so.
    const nextWord = /^[\p{L}]+/u.exec(region.slice(next))?.[0] ?? '';
    return SENTENCE_STARTERS.has(nextWord);
  }
  return true;
}

const OPENER = /[\p{Lu}\p{N}"'“‘«(\[„¿¡—–-]/u;

/** `OPENER` at `region[at]` (a capital, digit, quotation mark, bracket or dash): ASCII by its code, without the regex. */
function opensSentence(region: string, at: number): boolean {
  const c = region.charCodeAt(at);
  if (c < 0x80) return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 34 || c === 39 || c === 40 || c === 91 || c === 45;
  return OPENER.test(region[at] ?? '');
}

const LETTERS_AND_DOTS = /([\p{L}.]+)$/u;

/**
 * `/([\p{L}.]+)$/u` on the 24 characters before `at`: the letters and dots the full stop ends. Read
 * backwards while they are ASCII (the regex tried every position of the window); anything else
 * goes to the regex.
 */
function wordBefore(region: string, at: number): string {
  const from = Math.max(0, at - 24);
  let i = at;
  while (i > from) {
    const c = region.charCodeAt(i - 1);
    if (c > 0x7f) return LETTERS_AND_DOTS.exec(region.slice(from, at))?.[1] ?? '';
    if (c !== 46 && !((c | 32) >= 97 && (c | 32) <= 122)) break;
    i--;
  }
  return region.slice(i, at);
}
