import type { Span } from '../../span.ts';
import type { Found } from '../attribution.ts';
import { nounPhraseAfter } from '../noun-phrases.ts';
import type { SpeakerRule } from './speaker-rule.ts';

// "…,” said Kristen Day, reports USA Today", "…,” Sanders said, according to CNN".
// "According to" needs no capital after it: "…,” Walker said, according to an Associated Press
// account" credits the account, as much as "according to CNN" does.
const REPORTED_AFTER = /\b(according to)\s+|\b(reports|reported)\s+(?=(?:the\s+)?\p{Lu})/u;
// "As Breitbart News reported, …", "As Vulture put it, “…”".
const REPORTED_BEFORE = /\b(?:[Aa]s|[Ii]n)\s+((?:the\s+)?\p{Lu}[\p{L}’'.-]*(?:\s+\p{Lu}[\p{L}’'.-]*)*)\s+(reported|reports|wrote|writes|put it)\b/u;

/**
 * The outlet or document the sentence says reported the quote: a second-hand source, which the
 * article may be crediting rather than the person quoted.
 */
export const reportedBy: SpeakerRule<'reportedBy'> = {
  name: 'reportedBy',
  propose: (q) => reportedAfter(q.text, q.after) ?? reportedBefore(q.before),
};

function reportedAfter(text: string, ctx: Span): Found | null {
  const m = REPORTED_AFTER.exec(ctx.text);
  if (!m) return null;
  const np = nounPhraseAfter(text, ctx.start + m.index + m[0].length, ctx.end);
  return np ? { mention: np, cue: m[1] ?? m[2] ?? null } : null;
}

// The verb REPORTED_BEFORE ends with: without it (nearly always), the costlier pattern cannot match.
const REPORTING_VERB = /\b(?:reported|reports|wrote|writes|put it)\b/u;

function reportedBefore(ctx: Span): Found | null {
  if (!REPORTING_VERB.test(ctx.text)) return null;
  const m = REPORTED_BEFORE.exec(ctx.text);
  if (!m?.[1]) return null;
  const at = ctx.start + m.index + m[0].indexOf(m[1]);
  return { mention: { text: m[1], start: at, end: at + m[1].length }, cue: m[2] ?? null };
}
