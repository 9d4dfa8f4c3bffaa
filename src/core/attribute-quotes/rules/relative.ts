import type { Span } from '../../span.ts';
import type { Found } from '../attribution.ts';
import { findCues } from '../find-cues.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** `Beck, who has called Trump “a sociopath”`: the relative pronoun is the mention. */
export const relative: SpeakerRule<'relative'> = { name: 'relative', propose: (q) => matchRelative(q.text, q.before) };

/** "Beck, who has called Trump “a sociopath”": the relative pronoun is the mention, the name before it the speaker. */
function matchRelative(text: string, ctx: Span): Found | null {
  const m = /,\s+(who|which)\s+(?:[\p{L}’'-]+\s+){0,6}?/u.exec(ctx.text);
  if (!m?.[1]) return null;
  const tail = ctx.text.slice(m.index + m[0].length);
  const cue = findCues(tail, true)[0];
  if (!cue || cue.index > 40) return null;
  const at = ctx.start + m.index + m[0].indexOf(m[1], 1);
  return { mention: { text: m[1], start: at, end: at + m[1].length }, cue: cue[0] };
}
