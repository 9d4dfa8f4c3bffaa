import type { Article } from '../parse-article.ts';
import type { QuoteSpan } from '../find-quote-spans.ts';
import { canonicalName, type NameMention } from '../find-names.ts';
import { isRegexSpace } from '../normalize-text.ts';
import { findCues } from './find-cues.ts';
import type { Genders } from './learn-genders.ts';
import { agentAfter, nounPhraseAfter, nounPhraseBefore } from './noun-phrases.ts';
import { anyNameWithin, nameIn } from './resolve-mention.ts';

/** A named person who is the subject of a verb of speech, and where. */
export interface SpeakerEvent {
  at: number;
  speaker: string;
  female: boolean | null;
}

// The words a passive credit starts with ("stated by …"): a cue's own word is looked up here
// before the regex is tried.
const PASSIVE_CUES = new Set(['stated', 'said', 'told', 'announced', 'written', 'reported']);
const PASSIVE = new RegExp(`^(?:${[...PASSIVE_CUES].join('|')})\\s+by\\s+`, 'i');

/** `/["”’]\s*$/u.test(text.slice(from, to))`, read back from `to`: the last character before any spaces closes a quote. */
function closesQuote(text: string, from: number, to: number): boolean {
  let j = to - 1;
  while (j >= from && isRegexSpace(text.charCodeAt(j))) j--;
  if (j < from) return false;
  const code = text.charCodeAt(j);
  return code === 0x22 || code === 0x201d || code === 0x2019;
}

/**
 * Speaker events: every place where a named person or a role is the subject of a cue verb,
 * quote or not ("This was stated by … Kaja Kallas", "Kallas also believes"). Pronouns and role
 * nouns later in the article resolve to the most recent of these.
 */
export function findSpeakerEvents(article: Article, quotes: readonly QuoteSpan[], names: readonly NameMention[], genders: Genders): SpeakerEvent[] {
  const text = article.text;
  const events: SpeakerEvent[] = [];
  for (const block of article.blocks) {
    if (block.kind !== 'body') continue;
    let q = 0;
    for (const cue of findCues(block.text)) {
      const at = block.start + cue.index;
      // Quotes are sorted: walk them alongside the cues instead of searching all of them.
      while (q < quotes.length && (quotes[q]?.end ?? 0) <= at) q++;
      const around = quotes[q];
      if (around && at > around.start && at < around.end) continue;
      // Only these cues can be passive: the regex reads from the cue's own word.
      const passive = PASSIVE_CUES.has(cue[0].toLowerCase()) ? PASSIVE.exec(text.slice(at, at + 40)) : null;
      // `“…,” said Tom Forte`: the speaker follows an inverted cue, so a later "he said" finds Forte.
      const inverted = !passive && closesQuote(text, Math.max(block.start, at - 4), at);
      // The subject is looked for only where a name could be: most cues have none near them, and
      // reading a noun phrase is the costly part. (One character more: a span may take a final full stop.)
      // (The noun phrase after an inverted cue starts at its first word, past the space.)
      const from = passive ? at + passive[0].length : inverted ? at + cue[0].length + (/^\s*/.exec(text.slice(at + cue[0].length, at + cue[0].length + 8))?.[0].length ?? 0) : Math.max(block.start, at - 150);
      const to = passive || inverted ? Math.min(block.end, from + 120) : at;
      if (!anyNameWithin(names, from, to + 1)) continue;
      const np = passive ? agentAfter(text, from, block.end) : inverted ? nounPhraseAfter(text, from, block.end) : nounPhraseBefore(text, from, at);
      if (!np) continue;
      const name = nameIn(np, names);
      if (name) events.push({ at, speaker: canonicalName(name, names), female: genders.get(name.key) ?? null });
    }
  }
  return events;
}
