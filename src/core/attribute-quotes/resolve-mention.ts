import { canonicalName, isPersonLike, toMention, type NameMention } from '../find-names.ts';
import { foldText } from '../normalize-text.ts';
import type { Block } from '../parse-article.ts';
import type { Span } from '../span.ts';
import type { MentionKind, Via } from '../speaker-model.ts';
import { splitSentences } from '../split-sentences.ts';
import { PRONOUN, type Attribution, type Found } from './attribution.ts';
import { contextBefore } from './context-around.ts';
import type { SpeakerEvent } from './find-speaker-events.ts';
import type { Genders } from './learn-genders.ts';
import { blockAt, blockIndexAt, firstAtOrAfter } from './positions.ts';

/** Role nouns that refer back to someone the article has already named ("the European official"). */
const ANAPHORIC_ROLE =
  /\b(?:official|diplomat|minister|president|senator|governor|nominee|candidate|leader|spokes(?:man|woman|person)|chief|head|secretary|businessman|businesswoman|politician|lawmaker|congress(?:man|woman)|mayor|chancellor|premier|ambassador|envoy|commissioner|chairman|chairwoman|manager|coach|boss|star|actress|actor|singer|republican|democrat|billionaire|mogul|\d+-year-old|former \w+)$/i;
const ANTECEDENT_NAMES = 40;

/** The last name mention inside a span, if it is a person. */
export function nameIn(span: Span, names: readonly NameMention[]): NameMention | null {
  // Names are in text order: the ones starting inside the span are found by two binary searches,
  // and read from the last, so only the names after the answer are asked whether they are a person.
  const first = firstAtOrAfter(names, span.start, (n) => n.start);
  for (let i = firstAtOrAfter(names, span.end, (n) => n.start) - 1; i >= first; i--) {
    const n = names[i];
    if (n && n.end <= span.end && isPersonLike(n, names)) return n;
  }
  return null;
}

/** True when some name lies wholly between two offsets (a cheap test before looking for a person there). */
export function anyNameWithin(names: readonly NameMention[], from: number, to: number): boolean {
  for (let i = firstAtOrAfter(names, from, (n) => n.start); i < names.length; i++) {
    const n = names[i];
    if (!n || n.start >= to) break;
    if (n.end <= to) return true;
  }
  return false;
}

export interface ResolveContext {
  text: string;
  names: readonly NameMention[];
  events: readonly SpeakerEvent[];
  genders: Genders;
  blocks: readonly Block[];
  /**
   * The sentence subjects already found, by where the search ended and the gender sought: several
   * readings of one quote ask for the same pronoun's. Made for one article (optional).
   */
  subjects?: Map<string, { speaker: string; via: Via; at: number } | null>;
  /** Where the last count of quotation depth in a paragraph stopped, to go on from (optional). */
  depth?: { paragraph: number; at: number; depth: number };
}

/** A candidate's mention turned into a speaker, with how it got there (the model's features). */
export interface Resolved {
  attribution: Attribution;
  kind: MentionKind;
  via: Via;
  /** Where the antecedent of a pronoun or role was found. */
  antecedentAt: number | null;
  person: boolean;
  guardFailed: boolean;
}

const ROLE_PHRASE = /^(?:the|this|that)\s/;
const LOCATIVE_BEFORE = /^(?:the|a|an)\s.*\s(?:in|at|near|outside)\s+(?:the\s+)?$/i;

/**
 * True when a mention is a role that refers to someone ("the European official", "the EU
 * diplomat"): a determiner, at most three words, and a role noun. Only such a mention may stand in
 * for a withheld name; a pronoun or a phrase the reader cannot place never does.
 */
