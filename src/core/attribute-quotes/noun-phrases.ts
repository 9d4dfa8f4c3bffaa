import type { Span } from '../span.ts';

const FILLER = /^(?:also|later|then|has|had|have|was|were|is|previously|once|reportedly|recently|repeatedly|again|would|will|could|did|does|just|further|then|publicly|privately|separately|simply|\p{L}+ly)$/iu;
// Case-sensitive on purpose: with the i flag, \p{Lu} would also match lower-case letters.
const DET = "(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur)";
const NP_BEFORE = new RegExp(
  "(?:((?:\\p{Lu}[\\p{L}\\p{M}’'.-]*\\s+)*\\p{Lu}[\\p{L}\\p{M}’'.-]*(?:\\s*\\([^)]{1,30}\\))?)" +
    "|\\b([Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)" +
    `|\\b((?:${DET}|\\p{Lu}[\\p{L}’'-]*[’']s)\\s+(?:[\\p{L}\\p{N}’'-]+\\s+){0,5}?[\\p{L}\\p{N}’'-]+))\\s*$`,
  "u",
);

/** Exactly the characters `\s` matches. */
function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Where in `s` a match of NP_BEFORE can first start, so the search (a pattern ending in `\s*$`,
 * otherwise tried from each of the ~120 characters) runs over the last few words only. Words are
 * runs of non-space. A match ends at the last word: "he" is that word, "the … official" at most
 * seven words, and a name runs back over words that all start with a capital (any non-ASCII
 * character counts as one here, to be safe), past the last 32 characters, where a
 * "(30 characters)" may stand. The bound is the start of a word, after a space, so `\b` and every
 * match from it on are the same in `s.slice(bound)` as in `s`.
 */
function npBeforeBound(s: string): number {
  let i = s.length;
  while (i > 0 && isRegexSpace(s.charCodeAt(i - 1))) i--;
  const free = i - 32;
  let words = 0;
  let wordBound = -1;
  let nameBound = -1;
  while (i > 0) {
    const end = i;
    while (i > 0 && !isRegexSpace(s.charCodeAt(i - 1))) i--;
    if (++words === 7) wordBound = i;
    if (nameBound < 0 && end <= free) {
      const c = s.charCodeAt(i);
      if (!((c >= 65 && c <= 90) || c >= 128)) nameBound = i;
    }
    if (wordBound >= 0 && nameBound >= 0) break;
    while (i > 0 && isRegexSpace(s.charCodeAt(i - 1))) i--;
  }
  return Math.min(Math.max(wordBound, 0), Math.max(nameBound, 0));
}

/** NP_BEFORE.exec(s), from where a match can start (npBeforeBound); the index is into `s`. */
function npBeforeExec(s: string): { index: number; 0: string } | null {
  const bound = npBeforeBound(s);
  const m = NP_BEFORE.exec(bound === 0 ? s : s.slice(bound));
  return m ? { index: m.index + bound, 0: m[0] } : null;
}

const CLAUSE_OPENER = /^(?:As|But|And|So|When|While|If|Then|Now|Still|Yet|Also|Meanwhile|However|Though|Although|Because|Since|After|Before|Later|Earlier|Today|Yesterday)\s+/;

