import type { Article, Block } from './parse-article.ts';
import type { QuoteSpan } from './find-quote-spans.ts';
import { canonicalName, findNames, isPersonLike, toMention, type NameMention } from './find-names.ts';
import { foldText } from './normalize-text.ts';
import { isSpace, type Span } from './span.ts';
import { splitSentences } from './split-sentences.ts';
import { chooseCandidate, speakerFeatures, speakerProbability, type CandidateFacts, type MentionKind, type Rule, type SpeakerModel, type Via } from './speaker-model.ts';
import { SPEAKER_MODEL } from './speaker-weights.ts';

/** Who said a quote, as the article tells it. */
export interface Attribution {
  /** Canonical name ("Kaja Kallas"), or null when nobody can be named. */
  speaker: string | null;
  /** The words that name the speaker where the quote is attributed ("the EU diplomat", "she"). */
  mention: Span | null;
  /** The verb or phrase that introduces the quote ("said", "according to"). */
  cue: string | null;
}

const CUE_WORDS =
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
const WORD_RUN = /\w+/g;

/** A verb of speech in `text`: where it starts and the words as written. */
interface Cue {
  index: number;
  0: string;
}

/** Every cue in `text`, in order. */
function findCues(text: string, first = false): Cue[] {
  const cues: Cue[] = [];
  WORD_RUN.lastIndex = 0;
  for (let m = WORD_RUN.exec(text); m; m = WORD_RUN.exec(text)) {
    const word = m[0].toLowerCase();
    let cue: string | null = null;
    for (const second of TWO_WORD_CUES.get(word) ?? []) {
      const end = m.index + word.length;
      const next = text.slice(end, end + second.length + 2);
      if (next.length >= second.length + 1 && next[0] === ' ' && next.slice(1, second.length + 1).toLowerCase() === second && !/\w/.test(next[second.length + 1] ?? '')) {
        cue = text.slice(m.index, end + 1 + second.length);
        break;
      }
    }
    if (cue === null && CUE_SET.has(word)) cue = m[0];
    if (cue === null) continue;
    cues.push({ index: m.index, 0: cue });
    if (first) break;
  }
  return cues;
}

const PRONOUN = /^(?:he|she|they|it|i|we)$/i;
const FILLER = /^(?:also|later|then|has|had|have|was|were|is|previously|once|reportedly|recently|repeatedly|again|would|will|could|did|does|just|further|then|publicly|privately|separately|simply|\p{L}+ly)$/iu;
const DETERMINER = /^(?:the|a|an|this|that|one|another|his|her|their|its|our|two|three|several|some|many)$/i;
/** Role nouns that refer back to someone the article has already named ("the European official"). */
const ANAPHORIC_ROLE =
  /\b(?:official|diplomat|minister|president|senator|governor|nominee|candidate|leader|spokes(?:man|woman|person)|chief|head|secretary|businessman|businesswoman|politician|lawmaker|congress(?:man|woman)|mayor|chancellor|premier|ambassador|envoy|commissioner|chairman|chairwoman|manager|coach|boss|star|actress|actor|singer|republican|democrat|billionaire|mogul|\d+-year-old|former \w+)$/i;
const CONTEXT_LIMIT = 300;
const ANTECEDENT_NAMES = 40;

interface SpeakerEvent {
  at: number;
  speaker: string;
  female: boolean | null;
}

/** How attribution chooses among candidates: the fitted model, or (null) the hand-written rule order. */
export interface AttributeOptions {
  model?: SpeakerModel | null;
  /**
   * The article's language. The attributor knows English cues; in another language only what is
   * certain is credited — a `Name:` transcript label or a `― Name` signature. Null or absent: English.
   */
  language?: string | null;
}

// The readings that need no knowledge of the language's verbs of speech.
const LANGUAGE_FREE_RULES: ReadonlySet<Rule> = new Set(['transcript', 'signature']);

/** One way the article may be crediting a quote, with what the model made of it. */
export interface SpeakerCandidate {
  rule: Rule;
  attribution: Attribution;
  kind: MentionKind;
  features: number[];
  probability: number;
}

/** A quote's candidates and the one chosen (-1 when there were none). */
export interface QuoteCandidates {
  candidates: SpeakerCandidate[];
  chosen: number;
}

/**
 * Finds who said each quote. Every reading of the text that proposes a speaker is a candidate:
 * "X said", "said X", "according to X", "X told reporters:", a speaker named in the sentence around
 * a partial quote, the paragraph before ("He said:"), "X, who said", the quote before it (a quote
 * running on), and transcript labels ("PENCE:"). Pronouns and role nouns resolve to the most recent
 * compatible speaker or person. A fitted model (`speaker-weights.ts`) picks the likeliest candidate
 * and withholds the name when it is not sure enough; the speaker is then null.
 */
