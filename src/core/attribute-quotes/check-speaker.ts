import { PRONOUN, type Attribution } from './attribution.ts';

// Name particles that stay lower-case inside a name: "Charles de Gaulle", "Ludwig van Beethoven".
const PARTICLES = new Set(['de', 'van', 'von', 'bin', 'ibn', 'al', 'el', 'la', 'le', 'da', 'di', 'du', 'del', 'della', 'der', 'den', 'ter', 'ten', 'y', 'e', 'st.']);
// Words that open a sentence with a capital and then pass for a one-word name: "Speaking to
// reporters, …", "Reluctantly, …", "About four in 10 …".
const NOT_A_NAME = /^(?:\p{Lu}\p{Ll}+(?:ing|ally|ily|tly|ously|ively|fully)|About|Nothing|Multiple|Several|Another|Later|Moments|Only|Some|Many|Most|Few|Both|Each|Every|All|Others?)$/u;

/**
 * The last guard before a name reaches a public channel: a speaker must look like a person's
 * name — every word capitalised (name particles aside), and a lone word neither a sentence
 * opener nor a word the article also uses in lower case ("Hours", "Ask"). Otherwise the speaker
 * is left unknown rather than guessed, and a mention that is only such a word is dropped too.
 */
export function checkSpeaker(attribution: Attribution, looksLikeName: (speaker: string) => boolean): Attribution {
  const { speaker, mention } = attribution;
  if (speaker === null || looksLikeName(speaker)) return attribution;
  const junkMention = mention !== null && NOT_A_NAME.test(mention.text);
  return { speaker: null, mention: junkMention ? null : mention, cue: attribution.cue };
}

// One capital letter, with or without its full stop: "U.", "P".
const INITIAL = /^\p{Lu}\.?$/u;
const WORD_AS_WRITTEN = /[\p{L}\p{N}]+/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const ALL_LETTERS_OR_DIGITS = /^[\p{L}\p{N}]+$/u;

/**
 * The name test for one article: whether a speaker looks like a person's name there. Each speaker
 * is judged once per article (candidates repeat names), and a word is looked up in the text only
 * when a judgement needs it.
 */
export function createNameGuard(text: string, options: { strict?: boolean } = {}): (speaker: string) => boolean {
  const strict = options.strict === true;
  const seen = new Map<string, boolean>();
  // A page with hundreds of would-be speakers would scan the text for each: past a few dozen
  // words, the article's words are gathered into a set once (the same answers).
  let wordSet: Set<string> | null = null;
  // Only words of letters and digits alone can be runs of them.
  const writtenAsWord = (word: string): boolean => {
    if (!ALL_LETTERS_OR_DIGITS.test(word)) return false;
    let found = seen.get(word);
    if (found === undefined) {
      if (wordSet === null && seen.size >= 32) wordSet = new Set(text.match(WORD_AS_WRITTEN) ?? []);
      seen.set(word, (found = wordSet ? wordSet.has(word) : occursAsWord(text, word)));
    }
    return found;
  };
  const judged = new Map<string, boolean>();
  return (speaker) => {
    let verdict = judged.get(speaker);
    if (verdict === undefined) judged.set(speaker, (verdict = looksLikeName(speaker, text, writtenAsWord, strict)));
    return verdict;
  };
}

/**
 * True when `word` occurs in `text` as written with no letter or digit right before or after it.
 * For a word of letters and digits alone, that is what collecting every such run of the article
 * into a set and asking for `word` tells, without reading the whole article into a set for the few
 * words a guard asks about.
 */
function occursAsWord(text: string, word: string): boolean {
  if (word.length === 0) return false;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isLetterOrDigitBefore(text, at) && !isLetterOrDigitAt(text, at + word.length)) return true;
  }
  return false;
}

function isLetterOrDigitAt(text: string, at: number): boolean {
  if (at >= text.length) return false;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(text.codePointAt(at) ?? 0));
}

function isLetterOrDigitBefore(text: string, at: number): boolean {
  if (at <= 0) return false;
  const low = text.charCodeAt(at - 1);
  // A letter outside the Basic Multilingual Plane is two UTF-16 units: read it whole.
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 && (text.charCodeAt(at - 2) & 0xfc00) === 0xd800 ? at - 2 : at - 1;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(text.codePointAt(start) ?? 0));
}

function looksLikeName(speaker: string, text: string, writtenAsWord: (word: string) => boolean, strict: boolean): boolean {
  const tokens = speaker.split(/\s+/);
  if (!tokens.every((t, i) => /^\p{Lu}/u.test(t) || (i > 0 && PARTICLES.has(t.toLowerCase())))) return false;
  // "U." (of "U.S. Attorney Nealy Cox" cut at its full stop), "James P.": a name never ends in an
  // initial; the rest of it was lost on the way.
  if (INITIAL.test(tokens[tokens.length - 1] ?? '')) return false;
  // Outside English nothing tells a name from a capitalised sentence opener but the article's own
  // use of the words: a label ("Selon Macron :", "Une de ses conseillères :") is a name only when
  // none of its words is also written in lower case.
  // A particle inside a name ("Marine Le Pen") is written in lower case elsewhere ("le protocole")
  // and stays allowed; as the first word ("Le") it is the sentence opener this check is for.
  if (strict && tokens.some((t, i) => !(i > 0 && PARTICLES.has(t.toLowerCase())) && writtenAsWord(t.toLowerCase()))) return false;
  // "Get Out", "Central Park": when every word is also an ordinary lower-case word of the article,
  // the capitals are a title's or a place's, not a person's.
  if (tokens.length > 1) return !tokens.every((t) => PARTICLES.has(t.toLowerCase()) || writtenAsWord(t.toLowerCase()));
  const word = tokens[0] ?? '';
  if (NOT_A_NAME.test(word) || PRONOUN.test(word)) return false;
  // "O'Brien", "St.": not a run of letters, so looked for in the text as written.
  const lower = word.toLowerCase();
  return !(ALL_LETTERS_OR_DIGITS.test(lower) ? writtenAsWord(lower) : occursAsWord(text, lower));
}
