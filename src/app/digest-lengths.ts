import type { DigestLength } from './store.ts';

/** Summary sentences and key quotes of each digest length, for `/brief` and for subscriptions alike. */
export const DIGEST_LENGTHS = {
  short: { sentences: 1, quotes: 0 },
  standard: { sentences: 3, quotes: 2 },
  long: { sentences: 5, quotes: 4 },
} as const satisfies Record<DigestLength, { sentences: number; quotes: number }>;

/** The length a word names (`short`, `standard`, `long`, any case), or null. */
export function parseDigestLength(word: string): DigestLength | null {
  const folded = word.trim().toLowerCase();
  return folded === 'short' || folded === 'standard' || folded === 'long' ? folded : null;
}
