/**
 * The learned part of quote attribution: every way the article could be crediting a quote is a
 * candidate, described by a few facts; a logistic model turns those facts into the probability that
 * the candidate is who said it. The best candidate wins, and below a threshold its name is withheld:
 * a wrong name in a public channel is worse than none.
 */

/** The readings of the text that propose a speaker, in the order the hand-written rules tried them. */
export const RULES = ['after', 'before', 'transcript', 'colon', 'afterSentence', 'thisWasSaid', 'subject', 'relative', 'continuation'] as const;
export type Rule = (typeof RULES)[number];

/** What the mention that names the speaker is, as written. */
export type MentionKind = 'name' | 'pronoun' | 'role' | 'relative' | 'phrase';

/** How the speaker's name was reached from the mention. */
export type Via = 'name' | 'event' | 'nearest' | 'none';

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
}

/** A fitted model: one weight per feature of `speakerFeatures`, and the probability below which no name is given. */
export interface SpeakerModel {
  weights: readonly number[];
  threshold: number;
}

const CUES = ['said', 'says', 'told', 'according to', ':', '―'] as const;

/** Names of the features, in the order of `speakerFeatures` (for the fitting script's report). */
export const SPEAKER_FEATURE_NAMES: readonly string[] = [
  'bias',
  ...RULES.map((r) => `rule:${r}`),
  'first in rule order',
  'order',
  'log candidates',
  'agreement',
  ...(['name', 'pronoun', 'role', 'relative', 'phrase'] as const).map((k) => `mention:${k}`),
  ...(['name', 'event', 'nearest'] as const).map((v) => `via:${v}`),
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
  'spoke before',
  'log antecedent distance',
  'rivals',
  'log quote length',
  'partial quote',
  'log mention words',
  'sentence closed before mention',
];

/** The feature vector of one candidate; the order is `SPEAKER_FEATURE_NAMES`. */
export function speakerFeatures(f: CandidateFacts): number[] {
  const cue = f.cue?.toLowerCase() ?? null;
  return [
    1,
    ...RULES.map((r) => (f.rule === r ? 1 : 0)),
    f.order === 0 ? 1 : 0,
    Math.min(f.order, 6) / 6,
    Math.log(f.candidates),
    f.agreement,
    ...(['name', 'pronoun', 'role', 'relative', 'phrase'] as const).map((k) => (f.mentionKind === k ? 1 : 0)),
    ...(['name', 'event', 'nearest'] as const).map((v) => (f.via === v ? 1 : 0)),
    f.speakerNull ? 1 : 0,
    Math.log1p(f.distance) / 5,
    f.mentionAfter ? 1 : 0,
    f.sameBlock ? 1 : 0,
    cue === null ? 1 : 0,
    ...CUES.map((c) => (cue === c ? 1 : 0)),
    cue !== null && cue.endsWith('ing') ? 1 : 0,
    f.speakerTokens === 1 ? 1 : 0,
    f.speakerTokens >= 3 ? 1 : 0,
    f.nameLike ? 1 : 0,
    f.personLike ? 1 : 0,
    Math.log1p(f.frequency) / 3,
    f.spokeBefore ? 1 : 0,
    Math.log1p(f.antecedentDistance) / 7,
    Math.min(f.rivals, 5) / 5,
    Math.log1p(f.quoteLength) / 6,
    f.partial ? 1 : 0,
    Math.log1p(f.mentionWords) / 2,
    f.closedBefore ? 1 : 0,
  ];
}

/** The model's probability that a candidate with these features is right. */
export function speakerProbability(model: SpeakerModel, features: readonly number[]): number {
  let z = 0;
  for (let i = 0; i < features.length; i++) z += (model.weights[i] ?? 0) * (features[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}
