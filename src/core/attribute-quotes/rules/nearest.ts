import { isPersonLike, type NameMention } from '../../find-names.ts';
import type { Span } from '../../span.ts';
import type { Found } from '../attribution.ts';
import { firstAtOrAfter } from '../positions.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** The last person or pronoun before the quote in its sentence. */
export const nearestBefore: SpeakerRule<'nearestBefore'> = { name: 'nearestBefore', propose: (q) => nearestReference(q.text, q.before, q.names, true) };

/** The first person or pronoun after the quote in its sentence. */
export const nearestAfter: SpeakerRule<'nearestAfter'> = { name: 'nearestAfter', propose: (q) => nearestReference(q.text, q.after, q.names, false) };

/** The first person or pronoun of the quote's sentence, before the quote. */
export const firstBefore: SpeakerRule<'firstBefore'> = { name: 'firstBefore', propose: (q) => nearestReference(q.text, q.before, q.names, false) };

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
