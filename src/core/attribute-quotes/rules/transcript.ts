import type { Block } from '../../parse-article.ts';
import { toMention } from '../../find-names.ts';
import type { Found } from '../attribution.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** A transcript label opens the quote's paragraph: `PENCE: "…"`. */
export const transcript: SpeakerRule<'transcript'> = { name: 'transcript', propose: (q) => transcriptLabel(q.text, q.startBlock) };

/** A paragraph-opening "PENCE:" or "Kallas:" in a transcript. */
function transcriptLabel(text: string, block: Block): Found | null {
  // A label needs a colon in the paragraph's first 50 characters; most paragraphs have none.
  const head = text.slice(block.start, block.start + 50);
  if (!head.includes(':')) return null;
  const m = /^["“]?(\p{Lu}[\p{L}.’' -]{1,40}?):\s/u.exec(head);
  if (!m?.[1]) return null;
  const offset = block.start + m[0].indexOf(m[1]);
  if (!toMention(m[1], offset, false)) return null;
  return { mention: { text: m[1], start: offset, end: offset + m[1].length }, cue: ':' };
}
