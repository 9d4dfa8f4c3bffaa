/**
 * The learned part of quote attribution: every way the article could be crediting a quote is a
 * candidate, described by a few facts; a logistic model turns those facts into the probability that
 * the candidate is who said it. The best candidate wins, and below a threshold its name is withheld:
 * a wrong name in a public channel is worse than none.
 */

/** The readings of the text that propose a speaker, in the order the hand-written rules tried them. */
export const RULES = ['after', 'before', 'transcript', 'colon', 'afterSentence', 'thisWasSaid', 'subject', 'relative', 'nearestBefore', 'nearestAfter', 'firstBefore', 'signature', 'previousSentence', 'reportedBy', 'lastCueBefore', 'continuation'] as const;
export type Rule = (typeof RULES)[number];

/** What the mention that names the speaker is, as written. */
const MENTION_KINDS = ['name', 'pronoun', 'role', 'relative', 'phrase'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

/** How the speaker's name was reached from the mention ('none': it was not). */
const VIAS = ['name', 'event', 'nearest', 'title', 'subject'] as const;
export type Via = (typeof VIAS)[number] | 'none';

/** The facts the model sees about one candidate of one quote. */
export interface CandidateFacts {
  rule: Rule;
  /** Place among this quote's candidates in rule order (0 = the rules' own first choice). */
  order: number;
  /** Distinct candidates proposed for this quote. */
  candidates: number;
  /** Share of the other candidates that name the same speaker. */
  agreement: number;
  mentionKind: MentionKind;
  via: Via;
  speakerNull: boolean;
  /** Characters between the mention and the nearer quotation mark. */
  distance: number;
  mentionAfter: boolean;
  sameBlock: boolean;
  cue: string | null;
  speakerTokens: number;
  /** The speaker looks like a person's name (the hand-written guard). */
  nameLike: boolean;
  /** The speaker is a person rather than an organisation or a place, as far as the names tell. */
  personLike: boolean;
  /** How often the article names the speaker. */
  frequency: number;
  /** The article also uses the speaker's name as a place or a title ("in Central Park", "“Get Out”"). */
  placeLike: boolean;
  /** The speaker was the subject of a verb of speech earlier in the article. */
  spokeBefore: boolean;
  /** For a pronoun or role: characters back to the antecedent chosen. */
  antecedentDistance: number;
  /** Other people named between the antecedent and the mention. */
  rivals: number;
  quoteLength: number;
  /** The quote starts inside a sentence (a partial quote) rather than opening one. */
  partial: boolean;
  mentionWords: number;
  /** The quote's own sentence closed before the mention (`"We lost." T-shirts appeared…`). */
  closedBefore: boolean;
  /** The first word of the mention, as written. */
  mentionFirst: string;
  /** The quote ends with a comma inside or right after its closing mark (`,”` — "…," she said). */
  quoteEndsComma: boolean;
  /** A colon or comma right before the opening mark (`said: “`). */
  leadPunctuation: boolean;
  /** The sentence says where the quote was reported ("…, according to the Sun") and this candidate is not that source. */
  secondHand: boolean;
  /** No other candidate of the quote has a mention nearer the quote. */
  nearest: boolean;
  /** This candidate has a cue and no other candidate with a cue is nearer the quote. */
  nearestCue: boolean;
  /** Distinct other names among the quote's candidates. */
  otherSpeakers: number;
  /** This candidate names nobody while another names a person. */
  personElsewhere: boolean;
  /** The quote itself names the candidate's speaker (talks about them in the third person). */
  namedInQuote: boolean;
}

/**
 * A fitted model, one weight per feature of `speakerFeatures` in each list: `rankWeights` choose
 * among a quote's candidates (a conditional logit), `weights` give the chosen one's probability of
 * being right, and below `threshold` no name is given.
 */
export interface SpeakerModel {
  weights: readonly number[];
  rankWeights: readonly number[];
  /** Choose the mention shown when the name is withheld: the candidate likeliest to be the source's own words. */
  mentionWeights: readonly number[];
  threshold: number;
}

const CUES = ['said', 'says', 'told', 'according to', ':', '―'] as const;

const BASE_FEATURE_NAMES: readonly string[] = [
  'bias',
  ...RULES.map((r) => `rule:${r}`),
  'first in rule order',
  'order',
  'log candidates',
  'agreement',
  ...MENTION_KINDS.map((k) => `mention:${k}`),
  ...VIAS.map((v) => `via:${v}`),
  'speaker null',
  'log distance',
  'mention after quote',
  'same paragraph',
  'no cue',
  ...CUES.map((c) => `cue:${c}`),
  'cue -ing',
  'one-word speaker',
  'three-word speaker',
  'name-like',
  'person-like',
  'log frequency',
  'place or title',
  'spoke before',
  'log antecedent distance',
  'rivals',
  'log quote length',
  'partial quote',
  'log mention words',
  'sentence closed before mention',
  'mention opens lower-case',
  'mention opens with a preposition',
  'mention opens with the/a',
  'quote ends with a comma',
  'colon or comma before quote',
  'second-hand',
  'nearest mention',
  'nearest cue',
  'other names proposed',
  'cue next to the quote',
  'nobody named, a person elsewhere',
  'cue names rather than quotes',
  'speaker named in the quote',
];

// Each rule gets its own copy of the features whose meaning depends most on the rule: a mention two
// words after the quote is a good sign for "…," said X and a bad one for a clause that runs on.
const PER_RULE = ['log distance', 'speaker null', 'mention:name', 'mention:pronoun', 'mention:phrase', 'no cue', 'mention opens lower-case', 'same paragraph', 'via:event', 'via:nearest', 'nearest mention', 'person-like', 'name-like'];
const PER_RULE_NAMES = RULES.flatMap((r) => PER_RULE.map((f) => `${r} × ${f}`));

/** Names of the features, in the order of `speakerFeatures` (for the fitting script's report). */
export const SPEAKER_FEATURE_NAMES: readonly string[] = [...BASE_FEATURE_NAMES, ...PER_RULE_NAMES];
const PER_RULE_INDEX = PER_RULE.map((name) => BASE_FEATURE_NAMES.indexOf(name));

// "a film called “…”", "what he dubbed “…”": a verb that names a thing, whose subject often did not say it.
const NAMING_CUE = /^(?:call(?:ed|s|ing)?|dubbed|label(?:l)?ed|branded|likened|describe[sd]|named)$/;

const PREPOSITION = /^(?:with|of|after|on|in|at|for|from|by|to|about|into|over|against|than|like|as|since|during|before)$/;

const FEATURE_COUNT = SPEAKER_FEATURE_NAMES.length;

/** The feature vector of one candidate; the order is `SPEAKER_FEATURE_NAMES`. */
export function speakerFeatures(f: CandidateFacts): number[] {
  // One array, written in place: a few candidates per quote, and building each vector from spread
  // pieces was a noticeable share of attribution.
  // Filled by pushing, so the array is packed (no holes), which makes the dot products cheaper.
  const out: number[] = [];
  writeBaseFeatures(f, out);
  const rule = RULES.indexOf(f.rule);
  const offset = BASE_FEATURE_NAMES.length + rule * PER_RULE.length;
  while (out.length < FEATURE_COUNT) out.push(0);
  for (let j = 0; j < PER_RULE_INDEX.length; j++) out[offset + j] = out[PER_RULE_INDEX[j] as number] ?? 0;
  return out;
}

function writeBaseFeatures(f: CandidateFacts, out: number[]): void {
  const cue = f.cue?.toLowerCase() ?? null;
  const put = (x: number): void => {
    out.push(x);
  };
  put(1);
  for (const r of RULES) put(f.rule === r ? 1 : 0);
  put(f.order === 0 ? 1 : 0);
  put(Math.min(f.order, 6) / 6);
  put(Math.log(f.candidates));
  put(f.agreement);
  for (const k of MENTION_KINDS) put(f.mentionKind === k ? 1 : 0);
  for (const v of VIAS) put(f.via === v ? 1 : 0);
  put(f.speakerNull ? 1 : 0);
  put(Math.log1p(f.distance) / 5);
  put(f.mentionAfter ? 1 : 0);
  put(f.sameBlock ? 1 : 0);
  put(cue === null ? 1 : 0);
  for (const c of CUES) put(cue === c ? 1 : 0);
  put(cue !== null && cue.endsWith('ing') ? 1 : 0);
  put(f.speakerTokens === 1 ? 1 : 0);
  put(f.speakerTokens >= 3 ? 1 : 0);
  put(f.nameLike ? 1 : 0);
  put(f.personLike ? 1 : 0);
  put(Math.log1p(f.frequency) / 3);
  put(f.placeLike ? 1 : 0);
  put(f.spokeBefore ? 1 : 0);
  put(Math.log1p(f.antecedentDistance) / 7);
  put(Math.min(f.rivals, 5) / 5);
  put(Math.log1p(f.quoteLength) / 6);
  put(f.partial ? 1 : 0);
  put(Math.log1p(f.mentionWords) / 2);
  put(f.closedBefore ? 1 : 0);
  // A phrase opening in lower case ("when it", "than that of the CIA") is rarely a speaker; a role ("the mayor") is one.
  put(/^\p{Ll}/u.test(f.mentionFirst) && f.mentionKind !== 'pronoun' && f.mentionKind !== 'relative' && f.mentionKind !== 'role' ? 1 : 0);
  put(PREPOSITION.test(f.mentionFirst) ? 1 : 0);
  put(/^(?:the|a|an)$/i.test(f.mentionFirst) ? 1 : 0);
  put(f.quoteEndsComma ? 1 : 0);
  put(f.leadPunctuation ? 1 : 0);
  put(f.secondHand ? 1 : 0);
  put(f.nearest ? 1 : 0);
  put(f.nearestCue ? 1 : 0);
  put(Math.min(f.otherSpeakers, 4) / 4);
  put(cue !== null && f.distance <= 3 ? 1 : 0);
  put(f.personElsewhere ? 1 : 0);
  put(cue !== null && NAMING_CUE.test(cue) ? 1 : 0);
  put(f.namedInQuote ? 1 : 0);
}

/** The model's probability that a candidate with these features is right. */
export function speakerProbability(model: Pick<SpeakerModel, 'weights'>, features: readonly number[]): number {
  return 1 / (1 + Math.exp(-dot(model.weights, features)));
}

/** The index of the candidate the ranking prefers (the first of equals), or -1 when there is none. */
export function chooseCandidate(model: Pick<SpeakerModel, 'rankWeights'>, candidates: readonly (readonly number[])[]): number {
  let best = -1;
  let bestScore = -Infinity;
  candidates.forEach((features, i) => {
    const score = dot(model.rankWeights, features);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

function dot(weights: readonly number[], features: readonly number[]): number {
  // Most features are 0 (one rule, one mention kind…): skipping them adds the same terms in the
  // same order, since adding a zero product to the running sum leaves it unchanged.
  let z = 0;
  for (let i = 0; i < features.length; i++) {
    const x = features[i] ?? 0;
    if (x !== 0) z += (weights[i] ?? 0) * x;
  }
  return z;
}
