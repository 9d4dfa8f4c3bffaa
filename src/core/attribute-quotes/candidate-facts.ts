import { isPersonLike, type NameMention } from '../find-names.ts';
import { foldText } from '../normalize-text.ts';
import type { Block } from '../parse-article.ts';
import { isSpace, type Span } from '../span.ts';
import type { QuoteSpan } from '../find-quote-spans.ts';
import type { CandidateFacts, Rule } from '../speaker-model.ts';
import type { SpeakerEvent } from './find-speaker-events.ts';
import { blockIndexAt, firstAtOrAfter } from './positions.ts';
import type { Resolved } from './resolve-mention.ts';
import type { QuoteContext } from './rules/speaker-rule.ts';

/** A rule's proposal once its mention is resolved to a speaker. */
export interface ResolvedCandidate {
  rule: Rule;
  r: Resolved;
}

/** What the candidates' facts need to know about the whole article, worked out once. */
export interface ArticleFacts {
  text: string;
  blocks: readonly Block[];
  names: readonly NameMention[];
  /** Where each speaker first was the subject of a verb of speech. */
  firstSpoke: Map<string, number>;
  /** How often each name key is mentioned. */
  keyCounts: Map<string, number>;
  /** Name keys the article also uses as a place or a title. */
  placeKeys: Set<string>;
}

/** The article-wide facts: who spoke first where, how often each name occurs, which names are places. */
export function articleFacts(text: string, blocks: readonly Block[], names: readonly NameMention[], events: readonly SpeakerEvent[]): ArticleFacts {
  const firstSpoke = new Map<string, number>();
  for (const e of events) if (!firstSpoke.has(e.speaker)) firstSpoke.set(e.speaker, e.at);
  const keyCounts = new Map<string, number>();
  for (const n of names) keyCounts.set(n.key, (keyCounts.get(n.key) ?? 0) + 1);
  // Names the article also uses as a place ("in Central Park", "across South Dakota"), or inside
  // quotation marks as a title ("“Get Out”"): people are rarely either. Not "at": people are
  // looked, shouted and jabbed at ("looking over at Tom Bennett") as often as places are visited.
  const placeKeys = new Set<string>();
  for (const n of names) {
    const before = text.slice(Math.max(0, n.start - 12), n.start);
    if (/(?:^|\s)(?:in|near|across|outside|inside|throughout)\s+(?:the\s+)?$/.test(before) || /["“]$/.test(before) && /^["”]/.test(text.slice(n.end, n.end + 1))) placeKeys.add(n.key);
  }
  return { text, blocks, names, firstSpoke, keyCounts, placeKeys };
}

