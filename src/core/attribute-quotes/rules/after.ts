import type { Span } from '../../span.ts';
import type { Found } from '../attribution.ts';
import { CUE_WORDS, findCues } from '../find-cues.ts';
import { nounPhraseAfter, nounPhraseBefore } from '../noun-phrases.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** The clause right after the quote credits it: `"…," she said`, `"…," said Caddell`. */
export const after: SpeakerRule<'after'> = { name: 'after', propose: (q) => matchAfter(q.text, q.after) };

// Built once: compiling the alternation of every cue for each quote was a noticeable share of attribution.
const INVERTED = new RegExp(`^(?:(?:he|she|they)\\s+)?(${CUE_WORDS}|according to)\\s+`, 'iu');

/** `," the European official said` / `," said Caddell` / `," according to officials`. */
export function matchAfter(text: string, ctx: Span): Found | null {
  const lead = /^[\s,;:―—–-]*/u.exec(ctx.text)?.[0].length ?? 0;
  const rest = ctx.text.slice(lead);
  if (rest.length === 0) return null;
  const base = ctx.start + lead;
  // “…” ― Sonya Herridge: a dash and a name sign the quote.
  if (/^\s*[―—–-]/.test(ctx.text)) {
    const np = nounPhraseAfter(text, base, ctx.end);
    if (np) return { mention: np, cue: '―' };
  }
  // Inverted: said X / according to X.
  const inverted = INVERTED.exec(rest);
  if (inverted && !/^(?:he|she|they)\s/i.test(rest)) {
    const np = nounPhraseAfter(text, base + inverted[0].length, ctx.end);
    if (np) return { mention: np, cue: inverted[1] ?? null };
  }
  // Subject first: "X said", "X, the long description of X, said", "campaign spokesman X said".
  const cue = findCues(rest, true)[0];
  if (cue && cue.index <= 160) {
    const at = base + cue.index;
    const np = nounPhraseBefore(text, base, at);
    if (np && np.start - base <= 2) return { mention: np, cue: cue[0] };
    if (np && /^[\p{L}\p{N} .’'/-]{0,50}$/u.test(text.slice(base, np.start))) {
      return { mention: { text: text.slice(base, np.end), start: base, end: np.end }, cue: cue[0] };
    }
    const lead = nounPhraseAfter(text, base, at);
    if (lead && lead.start === base && /\p{Lu}/u.test(lead.text)) return { mention: lead, cue: cue[0] };
  }
  return null;
}