/** The subject right before a cue verb, skipping adverbs and auxiliaries ("Kallas also believes"). */
export function nounPhraseBefore(text: string, from: number, to: number): Span | null {
  let end = to;
  // Skip "also", "has", "reportedly"… between subject and verb.
  // (The last word of the 30 characters before `end`, read backwards: what `/(\S+)\s*$/` finds.)
  for (;;) {
    const lo = Math.max(from, end - 30);
    let e = end;
    while (e > lo && isRegexSpace(text.charCodeAt(e - 1))) e--;
    if (e === lo) break;
    let s = e;
    while (s > lo && !isRegexSpace(text.charCodeAt(s - 1))) s--;
    if (!FILLER.test(text.slice(s, e))) break;
    end = s;
  }
  let start = Math.max(from, end - 120);
  const slice = text.slice(start, end);
  // An appositive between subject and verb: "Kallas, the EU's top diplomat, said".
  // (Only when a comma ends the slice, past spaces: the pattern needs one, and most cues have none.)
  let last = slice.length;
  while (last > 0 && isRegexSpace(slice.charCodeAt(last - 1))) last--;
  const appositive = slice.charCodeAt(last - 1) === 44 ? /^(.*\S)\s*,\s*[^,]{3,80},\s*$/su.exec(slice) : null;
  const candidates = appositive?.[1] ? [appositive[1], slice] : [slice];
  for (const candidate of candidates) {
    const m = npBeforeExec(candidate);
    if (!m) continue;
    let phrase = m[0].replace(/\s+$/, '');
    let at = start + m.index;
    // "As Michael Dell said": a capitalised clause opener is not part of the subject.
    const opener = CLAUSE_OPENER.exec(phrase);
    if (opener && opener[0].length < phrase.length) {
      at += opener[0].length;
      phrase = phrase.slice(opener[0].length);
    }
    const span = trimSpan(text, at, at + phrase.length);
    if (span && acceptable(span.text)) return span;
  }
  return null;
}

const NP_AFTER = new RegExp(
  `^(?:(?:${DET}\\s+)?(?:[\\p{L}\\p{N}’'./-]+\\s+){0,6}?\\p{Lu}[\\p{L}\\p{M}’'.-]*(?:\\s+(?:\\p{Lu}[\\p{L}\\p{M}’'.-]*|(?:de|van|von|der|den|al|bin|la|le|du|da|di)(?!\\p{L})))*` +
    "|(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)\\b" +
    `|${DET}\\s+(?:[\\p{L}\\p{N}’'-]+\\s+){0,4}?[\\p{L}\\p{N}’'-]+(?=\\s*(?:[,.;:!?]|$|\\s(?:who|in|at|on|of|to|for|from|with|by|during|after|before|when|while|and|that)\\b)))`,
  "u",
);

/** The noun phrase right after a cue ("said Republican Sen. John McCain", "according to the report"). */
export function nounPhraseAfter(text: string, from: number, to: number): Span | null {
  const slice = text.slice(from, Math.min(to, from + 120));
  const m = NP_AFTER.exec(slice);
  if (!m) return null;
  const span = trimSpan(text, from, from + m[0].length);
  return span && acceptable(span.text) ? span : null;
}

/**
 * The agent of a passive ("stated by the head of European diplomacy Kaja Kallas in an interview"):
 * the words up to the next comma or preposition, which may hold a long role before the name.
 */
export function agentAfter(text: string, from: number, to: number): Span | null {
  const slice = text.slice(from, Math.min(to, from + 120));
  const stop = /[,.;:!?()]|\s(?:in|on|at|during|after|before|who|when|while|with|to)\s/u.exec(slice);
  const span = trimSpan(text, from, from + (stop ? stop.index : slice.length));
  return span && acceptable(span.text) ? span : null;
}

export function trimSpan(text: string, start: number, end: number): Span | null {
  let s = start;
  let e = end;
  while (s < e && /[\s,;:—–-]/.test(text[s] ?? '')) s++;
  while (e > s && /[\s,;:.—–-]/.test(text[e - 1] ?? '')) e--;
  if (/\p{Lu}\.$/u.test(text.slice(s, e + 1)) && text[e] === '.') e++;
  return e > s ? { text: text.slice(s, e), start: s, end: e } : null;
}

/** Rejects noun phrases that are clearly not speakers ("the statement that", "It's"). */
function acceptable(phrase: string): boolean {
  const first = phrase.split(/\s+/)[0] ?? '';
  if (/^(?:and|but|or|that|which|who|when|what|as|if|so|in|on|at|to|for|with|of|by|from|there|this|these|those)$/i.test(phrase)) return false;
  if (/^(?:In|On|At|For|With|By|From|After|Before|During|When|While|As|If|But|And|So|To)$/.test(first)) return false;
  return /[\p{L}]/u.test(phrase);
}