/** The facts the model sees about each of one quote's candidates, in candidate order. */
export function candidateFacts(article: ArticleFacts, q: QuoteContext, resolved: readonly ResolvedCandidate[]): CandidateFacts[] {
  const { text, blocks, names } = article;
  const { quote, before, after } = q;
  // The quote's last character that is not a space: a comma there is the classic `"…," she said`.
  let last = quote.end - 1;
  while (last > quote.start && isSpace(text.charCodeAt(last))) last--;
  const quoteLast = text[last] ?? '';
  // "…," O'Malley said, according to the Las Vegas Sun: the quote comes second-hand, and a
  // reader of the source may credit the outlet rather than the person.
  const secondHand = /\baccording to\b|\b(?:reported|reports|told)\s+(?:the\s+)?\p{Lu}/u.test(after.text) || /\b(?:as|in)\s+(?:the\s+)?\p{Lu}[\p{L}’'.-]*(?:\s+\p{Lu}[\p{L}’'.-]*)*\s+(?:reported|reports|wrote|writes)\b/u.test(before.text);
  const distances = resolved.map(({ r }) => mentionDistance(r.attribution.mention, quote));
  const nearest = Math.min(...distances);
  const nearestCue = Math.min(...distances.filter((_, i) => resolved[i]?.r.attribution.cue !== null));
  const anyPerson = resolved.some((o) => o.r.person && o.r.attribution.speaker !== null);
  const namedInside = namesInside(names, quote.start, quote.end);
  return resolved.map(({ rule, r }, order) => {
    const { speaker, mention } = r.attribution;
    const others = new Set<string>();
    for (const o of resolved) if (o.r.attribution.speaker !== null && o.r.attribution.speaker !== speaker) others.add(o.r.attribution.speaker);
    // The key names are filed under ("kallas"), as find-names makes it.
    const speakerKey = speaker === null ? null : foldText(speaker.split(' ').pop() ?? '');
    const agreeing = resolved.filter((o) => o.r !== r && speaker !== null && o.r.attribution.speaker === speaker).length;
    const m = mention ?? { start: quote.outerStart, end: quote.outerStart, text: '' };
    const mentionAfter = m.start >= quote.outerEnd;
    const distance = distances[order] ?? 0;
    return {
      rule,
      order,
      candidates: resolved.length,
      agreement: resolved.length > 1 ? agreeing / (resolved.length - 1) : 0,
      mentionKind: r.kind,
      via: r.via,
      speakerNull: speaker === null,
      distance,
      mentionAfter,
      sameBlock: blockIndexAt(blocks, m.start) === blockIndexAt(blocks, mentionAfter ? quote.outerEnd - 1 : quote.outerStart),
      cue: r.attribution.cue,
      speakerTokens: speaker === null ? 0 : speaker.split(' ').length,
      nameLike: !r.guardFailed,
      personLike: r.person,
      frequency: speakerKey === null ? 0 : (article.keyCounts.get(speakerKey) ?? 0),
      placeLike: speakerKey !== null && article.placeKeys.has(speakerKey),
      spokeBefore: speaker !== null && (article.firstSpoke.get(speaker) ?? Infinity) < quote.outerStart,
      // A role that matches a title ("the mayor" ↔ "Mayor Helen Okafor") identifies the person as a
      // name does; how far back the title stood says nothing of it, as it does for "he".
      antecedentDistance: r.antecedentAt === null || r.via === 'title' ? 0 : Math.max(0, m.start - r.antecedentAt),
      rivals: rivalsBetween(names, r.antecedentAt ?? (mentionAfter ? quote.outerEnd : m.end), mentionAfter ? m.start : r.antecedentAt === null ? quote.outerStart : m.start, speakerKey),
      quoteLength: quote.end - quote.start,
      partial: before.text.trim().length > 0,
      mentionWords: m.text.length === 0 ? 0 : m.text.split(/\s+/).length,
      mentionFirst: m.text.split(/\s/)[0] ?? '',
      quoteEndsComma: quoteLast === ',' || text[quote.outerEnd] === ',',
      secondHand: secondHand && r.attribution.cue !== 'according to',
      leadPunctuation: /[:,]\s*$/.test(text.slice(Math.max(0, quote.outerStart - 3), quote.outerStart)),
      closedBefore: mentionAfter && (quoteLast === '.' || quoteLast === '!' || quoteLast === '?') && /^[\s"“”’']*\p{Lu}/u.test(text.slice(quote.outerEnd, Math.min(m.start + 1, quote.outerEnd + 12))),
      nearest: mention !== null && distance === nearest,
      nearestCue: r.attribution.cue !== null && distance === nearestCue,
      otherSpeakers: others.size,
      personElsewhere: speaker === null && anyPerson,
      namedInQuote: speaker !== null && namedInside.some((n) => n.key === speakerKey || (n.tokens.length === 1 && foldText(n.tokens[0] ?? '') === foldText(speaker.split(' ')[0] ?? ''))),
    };
  });
}

/** The names inside a quote: "It could have been easy for Mary Steenburgen …" is said about her, not by her. */
function namesInside(names: readonly NameMention[], from: number, to: number): NameMention[] {
  const out: NameMention[] = [];
  for (let i = firstAtOrAfter(names, from, (n) => n.start); i < names.length; i++) {
    const n = names[i];
    if (!n || n.start >= to) break;
    out.push(n);
  }
  return out;
}

/** Characters between a mention and the nearer quotation mark (0 inside, or without a mention). */
function mentionDistance(mention: Span | null, quote: QuoteSpan): number {
  const m = mention ?? { start: quote.outerStart, end: quote.outerStart };
  return m.start >= quote.outerEnd ? m.start - quote.outerEnd : m.end <= quote.outerStart ? quote.outerStart - m.end : 0;
}

/** People other than the one filed under `own` named between two offsets (at most a few counted): rivals for the credit. */
function rivalsBetween(names: readonly NameMention[], from: number, to: number, own: string | null): number {
  const keys = new Set<string>();
  for (let i = firstAtOrAfter(names, from, (n) => n.start); i < names.length && keys.size < 5; i++) {
    const n = names[i];
    if (!n || n.start >= to) break;
    if (n.key !== own && isPersonLike(n, names)) keys.add(n.key);
  }
  return keys.size;
}
