import type { Span } from '../../span.ts';
import type { Found } from '../attribution.ts';
import { findCues, isNounUse, type Cue } from '../find-cues.ts';
import { agentAfter, nounPhraseAfter, nounPhraseBefore } from '../noun-phrases.ts';
import { sentenceSubject } from './subject.ts';
import type { SpeakerRule } from './speaker-rule.ts';

// Two readings of a quote (`before`, `lastCueBefore`) look for the cues of the same clause, which
// its context holds once: they are kept per clause span (the entry goes with the quote's context).
const cuesOfClause = new WeakMap<Span, readonly Cue[]>();
function cuesOf(ctx: Span): readonly Cue[] {
  let cues = cuesOfClause.get(ctx);
  if (!cues) cuesOfClause.set(ctx, (cues = findCues(ctx.text)));
  return cues;
}

/** The clause before the quote credits it: `Kallas said: "…"`, `According to X, "…"`. */
export const before: SpeakerRule<'before'> = { name: 'before', propose: (q) => matchBefore(q.text, q.before) };

/** `Kallas said:` / `According to X,` / `X told reporters that "` / `Trump says voter fraud "would…`. */
export function matchBefore(text: string, ctx: Span): Found | null {
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
  for (const cue of cuesOf(ctx)) {
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

/**
 * The verb of speech nearest the quote before it, with its subject: in `a woman asked for a photo
 * and Clinton said, “…”` or `a star likened to …, Speaker Paul Ryan said “…”` the last verb is the
 * one that introduces the quote, where `before` takes the first.
 */
export const lastCueBefore: SpeakerRule<'lastCueBefore'> = { name: 'lastCueBefore', propose: (q) => matchLastCueBefore(q.text, q.before) };

function matchLastCueBefore(text: string, ctx: Span): Found | null {
  if (ctx.text.trim().length === 0) return null;
  const cues = cuesOf(ctx);
  // With one verb, `before` has read it already.
  if (cues.length < 2) return null;
  for (let i = cues.length - 1; i >= 0; i--) {
    const cue = cues[i];
    if (!cue) continue;
    const at = ctx.start + cue.index;
    if (isNounUse(text, at)) continue;
    const np = nounPhraseBefore(text, ctx.start, at);
    if (!np || /\b(?:and|but|or)$/i.test(np.text)) return null;
    // "a photo and Clinton said": the subject is the phrase after the last "and".
    const joined = /^.*\s(?:and|but)\s+/s.exec(np.text);
    const mention = joined ? { text: np.text.slice(joined[0].length), start: np.start + joined[0].length, end: np.end } : np;
    return { mention, cue: cue[0] };
  }
  return null;
}
