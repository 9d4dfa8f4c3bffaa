import type { Span } from '../span.ts';

/** Who said a quote, as the article tells it. */
export interface Attribution {
  /** Canonical name ("Kaja Kallas"), or null when nobody can be named. */
  speaker: string | null;
  /** The words that name the speaker where the quote is attributed ("the EU diplomat", "she"). */
  mention: Span | null;
  /** The verb or phrase that introduces the quote ("said", "according to"). */
  cue: string | null;
}

/** A span of the text that names a speaker, with the cue that links it to a quote: what a rule proposes. */
export interface Found {
  mention: Span;
  cue: string | null;
}

/** No credit: nobody named, nothing mentioned. */
export const NO_ONE: Attribution = { speaker: null, mention: null, cue: null };

/** A personal pronoun standing alone. */
export const PRONOUN = /^(?:he|she|they|it|i|we)$/i;