export function attributeQuotes(article: Article, quotes: readonly QuoteSpan[], options: AttributeOptions = {}): Attribution[] {
  return attributeWithCandidates(article, quotes, options).map((q) => q.attribution);
}

/** Every quote's candidates with their features, for fitting and inspecting the model. */
export function speakerCandidates(article: Article, quotes: readonly QuoteSpan[], options: AttributeOptions = {}): QuoteCandidates[] {
  return attributeWithCandidates(article, quotes, options).map((q) => q.detail);
}

const NO_ONE: Attribution = { speaker: null, mention: null, cue: null };

function attributeWithCandidates(article: Article, quotes: readonly QuoteSpan[], options: AttributeOptions): Array<{ attribution: Attribution; detail: QuoteCandidates }> {
  const model = options.model === undefined ? SPEAKER_MODEL : options.model;
  const english = options.language === undefined || options.language === null || options.language === 'en';
  const text = article.text;
  const names = findNames(article);
  const genders = learnGenders(text, names);
  const events = findSpeakerEvents(article, quotes, names, genders);
  const firstSpoke = new Map<string, number>();
  for (const e of events) if (!firstSpoke.has(e.speaker)) firstSpoke.set(e.speaker, e.at);
  const keyCounts = new Map<string, number>();
  for (const n of names) keyCounts.set(n.key, (keyCounts.get(n.key) ?? 0) + 1);
  // Names the article also uses as a place ("in Central Park", "across South Dakota"), or inside
  // quotation marks as a title ("“Get Out”"): people are rarely either.
  const placeKeys = new Set<string>();
  for (const n of names) {
    const before = text.slice(Math.max(0, n.start - 12), n.start);
    if (/(?:^|\s)(?:in|at|near|across|outside|inside|throughout)\s+(?:the\s+)?$/.test(before) || /["“]$/.test(before) && /^["”]/.test(text.slice(n.end, n.end + 1))) placeKeys.add(n.key);
  }
  const sentenceCache = new Map<Block, Span[]>();
  const sentencesOf = (block: Block): Span[] => {
    let found = sentenceCache.get(block);
    if (!found) sentenceCache.set(block, (found = splitSentences(text, block.start, block.end)));
    return found;
  };
  const out: Array<{ attribution: Attribution; detail: QuoteCandidates }> = [];
  // The article's words as written, made on first need: is "Hours" also a lower-case word here?
  let wordSet: Set<string> | null = null;
  const lowerWords = (): Set<string> => (wordSet ??= new Set(text.match(WORD_AS_WRITTEN) ?? []));
  const ctx: ResolveContext = { text, names, events, genders, blocks: article.blocks };

  for (let q = 0; q < quotes.length; q++) {
    const quote = quotes[q];
    if (!quote) continue;
    const startBlock = blockAt(article.blocks, quote.outerStart);
    const endBlock = blockAt(article.blocks, quote.outerEnd - 1);
    if (!startBlock || !endBlock) {
      out.push({ attribution: NO_ONE, detail: { candidates: [], chosen: -1 } });
      continue;
    }
    const prevQuoteEnd = quotes[q - 1]?.outerEnd ?? 0;
    const nextQuoteStart = quotes[q + 1]?.outerStart ?? text.length;
    const before = contextBefore(text, Math.max(startBlock.start, prevQuoteEnd), quote.outerStart);
    const after = contextAfter(text, quote.outerEnd, Math.min(endBlock.end, nextQuoteStart));

    const proposals: Array<{ rule: Rule; found: Found | null }> = [
      { rule: 'after', found: matchAfter(text, after) },
      { rule: 'before', found: matchBefore(text, before) },
      { rule: 'transcript', found: transcriptLabel(text, startBlock) },
      { rule: 'colon', found: matchColonLead(text, article.blocks, startBlock, quote) },
      { rule: 'afterSentence', found: matchAfterSentence(text, endBlock, quote, nextQuoteStart) },
      { rule: 'thisWasSaid', found: matchThisWasSaid(text, article.blocks, endBlock, quote, sentencesOf) },
      {
        rule: 'subject',
        found: before.end - before.start > 0 || after.end - after.start > 0 ? sentenceSubject(text, contextBefore(text, startBlock.start, quote.outerStart)) : null,
      },
      { rule: 'relative', found: matchRelative(text, before) },
      { rule: 'nearestBefore', found: nearestReference(text, before, names, true) },
      { rule: 'nearestAfter', found: nearestReference(text, after, names, false) },
      { rule: 'firstBefore', found: nearestReference(text, before, names, false) },
      { rule: 'signature', found: matchSignature(text, quote, endBlock) },
      { rule: 'previousSentence', found: before.text.trim().length === 0 ? previousSubject(text, article.blocks, startBlock, Math.max(prevQuoteEnd, startBlock.start), quote.outerStart) : null },
    ];
    const resolved: Array<{ rule: Rule; r: Resolved }> = [];
    for (const { rule, found } of proposals) {
      if (!found || (!english && !LANGUAGE_FREE_RULES.has(rule))) continue;
      const r = resolve(found, ctx, quote.outerStart);
      const guarded = checkSpeaker(r.attribution, text, lowerWords);
      const same = resolved.some((c) => c.r.attribution.speaker === guarded.speaker && c.r.attribution.mention?.start === guarded.mention?.start && c.r.attribution.mention?.end === guarded.mention?.end);
      if (!same) resolved.push({ rule, r: { ...r, attribution: guarded, guardFailed: guarded.speaker === null && r.attribution.speaker !== null } });
    }
    // A quote running on inherits the credit its predecessor was given before any name was withheld:
    // its own probability decides whether the name is shown.
    const before_ = out[q - 1]?.detail;
    const inherited = before_?.candidates[before_.chosen];
    const previous = continuation(inherited?.attribution, quotes, q, article.blocks);
    if (previous && inherited) {
      resolved.push({ rule: 'continuation', r: { attribution: previous, kind: inherited.kind, via: 'none', antecedentAt: null, person: previous.speaker !== null, guardFailed: false } });
    }

    // The quote's last character that is not a space: a comma there is the classic `"…," she said`.
    let last = quote.end - 1;
    while (last > quote.start && isSpace(text.charCodeAt(last))) last--;
    const quoteLast = text[last] ?? '';
    // "…," O'Malley said, according to the Las Vegas Sun: the quote comes second-hand, and a
    // reader of the source may credit the outlet rather than the person.
    const secondHand = /\baccording to\b|\b(?:reported|reports|told)\s+(?:the\s+)?\p{Lu}/u.test(after.text) || /\b(?:as|in)\s+(?:the\s+)?\p{Lu}[\p{L}’'.-]*(?:\s+\p{Lu}[\p{L}’'.-]*)*\s+(?:reported|reports|wrote|writes)\b/u.test(before.text);
    const candidates: SpeakerCandidate[] = resolved.map(({ rule, r }, order) => {
      const { speaker, mention } = r.attribution;
      // The key names are filed under ("kallas"), as find-names makes it.
      const speakerKey = speaker === null ? null : foldText(speaker.split(' ').pop() ?? '');
      const agreeing = resolved.filter((o) => o.r !== r && speaker !== null && o.r.attribution.speaker === speaker).length;
      const m = mention ?? { start: quote.outerStart, end: quote.outerStart, text: '' };
      const mentionAfter = m.start >= quote.outerEnd;
      const distance = mentionAfter ? m.start - quote.outerEnd : m.end <= quote.outerStart ? quote.outerStart - m.end : 0;
      const facts: CandidateFacts = {
        rule,
        order,
        candidates: resolved.length,
        agreement: resolved.length > 1 ? agreeing / (resolved.length - 1) : 0,
        mentionKind: r.kind,
        via: r.via,
        speakerNull: speaker === null,
        distance,
        mentionAfter,
        sameBlock: blockIndexAt(article.blocks, m.start) === blockIndexAt(article.blocks, mentionAfter ? quote.outerEnd - 1 : quote.outerStart),
        cue: r.attribution.cue,
        speakerTokens: speaker === null ? 0 : speaker.split(' ').length,
        nameLike: !r.guardFailed,
        personLike: r.person,
        frequency: speakerKey === null ? 0 : (keyCounts.get(speakerKey) ?? 0),
        placeLike: speakerKey !== null && placeKeys.has(speakerKey),
        spokeBefore: speaker !== null && (firstSpoke.get(speaker) ?? Infinity) < quote.outerStart,
        antecedentDistance: r.antecedentAt === null ? 0 : Math.max(0, m.start - r.antecedentAt),
        rivals: rivalsBetween(names, r.antecedentAt ?? (mentionAfter ? quote.outerEnd : m.end), mentionAfter ? m.start : r.antecedentAt === null ? quote.outerStart : m.start, speakerKey),
        quoteLength: quote.end - quote.start,
        partial: before.text.trim().length > 0,
        mentionWords: m.text.length === 0 ? 0 : m.text.split(/\s+/).length,
        mentionFirst: m.text.split(/\s/)[0] ?? '',
        quoteEndsComma: quoteLast === ',' || text[quote.outerEnd] === ',',
        secondHand: secondHand && r.attribution.cue !== 'according to',
        leadPunctuation: /[:,]\s*$/.test(text.slice(Math.max(0, quote.outerStart - 3), quote.outerStart)),
        closedBefore: mentionAfter && (quoteLast === '.' || quoteLast === '!' || quoteLast === '?') && /^[\s"“”’']*\p{Lu}/u.test(text.slice(quote.outerEnd, Math.min(m.start + 1, quote.outerEnd + 12))),
      };
      const features = speakerFeatures(facts);
      return { rule, attribution: r.attribution, kind: r.kind, features, probability: model === null ? (order === 0 ? 1 : 0) : speakerProbability(model, features) };
    });

    const chosen = model === null ? (candidates.length > 0 ? 0 : -1) : chooseCandidate(model, candidates.map((c) => c.features));
    const best = candidates[chosen];
    let attribution = best?.attribution ?? NO_ONE;
    // Outside English the model's cues do not apply, and the only candidates left are labels and
    // signatures, which name the speaker outright.
    const certain = !english && best !== undefined;
    if (best && model !== null && !certain && nameConfidence(candidates, chosen) < model.threshold) {
      // Not sure enough to name anyone. The mention stays: it says where the article credits the
      // quote, and renderers show it only when it is a role ("the European official").
      attribution = { speaker: null, mention: attribution.mention, cue: attribution.cue };
    }
    // A label that names nobody ("Une de ses conseillères a répondu :") is no credit either.
    if (!english && attribution.speaker === null) attribution = NO_ONE;
    out.push({ attribution, detail: { candidates, chosen } });
  }
  return out;
}

