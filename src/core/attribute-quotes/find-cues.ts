export const CUE_WORDS =
  'said|says|say|saying|told|tells|tell|telling|added|adds|adding|wrote|writes|writing|noted|notes|noting|emphasi[sz]ed|emphasi[sz]es|' +
  'believes|believed|stated|states|explained|explains|asked|asks|asking|insisted|insists|argued|argues|claimed|claims|warned|warns|' +
  'declared|declares|continued|continues|replied|replies|responded|responds|tweeted|tweets|posted|posts|announced|announces|' +
  'acknowledged|acknowledges|admitted|admits|suggested|suggests|recalled|recalls|remarked|observed|commented|predicted|predicts|' +
  'promised|promises|vowed|vows|stressed|stresses|quipped|joked|shouted|yelled|called|calls|calling|described|describes|confirmed|' +
  'conceded|concluded|contended|countered|urged|urges|asserted|asserts|maintained|maintains|reported|reports|testified|demanded|' +
  'boasted|complained|complains|lamented|mused|pleaded|cautioned|thinks|thought|feels|felt|sings|sang|charged|charges|' +
  'accused|accuses|dubbed|labeled|labelled|branded|hailed|praised|blasted|slammed|criticized|criticised|mocked|insisting|arguing|' +
  'adding|noting|warning|explaining|reads|read|wrote|writes|opined|retorted|snapped|whispered|cried|exclaimed|echoed|pointed out|' +
  'likened|dismissed|lauded|touted|decried|denounced|defended|recounted|recalled|predicted|proclaimed|wondered|quoted|' +
  'points out|shot back|fired back|went on|chimed in|retaliated|repeated|answered|interjected|scoffed|laughed|sighed';
// Cues are found by reading the text word by word and looking each word up, rather than with one
// regex alternation of all the verbs: the alternation was the slowest step of a digest. The
// words and the two-word cues match exactly what `\b(?:said|…|pointed out)\b|\baccording to\b`
// matched, case-insensitively.
const CUE_LIST = [...CUE_WORDS.replace(/emphasi\[sz\](\w+)/g, 'emphasis$1|emphasiz$1').split('|'), 'according to'];
const CUE_SET = new Set(CUE_LIST.filter((c) => !c.includes(' ')));
// Two-word cues by their first word: "pointed" → ["out"].
const TWO_WORD_CUES = new Map<string, string[]>();
for (const [first = '', second = ''] of CUE_LIST.filter((c) => c.includes(' ')).map((c) => c.split(' '))) {
  TWO_WORD_CUES.set(first, [...(TWO_WORD_CUES.get(first) ?? []), second]);
}
const NO_SECOND_WORDS: readonly string[] = [];
// What a folded word may start, in one lookup: a one-word cue, and the second words of two-word ones.
const CUE_STARTS = new Map<string, { single: boolean; seconds: readonly string[] }>();
for (const w of CUE_SET) CUE_STARTS.set(w, { single: true, seconds: NO_SECOND_WORDS });
for (const [w, seconds] of TWO_WORD_CUES) CUE_STARTS.set(w, { single: CUE_SET.has(w), seconds });
// Lengths of the words that may start a cue, in UTF-16 units (\w is ASCII, so lower-casing keeps them).
const FIRST_WORD_LENGTHS = [...CUE_SET, ...TWO_WORD_CUES.keys()].map((w) => w.length);
const SHORTEST_CUE = Math.min(...FIRST_WORD_LENGTHS);
const LONGEST_CUE = Math.max(...FIRST_WORD_LENGTHS);
// The same words as a trie over lower-case letter codes: a word is walked letter by letter as it
// is read, so only a word that is a cue's first word is sliced and folded (slicing and lower-casing
// every word of cue length was most of this function's time). \w is ASCII, so folding A-Z is all
// toLowerCase does to such a word.
interface CueNode {
  /** By letter, a = 0 … z = 25. */
  next: Array<CueNode | undefined>;
  starts: { single: boolean; seconds: readonly string[] } | undefined;
}
const cueNode = (): CueNode => ({ next: new Array<CueNode | undefined>(26).fill(undefined), starts: undefined });
const CUE_TRIE: CueNode = cueNode();
for (const [w, starts] of CUE_STARTS) {
  let node = CUE_TRIE;
  for (let k = 0; k < w.length; k++) {
    const letter = w.charCodeAt(k) - 97;
    let child = node.next[letter];
    if (child === undefined) node.next[letter] = child = cueNode();
    node = child;
  }
  node.starts = starts;
}
const LETTER = /\p{L}/u;
const CAPITALISED_BEFORE = /(?:^|\s)\p{Lu}[\p{L}.’'-]*\s$/u;

/** A verb of speech in `text`: where it starts and the words as written. */
export interface Cue {
  index: number;
  0: string;
}

/** Every cue in `text`, in order (with `first`, only the first). */
export function findCues(text: string, first = false): readonly Cue[] {
  const cues: Cue[] = [];
  const n = text.length;
  // The runs of `\w` (ASCII letters, digits, underscore), read without a regex: a match object
  // per word was most of this function's time.
  for (let i = 0; i < n; ) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const index = i;
    // Walk the trie while reading the word; a word that leaves it is no cue's first word.
    let node: CueNode | undefined = CUE_TRIE;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (!isWordChar(code)) break;
      // Letters only: a digit or underscore leaves the trie (no cue holds one).
      if (node !== undefined) node = code >= 97 && code <= 122 ? node.next[code - 97] : code >= 65 && code <= 90 ? node.next[code - 65] : undefined;
      i++;
    }
    // Most words are shorter or longer than any cue's first word: no need to fold them.
    if (i - index < SHORTEST_CUE || i - index > LONGEST_CUE) continue;
    const starts = node?.starts;
    if (starts === undefined) continue;
    const raw = text.slice(index, i);
    let cue: string | null = null;
    for (const second of starts.seconds) {
      const end = i;
      const next = text.slice(end, end + second.length + 2);
      if (next.length >= second.length + 1 && next[0] === ' ' && next.slice(1, second.length + 1).toLowerCase() === second && !/\w/.test(next[second.length + 1] ?? '')) {
        cue = text.slice(index, end + 1 + second.length);
        break;
      }
    }
    if (cue === null && starts.single) cue = raw;
    if (cue === null) continue;
    // "so-called", "self-described": a cue joined to the word before by a hyphen is an adjective.
    if (text[index - 1] === '-' && LETTER.test(text[index - 2] ?? '')) continue;
    // "the United States", "Fox News Reports": a capitalised cue after a capitalised word is part of a name.
    // (A cue starts with an ASCII letter: capitalised is A-Z.)
    const initial = cue.charCodeAt(0);
    if (initial >= 65 && initial <= 90 && CAPITALISED_BEFORE.test(text.slice(Math.max(0, index - 30), index))) continue;
    cues.push({ index, 0: cue });
    if (first) break;
  }
  return cues;
}

/** `\w` without the u flag: [A-Za-z0-9_]. */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** "a flurry of late-night tweets", "her claims": a cue word used as a noun introduces nobody. */
export function isNounUse(text: string, at: number): boolean {
  const prev = /(\S+)\s+$/.exec(text.slice(Math.max(0, at - 30), at))?.[1] ?? '';
  return /^(?:the|a|an|his|her|their|its|our|my|your|of|these|those|this|that|whose|late-night|many|several|such|recent|earlier|previous)$/i.test(prev) || /[’']s$/.test(prev);
}
