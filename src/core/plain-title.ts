import { oneLine } from './speaker-label.ts';

// Bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and the
// left-to-right and right-to-left marks (U+200E, U+200F).
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g;

/**
 * A title as a platform shows it in a header: on one line, without bidi controls. An override
 * (U+202E) in a page's title would otherwise reverse the text after it in Slack's header or a
 * Discord embed's title — and what follows it, such as a link's look — so the title can pose as
 * something else. The article text and its offsets are untouched: only the heading shown changes.
 */
export function plainTitle(text: string): string {
  return oneLine(text.replace(BIDI_CONTROLS, ''));
}
