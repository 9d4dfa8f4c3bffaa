import { toMention } from '../../find-names.ts';
import type { Span } from '../../span.ts';
import { PRONOUN, type Found } from '../attribution.ts';
import { contextBefore } from '../context-around.ts';
import { nounPhraseAfter } from '../noun-phrases.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** A partial quote inside a sentence: the sentence's subject (a name or he/she/they) said it. */
export const subject: SpeakerRule<'subject'> = {
  name: 'subject',
  propose: (q) => (q.before.end - q.before.start > 0 || q.after.end - q.after.start > 0 ? sentenceSubject(q.text, contextBefore(q.text, q.startBlock.start, q.quote.outerStart)) : null),
};

/**
 * The subject that opens the sentence: for a partial quote inside reported speech, or a verb that
 * shares the subject of the sentence. Without `roles`, only names and he/she/they count.
 */
export function sentenceSubject(text: string, ctx: Span, roles = false): Found | null {
  const np = nounPhraseAfter(text, ctx.start, ctx.end);
  if (!np || np.start !== ctx.start) return null;
  if (PRONOUN.test(np.text)) return /^(?:it|i|we)$/i.test(np.text) && !roles ? null : { mention: np, cue: null };
  if (roles && /^(?:The|This|That)\s/.test(np.text)) return { mention: np, cue: null };
  if (!/^\p{Lu}/u.test(np.text) || /^(?:The|A|An)\s/.test(np.text)) return null;
  const name = toMention(np.text, np.start, false);
  return name && name.start === np.start ? { mention: np, cue: null } : null;
}
