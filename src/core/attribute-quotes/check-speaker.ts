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

const WORD_AS_WRITTEN = /[\p{L}\p{N}]+/gu;

/**
 * The name test for one article: whether a speaker looks like a person's name there. Each speaker
 * is judged once per article (candidates repeat names), and the article's words are gathered only
 * when a judgement needs them.
 */
export function createNameGuard(text: string): (speaker: string) => boolean {
  let wordSet: Set<string> | null = null;
  const lowerWords = (): Set<string> => (wordSet ??= new Set(text.match(WORD_AS_WRITTEN) ?? []));
  const judged = new Map<string, boolean>();
  return (speaker) => {
    let verdict = judged.get(speaker);
    if (verdict === undefined) judged.set(speaker, (verdict = looksLikeName(speaker, text, lowerWords)));
    return verdict;
  };
}

function looksLikeName(speaker: string, text: string, lowerWords: () => Set<string>): boolean {
  const tokens = speaker.split(/\s+/);
  if (!tokens.every((t, i) => /^\p{Lu}/u.test(t) || (i > 0 && PARTICLES.has(t.toLowerCase())))) return false;
  // "Get Out", "Central Park": when every word is also an ordinary lower-case word of the article,
  // the capitals are a title's or a place's, not a person's.
  if (tokens.length > 1) return !tokens.every((t) => PARTICLES.has(t.toLowerCase()) || lowerWords().has(t.toLowerCase()));
  const word = tokens[0] ?? '';
  if (NOT_A_NAME.test(word) || PRONOUN.test(word)) return false;
  const lower = word.toLowerCase();
  if (/^[\p{L}\p{N}]+$/u.test(lower)) return !lowerWords().has(lower);
  return !new RegExp(`(?<![\\p{L}\\p{N}])${word.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text);
}
