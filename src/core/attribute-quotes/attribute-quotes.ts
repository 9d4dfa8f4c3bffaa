import { findNames } from '../find-names.ts';
import type { QuoteSpan } from '../find-quote-spans.ts';
import type { Article } from '../parse-article.ts';
import type { CandidateFacts, SpeakerModel } from '../speaker-model.ts';
import { SPEAKER_MODEL } from '../speaker-weights.ts';
import { NO_ONE, type Attribution } from './attribution.ts';
import { articleFacts, candidateFacts, type ResolvedCandidate } from './candidate-facts.ts';
import { checkSpeaker, createNameGuard } from './check-speaker.ts';
import { chooseSpeaker, scoreCandidates, type QuoteCandidates } from './choose-speaker.ts';
import { findSpeakerEvents } from './find-speaker-events.ts';
import { isTitleOfWork } from './is-title-of-work.ts';
import { learnGenders } from './learn-genders.ts';
import { resolve, type ResolveContext } from './resolve-mention.ts';
import { LANGUAGE_FREE_RULES, RULES } from './rules.ts';
import { continuation } from './rules/continuation.ts';
import { createSentenceCache, quoteContextAt } from './quote-context.ts';

/** How attribution chooses among candidates: the fitted model, or (null) the hand-written rule order. */
export interface AttributeOptions {
  model?: SpeakerModel | null;
  /**
   * The article's language. The attributor knows English cues; in another language only what is
   * certain is credited — a `Name:` transcript label or a `― Name` signature. Null or absent: English.
   */
  language?: string | null;
}

/**
 * Finds who said each quote. Every reading of the text in `RULES` that proposes a speaker is a
 * candidate: "X said", "said X", "according to X", "X told reporters:", a speaker named in the
 * sentence around a partial quote, the paragraph before ("He said:"), "X, who said", the quote
 * before it (a quote running on), and transcript labels ("PENCE:"). Pronouns and role nouns
 * resolve to the most recent compatible speaker or person. A fitted model (`speaker-weights.ts`)
 * picks the likeliest candidate and withholds the name when it is not sure enough; the speaker is
 * then null.
 */
export function attributeQuotes(article: Article, quotes: readonly QuoteSpan[], options: AttributeOptions = {}): Attribution[] {
  return attributeWithCandidates(article, quotes, options).map((q) => q.attribution);
}

/** Every quote's candidates with their features, for fitting and inspecting the model. */
export function speakerCandidates(article: Article, quotes: readonly QuoteSpan[], options: AttributeOptions = {}): QuoteCandidates[] {
  return attributeWithCandidates(article, quotes, options).map((q) => q.detail);
}

// Characters before a quote's opening mark read for what marks it as a title ("the television show “").
const TITLE_CONTEXT = 40;

/**
 * What no score overrides (the candidates stay as they were, for fitting): the name of a work in
 * quotation marks ("a film called “Bambi”") is nobody's words, and when "she said" resolves to the
 * person the quote itself names in the third person ("It would have been easy for Mary Steenburgen
 * to …,” she said), the pronoun is someone else's and the name is withheld. A name written as the
 * quote's own credit stays: politicians do speak of themselves by name ("…than Donald Trump," Trump said).
 */
function lastChecks(attribution: Attribution, chosen: CandidateFacts | undefined, quoteText: string, textBefore: string): Attribution {
  if (isTitleOfWork(quoteText, textBefore)) return NO_ONE;
  if (attribution.speaker !== null && chosen?.namedInQuote && chosen.via !== 'name') return { speaker: null, mention: attribution.mention, cue: attribution.cue };
  return attribution;
}

function attributeWithCandidates(article: Article, quotes: readonly QuoteSpan[], options: AttributeOptions): Array<{ attribution: Attribution; detail: QuoteCandidates }> {
  const model = options.model === undefined ? SPEAKER_MODEL : options.model;
  const english = options.language === undefined || options.language === null || options.language === 'en';
  const { text, blocks } = article;
  const names = findNames(article);
  const genders = learnGenders(text, names);
  const events = findSpeakerEvents(article, quotes, names, genders);
  const facts = articleFacts(text, blocks, names, events);
  const sentencesOf = createSentenceCache(text);
  const out: Array<{ attribution: Attribution; detail: QuoteCandidates }> = [];
  const looksLikeName = createNameGuard(text, { strict: !english });
  const ctx: ResolveContext = { text, names, events, genders, blocks, subjects: new Map() };

  // The name the last quote's final checks withheld, if any.
  let withheld: string | null = null;
  for (let q = 0; q < quotes.length; q++) {
    const context = quoteContextAt(article, names, quotes, q, sentencesOf);
    if (!context) {
      out.push({ attribution: NO_ONE, detail: { candidates: [], chosen: -1 } });
      continue;
    }
    const { quote } = context;

    const resolved: ResolvedCandidate[] = [];
    for (const rule of RULES) {
      // Outside English a rule that reads English verbs is not asked at all: its answer would be dropped.
      if (!english && !LANGUAGE_FREE_RULES.has(rule.name)) continue;
      const found = rule.propose(context);
      if (!found) continue;
      const r = resolve(found, ctx, quote.outerStart);
      const guarded = checkSpeaker(r.attribution, looksLikeName);
      const same = resolved.some((c) => c.r.attribution.speaker === guarded.speaker && c.r.attribution.mention?.start === guarded.mention?.start && c.r.attribution.mention?.end === guarded.mention?.end);
      // Written out rather than spread (`{ ...r, attribution }`): the spread was the largest share of attribution's allocation.
      if (!same) resolved.push({ rule: rule.name, r: { attribution: guarded, kind: r.kind, via: r.via, antecedentAt: r.antecedentAt, person: r.person, guardFailed: guarded.speaker === null && r.attribution.speaker !== null } });
    }
    // A quote running on inherits the credit its predecessor was given before any name was withheld:
    // its own probability decides whether the name is shown.
    const before = out[q - 1]?.detail;
    const inherited = before?.candidates[before.chosen];
    const previous = continuation(inherited?.attribution, quotes, q, blocks);
    if (previous && inherited) {
      resolved.push({ rule: 'continuation', r: { attribution: previous, kind: inherited.kind, via: 'none', antecedentAt: null, person: previous.speaker !== null, guardFailed: false } });
    }

    const quoteFacts = candidateFacts(facts, context, resolved);
    const candidates = scoreCandidates(model, resolved, quoteFacts);
    const { attribution, chosen } = chooseSpeaker(model, candidates, english);
    const textBefore = text.slice(Math.max(context.startBlock.start, quote.outerStart - TITLE_CONTEXT), quote.outerStart);
    const checked = lastChecks(attribution, quoteFacts[chosen], text.slice(quote.start, quote.end), textBefore);
    // A quote running on from one whose name was withheld as the person it talks about is theirs no more than it was.
    const runsOnWithheld: boolean = checked.speaker !== null && candidates[chosen]?.rule === 'continuation' && withheld === checked.speaker;
    out.push({ attribution: runsOnWithheld ? { speaker: null, mention: checked.mention, cue: checked.cue } : checked, detail: { candidates, chosen } });
    withheld = (checked.speaker === null && attribution.speaker !== null) || runsOnWithheld ? attribution.speaker : null;
  }
  return out;
}