export function isRoleMention(mention: string): boolean {
  return /^(?:the|a|an)\s+(?:[\p{L}\p{N}.’'-]+\s+){0,3}[\p{L}\d-]+$/iu.test(mention) && ANAPHORIC_ROLE.test(mention) && !/\d+-year-old$/.test(mention);
}

/** What kind of reference a mention is, as written. */
function kindOf(mentionText: string): MentionKind {
  const word = foldText(mentionText);
  if (/^(?:who|which)$/.test(word)) return 'relative';
  if (PRONOUN.test(word) || /^(?:him|her|his|their)$/.test(word)) return 'pronoun';
  if (ROLE_PHRASE.test(word) && ANAPHORIC_ROLE.test(word)) return 'role';
  return 'phrase';
}

export function resolve(found: Found, ctx: ResolveContext, at: number): Resolved {
  const { names } = ctx;
  const { mention, cue } = found;
  const none = (kind: MentionKind): Resolved => ({ attribution: { speaker: null, mention, cue }, kind, via: 'none', antecedentAt: null, person: false, guardFailed: false });
  const kind = kindOf(mention.text);
  if (kind === 'relative') {
    // The name the relative clause hangs on: the last one before "who", in the same sentence.
    const sentence = contextBefore(ctx.text, blockAt(ctx.blocks, mention.start)?.start ?? 0, mention.start);
    const named = nameIn(sentence, names);
    if (!named || named.end < mention.start - 40) return none(kind);
    return { attribution: { speaker: canonicalName(named, names), mention, cue }, kind, via: 'name', antecedentAt: named.start, person: isPersonLike(named, names), guardFailed: false };
  }
  const inMention = nameIn(mention, names);
  // "The US Embassy in New Delhi maintains …": a name after "in" or "at" inside the phrase says
  // where its head is, not who it is.
  const located = inMention !== null && LOCATIVE_BEFORE.test(ctx.text.slice(mention.start, inMention.start));
  const named = located ? null : inMention ?? (() => {
    const m = toMention(mention.text, mention.start, false);
    return m && /^\p{Lu}/u.test(mention.text) && !/^(?:The|A|An|His|Her|Their|Its)\s/.test(mention.text) ? m : null;
  })();
  if (named) {
    const person = isPersonLike(named, names);
    const canonical = person || named.tokens.length === 1 ? canonicalName(named, names) : named.tokens.join(' ');
    return { attribution: { speaker: canonical, mention, cue }, kind: 'name', via: 'name', antecedentAt: null, person, guardFailed: false };
  }
  const word = foldText(mention.text);
  let female: boolean | null = null;
  if (/^(?:he|him|his)$/.test(word)) female = false;
  else if (/^(?:she|her)$/.test(word)) female = true;
  else if (kind === 'role') {
    if (/(?:woman|actress|chairwoman|spokeswoman|businesswoman|congresswoman)$/.test(word)) female = true;
    else if (/(?:man|actor)$/.test(word)) female = false;
  }
  if (!(kind === 'role' || /^(?:he|him|his|she|her)$/.test(word))) return none(kind);
  const role = kind === 'role' ? (/(\p{L}+)$/u.exec(word)?.[1] ?? null) : null;
  const found2 = (role ? titledAntecedent(at, role, ctx) : female !== null ? sentenceSubject(Math.min(at, mention.start), female, ctx) : null) ?? antecedent(at, female, ctx);
  if (!found2) return none(kind);
  return { attribution: { speaker: found2.speaker, mention, cue }, kind, via: found2.via, antecedentAt: found2.at, person: true, guardFailed: false };
}

/**
 * "the mayor" → the person the article titled Mayor ("Mayor Helen Okafor"), the most recent one
 * within the last paragraphs: a role agrees with a title before it beats mere recency.
 */
function titledAntecedent(at: number, role: string, ctx: ResolveContext): { speaker: string; via: Via; at: number } | null {
  const title = new RegExp(`\\b${role}\\b`);
  // The title is inside the mention ("Mayor Helen Okafor") or just before it ("the mayor, Helen Okafor").
  const n = lastPersonBefore(at, 6, (n) => title.test(foldText(ctx.text.slice(Math.max(0, n.start - 25), n.end))), ctx);
  return n ? { speaker: canonicalName(n, ctx.names), via: 'title', at: n.start } : null;
}

/**
 * The last person named in the body before `at`, within the last few paragraphs, that `accept`
 * takes. Only the last names are looked at: an antecedent is a few sentences back, and looking
 * further only makes a page of capitalised words quadratic.
 */
function lastPersonBefore(at: number, paragraphsBack: number, accept: (n: NameMention) => boolean, ctx: ResolveContext): NameMention | null {
  const { names, blocks } = ctx;
  const windowStart = blocks[Math.max(0, blockIndexAt(blocks, at) - paragraphsBack)]?.start ?? 0;
  const last = firstAtOrAfter(names, at, (n) => n.start) - 1;
  for (let i = last; i >= Math.max(0, last - ANTECEDENT_NAMES); i--) {
    const n = names[i];
    if (!n || n.peripheral) continue;
    if (n.start < windowStart) break;
    if (accept(n) && isPersonLike(n, names)) return n;
  }
  return null;
}

// At most this many words (outside quotation marks) before a name that is a sentence's subject:
// "By the time Buckley learned …", "Wild defenseman Ryan Suter, who …".
const SUBJECT_WORDS = 3;
const CLOSED_SENTENCE = /[.!?]["'”’)\]]*\s*$/u;

/**
 * "Buckley, who had not sung in years, worried about the song. “It moved me,” she said." — a
 * pronoun takes up the subject of its own sentence, else of the sentence before, even when someone
 * else spoke more recently: the person named first in it, outside quotation marks, within its first
 * few words, whose gender does not clash. Only sentences of the quote's paragraph and the one before.
 */
function sentenceSubject(upTo: number, female: boolean, ctx: ResolveContext): { speaker: string; via: Via; at: number } | null {
  const key = `${upTo}:${female}`;
  const known = ctx.subjects?.get(key);
  if (known !== undefined) return known;
  const found = findSentenceSubject(upTo, female, ctx);
  ctx.subjects?.set(key, found);
  return found;
}

function findSentenceSubject(upTo: number, female: boolean, ctx: ResolveContext): { speaker: string; via: Via; at: number } | null {
  const { text, blocks, names, genders } = ctx;
  const here = blockIndexAt(blocks, upTo);
  const block = blocks[here];
  if (!block) return null;
  const previous = blocks[here - 1];
  const from = previous && previous.kind === 'body' ? previous.start : block.start;
  const sentences = lastSentences(text, Math.max(from, upTo - 1500), upTo);
  // The last piece is the quote's own sentence when it runs on into the quote or mention
  // ("By the time Buckley learned …, she was only half-surprised: “"); when it has closed, it is
  // the sentence before, and the only one read.
  const last = sentences[sentences.length - 1];
  const pieces = last && CLOSED_SENTENCE.test(last.text) ? [last] : [last, sentences[sentences.length - 2]];
  for (const piece of pieces) {
    const subject = piece && subjectOf(piece, names, text, blockAt(blocks, piece.start)?.start ?? piece.start, ctx);
    if (!subject) continue;
    const g = genders.get(subject.key);
    if (g === undefined || g === female) return { speaker: canonicalName(subject, names), via: 'subject', at: subject.start };
  }
  return null;
}

/**
 * The non-empty sentences of `from`..`to`, of which the caller reads the last two. Most sentences
 * are short, so the last 300 characters are split first, and the whole window only when they hold
 * fewer than four: each boundary is decided from the few characters around it, so past the first
 * piece of a cut window (which may be part of a longer sentence) the pieces are the whole window's.
 * Splitting 1,500 characters for every pronoun made a page of short quoted sentences twice as slow.
 */
function lastSentences(text: string, from: number, to: number): Span[] {
  const nonEmpty = (s: Span): boolean => s.text.trim().length > 0;
  if (to - from > 300) {
    const near = splitSentences(text, to - 300, to).filter(nonEmpty);
    if (near.length >= 4) return near;
  }
  return splitSentences(text, from, to).filter(nonEmpty);
}

/** The person a sentence is about: named first in it, outside quotation marks, within the first few words after any opening phrase. */
function subjectOf(sentence: Span, names: readonly NameMention[], text: string, paragraphStart: number, ctx: ResolveContext): NameMention | null {
  // A sentence may start inside a quotation opened earlier in its paragraph: count the marks from
  // there — going on from the last count when it stopped earlier in the same paragraph, since quotes
  // are read in order and a long paragraph would otherwise be read again for each of them.
  const last = ctx.depth;
  const resume = last !== undefined && last.paragraph === paragraphStart && last.at <= sentence.start;
  let depth = resume ? last.depth : 0;
  for (let i = resume ? last.at : paragraphStart; i < sentence.start; i++) depth = quoteDepth(depth, text[i] ?? '');
  ctx.depth = { paragraph: paragraphStart, at: sentence.start, depth };
  let words = 0;
  let inWord = false;
  let pos = sentence.start;
  for (let i = firstAtOrAfter(names, sentence.start, (n) => n.start); i < names.length; i++) {
    const n = names[i];
    if (!n || n.start >= sentence.end) break;
    // Count the words and quotation marks between the last name looked at and this one.
    for (; pos < n.start; pos++) {
      const c = text[pos] ?? '';
      depth = quoteDepth(depth, c);
      const letter = /[\p{L}\p{N}]/u.test(c);
      if (letter && !inWord && depth === 0) words++;
      // An opening phrase ends at its comma: "For the first time in years, Buckley had …".
      if (c === ',' && depth === 0) words = 0;
      inWord = letter;
    }
    if (words > SUBJECT_WORDS) return null;
    if (depth === 0 && !n.peripheral && isPersonLike(n, names)) return n;
  }
  return null;
}

/** How deep inside quotation marks the text is after character `c`. */
function quoteDepth(depth: number, c: string): number {
  if (c === '“') return depth + 1;
  if (c === '”') return Math.max(0, depth - 1);
  if (c === '"') return depth > 0 ? depth - 1 : 1;
  return depth;
}

/** The most recent speaker before `at` (else the nearest person named) whose gender does not clash. */
function antecedent(at: number, female: boolean | null, ctx: ResolveContext): { speaker: string; via: Via; at: number } | null {
  const { names, events, genders, blocks } = ctx;
  const here = blockIndexAt(blocks, at);
  const windowStart = blocks[Math.max(0, here - 4)]?.start ?? 0;
  const fits = (g: boolean | null | undefined): boolean => female === null || g === undefined || g === null || g === female;
  // Events and names are in text order: walk back from the last one before `at`.
  for (let i = firstAtOrAfter(events, at, (e) => e.at) - 1; i >= 0; i--) {
    const e = events[i];
    if (!e) continue;
    if (e.at < windowStart) break;
    if (fits(e.female)) return { speaker: e.speaker, via: 'event', at: e.at };
  }
  const n = lastPersonBefore(at, 4, (n) => fits(genders.get(n.key)), ctx);
  return n ? { speaker: canonicalName(n, names), via: 'nearest', at: n.start } : null;
}
