/** Quote attribution: who said each quote, as the article tells it (see `attribute-quotes.ts`). */
export { attributeQuotes, speakerCandidates, type AttributeOptions } from './attribute-quotes.ts';
export type { Attribution } from './attribution.ts';
export { nameConfidence, type QuoteCandidates, type SpeakerCandidate } from './choose-speaker.ts';
export { isRoleMention } from './resolve-mention.ts';
export { RULES } from './rules.ts';