/**
 * How sure the model is of the chosen candidate's name: the best probability among the candidates
 * that give that same name (several readings naming one person support each other).
 */
export function nameConfidence(candidates: readonly Pick<SpeakerCandidate, 'attribution' | 'probability'>[], chosen: number): number {
  const best = candidates[chosen];
  if (!best) return 0;
  let p = best.probability;
  if (best.attribution.speaker !== null) for (const c of candidates) if (c.attribution.speaker === best.attribution.speaker) p = Math.max(p, c.probability);
  return p;
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

const REFERENCE_PRONOUN = /(?<![\p{L}’'])(?:[Hh]e|[Ss]he|[Tt]hey|[Hh]is|[Hh]er|[Tt]heir|I|[Ww]e)(?![\p{L}’'])/gu;

/**
 * The person or pronoun nearest the quote within its sentence (the last one before it, or the first
 * after it): the fallback reading when no verb of speech links anyone to the quote ("Trump barked",
 * "her remark that “…”").
 */
function nearestReference(text: string, ctx: Span, names: readonly NameMention[], last: boolean): Found | null {
  if (ctx.end <= ctx.start) return null;
  let best: Span | null = null;
  for (let i = firstAtOrAfter(names, ctx.start, (n) => n.start); i < names.length; i++) {
    const n = names[i];
    if (!n || n.start >= ctx.end) break;
    if (n.end > ctx.end || !isPersonLike(n, names)) continue;
    best = { text: n.text, start: n.start, end: n.end };
    if (!last) break;
  }
  REFERENCE_PRONOUN.lastIndex = 0;
  for (let m = REFERENCE_PRONOUN.exec(ctx.text); m; m = REFERENCE_PRONOUN.exec(ctx.text)) {
    const at = ctx.start + m.index;
    const nearer = best === null || (last ? at > best.start : at < best.start);
    if (nearer) best = { text: m[0], start: at, end: at + m[0].length };
    if (!last) break;
  }
  return best ? { mention: best, cue: null } : null;
}

/** `“…” - Bernie Sanders.`: a dash and a name right after the closing mark sign the quote. */
function matchSignature(text: string, quote: QuoteSpan, block: Block): Found | null {
  const m = /^\s*[―—–-]+\s*/u.exec(text.slice(quote.outerEnd, Math.min(block.end, quote.outerEnd + 10)));
  if (!m) return null;
  const np = nounPhraseAfter(text, quote.outerEnd + m[0].length, Math.min(block.end, quote.outerEnd + 80));
  return np && /^\p{Lu}/u.test(np.text) ? { mention: np, cue: '―' } : null;
}

/**
 * A quote that opens its sentence, after a sentence about someone ("Howard continued his remarks.
 * “Eight years ago…”"): the subject of the sentence before, in this paragraph or at the end of the last.
 */
function previousSubject(text: string, blocks: readonly Block[], block: Block, from: number, to: number): Found | null {
  let ctx: Span | null = null;
  if (text.slice(from, to).trim().length > 0) {
    const sentences = splitSentences(text, Math.max(from, to - CONTEXT_LIMIT), to);
    ctx = sentences[sentences.length - 1] ?? null;
  } else {
    const prev = blocks[blockIndexAt(blocks, block.start) - 1];
    if (prev && prev.kind === 'body') {
      const sentences = splitSentences(text, Math.max(prev.start, prev.end - CONTEXT_LIMIT), prev.end);
      ctx = sentences[sentences.length - 1] ?? null;
    }
  }
  if (!ctx || /["”]\s*$/.test(ctx.text)) return null;
  return sentenceSubject(text, ctx, true);
}

/** "Beck, who has called Trump “a sociopath”": the relative pronoun is the mention, the name before it the speaker. */
function matchRelative(text: string, ctx: Span): Found | null {
  const m = /,\s+(who|which)\s+(?:[\p{L}’'-]+\s+){0,6}?/u.exec(ctx.text);
  if (!m?.[1]) return null;
  const tail = ctx.text.slice(m.index + m[0].length);
  const cue = findCues(tail, true)[0];
  if (!cue || cue.index > 40) return null;
  const at = ctx.start + m.index + m[0].indexOf(m[1], 1);
  return { mention: { text: m[1], start: at, end: at + m[1].length }, cue: cue[0] };
}

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
function checkSpeaker(attribution: Attribution, text: string, lowerWords: () => Set<string>): Attribution {
  const { speaker, mention } = attribution;
  if (speaker === null || looksLikeName(speaker, text, lowerWords)) return attribution;
  const junkMention = mention !== null && NOT_A_NAME.test(mention.text);
  return { speaker: null, mention: junkMention ? null : mention, cue: attribution.cue };
}

const WORD_AS_WRITTEN = /[\p{L}\p{N}]+/gu;

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

interface Found {
  mention: Span;
  cue: string | null;
}

function blockAt(blocks: readonly Block[], at: number): Block | undefined {
  return blocks[blockIndexAt(blocks, at)];
}

/** The index of the block holding `at`, or -1. Blocks are in text order and do not overlap, so a binary search will do. */
function blockIndexAt(blocks: readonly Block[], at: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const block = blocks[mid];
    if (!block) break;
    if (at < block.start) hi = mid - 1;
    else if (at >= block.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The clause before a quote, back to the start of its sentence (bounded, so regexes stay cheap). */
function contextBefore(text: string, from: number, to: number): Span {
  const sentences = splitSentences(text, Math.max(from, to - CONTEXT_LIMIT), to);
  const last = sentences[sentences.length - 1];
  const start = last && last.end >= to - 1 ? last.start : to;
  return { text: text.slice(start, to), start, end: to };
}

/** The clause after a quote, up to the end of its sentence. */
function contextAfter(text: string, from: number, to: number): Span {
  const end = Math.min(to, from + CONTEXT_LIMIT);
  // A leading space keeps the splitter from reading the closing punctuation as a sentence start.
  const first = splitSentences(text, from, end)[0];
  const cut = first ? Math.min(end, first.end) : from;
  return { text: text.slice(from, cut), start: from, end: cut };
}

/** `," the European official said` / `," said Caddell` / `," according to officials`. */
function matchAfter(text: string, ctx: Span): Found | null {
  const lead = /^[\s,;:―—–-]*/u.exec(ctx.text)?.[0].length ?? 0;
  const rest = ctx.text.slice(lead);
  if (rest.length === 0) return null;
  const base = ctx.start + lead;
  // “…” ― Sonya Herridge: a dash and a name sign the quote.
  if (/^\s*[―—–-]/.test(ctx.text)) {
    const np = nounPhraseAfter(text, base, ctx.end);
    if (np) return { mention: np, cue: '―' };
  }
  // Inverted: said X / according to X.
  const inverted = new RegExp(`^(?:(?:he|she|they)\\s+)?(${CUE_WORDS}|according to)\\s+`, 'iu').exec(rest);
  if (inverted && !/^(?:he|she|they)\s/i.test(rest)) {
    const np = nounPhraseAfter(text, base + inverted[0].length, ctx.end);
    if (np) return { mention: np, cue: inverted[1] ?? null };
  }
  // Subject first: "X said", "X, the long description of X, said", "campaign spokesman X said".
  const cue = findCues(rest, true)[0];
  if (cue && cue.index <= 160) {
    const at = base + cue.index;
    const np = nounPhraseBefore(text, base, at);
    if (np && np.start - base <= 2) return { mention: np, cue: cue[0] };
    if (np && /^[\p{L}\p{N} .’'/-]{0,50}$/u.test(text.slice(base, np.start))) {
      return { mention: { text: text.slice(base, np.end), start: base, end: np.end }, cue: cue[0] };
    }
    const lead = nounPhraseAfter(text, base, at);
    if (lead && lead.start === base && /\p{Lu}/u.test(lead.text)) return { mention: lead, cue: cue[0] };
  }
  return null;
}

/** `Kallas said:` / `According to X,` / `X told reporters that "` / `Trump says voter fraud "would…`. */
function matchBefore(text: string, ctx: Span): Found | null {
  if (ctx.text.trim().length === 0) return null;
  const according = /according to\s+/iu.exec(ctx.text);
  if (according) {
    const np = nounPhraseAfter(text, ctx.start + according.index + according[0].length, ctx.end);
    if (np) return { mention: np, cue: 'according to' };
  }
  const passive = /\b(?:was|were|is|are|been)\s+(?:said|stated|told|announced|written|reported|tweeted|posted)\s+by\s+/iu.exec(ctx.text);
  if (passive) {
    const np = agentAfter(text, ctx.start + passive.index + passive[0].length, ctx.end);
    if (np) return { mention: np, cue: passive[0].trim().split(/\s+/)[1] ?? null };
  }
  // The first verb of speech with a subject is the outer one: in "Trump said that Clinton once
  // described it as “…”", Trump is the source.
  for (const cue of findCues(ctx.text)) {
    const at = ctx.start + cue.index;
    if (isNounUse(text, at)) continue;
    const np = nounPhraseBefore(text, ctx.start, at);
    // "Clinton spoke out, arguing that …", "Trump unleashed tweets saying …", "… and vowed to":
    // a participle or a second verb has the sentence's subject.
    const participle = /ing$/i.test(cue[0]);
    const coordinated = np !== null && /\b(?:and|but|or)$/i.test(np.text);
    if (participle || coordinated || np === null) {
      const subject = sentenceSubject(text, ctx, true);
      if (subject && subject.mention.start < at) return { mention: subject.mention, cue: cue[0] };
    }
    if (np && !coordinated) return { mention: np, cue: cue[0] };
  }
  return null;
}

/** "a flurry of late-night tweets", "her claims": a cue word used as a noun introduces nobody. */
function isNounUse(text: string, at: number): boolean {
  const prev = /(\S+)\s+$/.exec(text.slice(Math.max(0, at - 30), at))?.[1] ?? '';
  return /^(?:the|a|an|his|her|their|its|our|my|your|of|these|those|this|that|whose|late-night|many|several|such|recent|earlier|previous)$/i.test(prev) || /[’']s$/.test(prev);
}

/** A paragraph-opening "PENCE:" or "Kallas:" in a transcript. */
function transcriptLabel(text: string, block: Block): Found | null {
  const m = /^["“]?(\p{Lu}[\p{L}.’' -]{1,40}?):\s/u.exec(text.slice(block.start, block.start + 50));
  if (!m?.[1]) return null;
  const offset = block.start + m[0].indexOf(m[1]);
  if (!toMention(m[1], offset, false)) return null;
  return { mention: { text: m[1], start: offset, end: offset + m[1].length }, cue: ':' };
}

/** A paragraph that is only a quote, after a paragraph ending "He said:". */
function matchColonLead(text: string, blocks: readonly Block[], block: Block, quote: QuoteSpan): Found | null {
  if (text.slice(block.start, quote.outerStart).trim().length > 0) return null;
  const index = blockIndexAt(blocks, block.start);
  const prev = blocks[index - 1];
  if (!prev || !/:\s*$/.test(prev.text)) return null;
  return matchBefore(text, contextBefore(text, prev.start, prev.end));
}

/** `"…." Kallas added.` — a short sentence right after the quote that only attributes it. */
function matchAfterSentence(text: string, block: Block, quote: QuoteSpan, limit: number): Found | null {
  const rest = text.slice(quote.outerEnd, Math.min(block.end, limit, quote.outerEnd + 120));
  const m = /^\s*([^.!?"“”]{2,80}?)[.!?]/u.exec(rest);
  if (!m?.[1] || m[1].split(/\s+/).length > 8) return null;
  return matchAfter(text, { text: m[0], start: quote.outerEnd, end: quote.outerEnd + m[0].length });
}

/** "… “wants to take a picture” … . This was stated by Kaja Kallas": the next sentence attributes this one. */
function matchThisWasSaid(text: string, blocks: readonly Block[], block: Block, quote: QuoteSpan, sentencesOf: (b: Block) => Span[]): Found | null {
  const sentences = sentencesOf(block);
  // Sentences are in order: the first that ends at or after the quote, by binary search.
  let index = firstAtOrAfter(sentences, quote.outerEnd, (s) => s.end);
  if (index >= sentences.length) index = -1;
  let next = sentences[index + 1];
  if (!next && index === sentences.length - 1) {
    const following = blocks[blockIndexAt(blocks, block.start) + 1];
    next = following ? sentencesOf(following)[0] : undefined;
  }
  if (!next) return null;
  const m = /^(?:This|That|It)\s+(?:was|is|has been)\s+(stated|said|reported|announced|written|claimed|tweeted|posted)\s+by\s+/u.exec(next.text);
  if (!m) return null;
  const np = agentAfter(text, next.start + m[0].length, next.end);
  return np ? { mention: np, cue: m[1] ?? null } : null;
}

/**
 * The subject that opens the sentence: for a partial quote inside reported speech, or a verb that
 * shares the subject of the sentence. Without `roles`, only names and he/she/they count.
 */
function sentenceSubject(text: string, ctx: Span, roles = false): Found | null {
  const np = nounPhraseAfter(text, ctx.start, ctx.end);
  if (!np || np.start !== ctx.start) return null;
  if (PRONOUN.test(np.text)) return /^(?:it|i|we)$/i.test(np.text) && !roles ? null : { mention: np, cue: null };
  if (roles && /^(?:The|This|That)\s/.test(np.text)) return { mention: np, cue: null };
  if (!/^\p{Lu}/u.test(np.text) || /^(?:The|A|An)\s/.test(np.text)) return null;
  const name = toMention(np.text, np.start, false);
  return name && name.start === np.start ? { mention: np, cue: null } : null;
}

/** A quote may continue the one just before it (same or next paragraph): that quote's credit is a candidate. */
function continuation(prev: Attribution | undefined, quotes: readonly QuoteSpan[], q: number, blocks: readonly Block[]): Attribution | null {
  const prevQuote = quotes[q - 1];
  const quote = quotes[q];
  if (!prev?.mention || !prevQuote || !quote) return null;
  return blockIndexAt(blocks, quote.outerStart) - blockIndexAt(blocks, prevQuote.outerEnd - 1) <= 1 ? prev : null;
}

// Case-sensitive on purpose: with the i flag, \p{Lu} would also match lower-case letters.
const DET = "(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur)";
const NP_BEFORE = new RegExp(
  "(?:((?:\\p{Lu}[\\p{L}\\p{M}’'.-]*\\s+)*\\p{Lu}[\\p{L}\\p{M}’'.-]*(?:\\s*\\([^)]{1,30}\\))?)" +
    "|\\b([Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)" +
    `|\\b((?:${DET}|\\p{Lu}[\\p{L}’'-]*[’']s)\\s+(?:[\\p{L}\\p{N}’'-]+\\s+){0,5}?[\\p{L}\\p{N}’'-]+))\\s*$`,
  "u",
);

const CLAUSE_OPENER = /^(?:As|But|And|So|When|While|If|Then|Now|Still|Yet|Also|Meanwhile|However|Though|Although|Because|Since|After|Before|Later|Earlier|Today|Yesterday)\s+/;

/** The subject right before a cue verb, skipping adverbs and auxiliaries ("Kallas also believes"). */
function nounPhraseBefore(text: string, from: number, to: number): Span | null {
  let end = to;
  // Skip "also", "has", "reportedly"… between subject and verb.
  for (;;) {
    const m = /(\S+)\s*$/.exec(text.slice(Math.max(from, end - 30), end));
    if (!m?.[1] || !FILLER.test(m[1])) break;
    end = end - m[0].length;
  }
  let start = Math.max(from, end - 120);
  const slice = text.slice(start, end);
  // An appositive between subject and verb: "Kallas, the EU's top diplomat, said".
  const appositive = /^(.*\S)\s*,\s*[^,]{3,80},\s*$/su.exec(slice);
  const candidates = appositive?.[1] ? [appositive[1], slice] : [slice];
  for (const candidate of candidates) {
    const m = NP_BEFORE.exec(candidate);
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
function nounPhraseAfter(text: string, from: number, to: number): Span | null {
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
function agentAfter(text: string, from: number, to: number): Span | null {
  const slice = text.slice(from, Math.min(to, from + 120));
  const stop = /[,.;:!?()]|\s(?:in|on|at|during|after|before|who|when|while|with|to)\s/u.exec(slice);
  const span = trimSpan(text, from, from + (stop ? stop.index : slice.length));
  return span && acceptable(span.text) ? span : null;
}

function trimSpan(text: string, start: number, end: number): Span | null {
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

/**
 * Speaker events: every place where a named person or a role is the subject of a cue verb,
 * quote or not ("This was stated by … Kaja Kallas", "Kallas also believes"). Pronouns and role
 * nouns later in the article resolve to the most recent of these.
 */
function findSpeakerEvents(article: Article, quotes: readonly QuoteSpan[], names: readonly NameMention[], genders: Map<string, boolean>): SpeakerEvent[] {
  const text = article.text;
  const events: SpeakerEvent[] = [];
  for (const block of article.blocks) {
    if (block.kind !== 'body') continue;
    let q = 0;
    for (const cue of findCues(block.text)) {
      const at = block.start + cue.index;
      // Quotes are sorted: walk them alongside the cues instead of searching all of them.
      while (q < quotes.length && (quotes[q]?.end ?? 0) <= at) q++;
      const around = quotes[q];
      if (around && at > around.start && at < around.end) continue;
      const passive = /^(?:stated|said|told|announced|written|reported)\s+by\s+/i.exec(text.slice(at, at + 40));
      // `“…,” said Tom Forte`: the speaker follows an inverted cue, so a later "he said" finds Forte.
      const inverted = !passive && /[,!?]?["”’]\s*$/u.test(text.slice(Math.max(block.start, at - 4), at));
      const np = passive
        ? agentAfter(text, at + passive[0].length, block.end)
        : inverted
          ? nounPhraseAfter(text, at + cue[0].length, block.end)
          : nounPhraseBefore(text, Math.max(block.start, at - 150), at);
      if (!np) continue;
      const name = nameIn(np, names);
      if (name) events.push({ at, speaker: canonicalName(name, names), female: genders.get(name.key) ?? null });
    }
  }
  return events;
}

/** The last name mention inside a span, if it is a person. */
function nameIn(span: Span, names: readonly NameMention[]): NameMention | null {
  let found: NameMention | null = null;
  // Names are in text order: start at the first one inside the span instead of scanning them all.
  for (let i = firstAtOrAfter(names, span.start, (n) => n.start); i < names.length; i++) {
    const n = names[i];
    if (!n || n.start >= span.end) break;
    if (n.end <= span.end && isPersonLike(n, names)) found = n;
  }
  return found;
}

/** The index of the first item whose position is at or after `at`, in a list sorted by position. */
function firstAtOrAfter<T>(items: readonly T[], at: number, position: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (item !== undefined && position(item) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface ResolveContext {
  text: string;
  names: readonly NameMention[];
  events: readonly SpeakerEvent[];
  genders: Map<string, boolean>;
  blocks: readonly Block[];
}

/** A candidate's mention turned into a speaker, with how it got there (the model's features). */
interface Resolved {
  attribution: Attribution;
  kind: MentionKind;
  via: Via;
  /** Where the antecedent of a pronoun or role was found. */
  antecedentAt: number | null;
  person: boolean;
  guardFailed: boolean;
}

const ROLE_PHRASE = /^(?:the|this|that)\s/;

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

function resolve(found: Found, ctx: ResolveContext, at: number): Resolved {
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
  const named = nameIn(mention, names) ?? (() => {
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
  const found2 = (role ? titledAntecedent(at, role, ctx) : null) ?? antecedent(at, female, ctx);
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

const FEMALE_TITLE = /^(?:mrs|ms|miss|madam|lady|queen|princess|dame)\.?$/i;
const MALE_TITLE = /^(?:mr|sir|lord|king|prince)\.?$/i;

/**
 * Guesses each person's gender from the article itself: a title (Mrs., Mr.) before the name, or
 * the pronoun that opens the sentence after one where the name is the subject. Unknown stays unknown.
 */
function learnGenders(text: string, names: readonly NameMention[]): Map<string, boolean> {
  const votes = new Map<string, number>();
  for (const n of names) {
    const before = /(\S+)\s+$/.exec(text.slice(Math.max(0, n.start - 12), n.start))?.[1] ?? '';
    const own = n.text.split(' ')[0] ?? '';
    let vote = 0;
    if (FEMALE_TITLE.test(before) || FEMALE_TITLE.test(own)) vote = 3;
    else if (MALE_TITLE.test(before) || MALE_TITLE.test(own)) vote = -3;
    else {
      const after = text.slice(n.end, n.end + 200);
      const pronoun = /^[^.!?]*?[.!?]["”’]?\s+(He|She|His|Her)\b/.exec(after)?.[1];
      const near = /^[^.!?]{0,80}?\b(his|her|he|she|himself|herself)\b/.exec(after)?.[1];
      const p = near ?? pronoun;
      if (p) vote = /^(?:she|her|herself)$/i.test(p) ? 1 : -1;
    }
    votes.set(n.key, (votes.get(n.key) ?? 0) + vote);
  }
  const genders = new Map<string, boolean>();
  for (const [key, v] of votes) if (v !== 0) genders.set(key, v > 0);
  return genders;
}
