import { chooseCandidate, speakerFeatures, speakerProbability, type CandidateFacts, type MentionKind, type Rule, type SpeakerModel } from '../speaker-model.ts';
import { NO_ONE, type Attribution } from './attribution.ts';
import type { ResolvedCandidate } from './candidate-facts.ts';

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

/** The model's scores for each candidate; without a model, the first in rule order is certain. */
export function scoreCandidates(model: SpeakerModel | null, resolved: readonly ResolvedCandidate[], facts: readonly CandidateFacts[]): SpeakerCandidate[] {
  return resolved.map(({ rule, r }, order) => {
    const features = speakerFeatures(facts[order] as CandidateFacts);
    return { rule, attribution: r.attribution, kind: r.kind, features, probability: model === null ? (order === 0 ? 1 : 0) : speakerProbability(model, features) };
  });
}

/**
 * The credit a quote gets: the candidate the ranking prefers, its name withheld when the model is
 * not sure enough. Outside English (`english` false) only labels and signatures are candidates,
 * and they name the speaker outright, so no threshold applies — but a label naming nobody is no credit.
 */
export function chooseSpeaker(model: SpeakerModel | null, candidates: readonly SpeakerCandidate[], english: boolean): { attribution: Attribution; chosen: number } {
  const chosen = model === null ? (candidates.length > 0 ? 0 : -1) : chooseCandidate(model, candidates.map((c) => c.features));
  const best = candidates[chosen];
  let attribution = best?.attribution ?? NO_ONE;
  const certain = !english && best !== undefined;
  if (best && model !== null && !certain && nameConfidence(candidates, chosen) < model.threshold) {
    // Not sure enough to name anyone. A mention stays — the one likeliest to be where the article
    // credits the quote — and renderers show it only when it is a role ("the European official").
    const where = candidates[chooseCandidate({ rankWeights: model.mentionWeights }, candidates.map((c) => c.features))]?.attribution ?? attribution;
    attribution = { speaker: null, mention: where.mention, cue: where.cue };
  }
  // A label that names nobody ("Une de ses conseillères a répondu :") is no credit either.
  if (!english && attribution.speaker === null) attribution = NO_ONE;
  return { attribution, chosen };
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
