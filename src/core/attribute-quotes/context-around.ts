import type { Span } from '../span.ts';
import { splitSentences } from '../split-sentences.ts';

/** How far back or ahead of a quote its context is read, in characters. */
export const CONTEXT_LIMIT = 300;

/** The clause before a quote, back to the start of its sentence (bounded, so regexes stay cheap). */
export function contextBefore(text: string, from: number, to: number): Span {
  const sentences = splitSentences(text, Math.max(from, to - CONTEXT_LIMIT), to);
  const last = sentences[sentences.length - 1];
  // The last sentence runs on into the quote (`Kallas said, “`), unless it has closed already with
  // a full stop the splitter could not yet see as one (`… so far. “On abortion…”`: nothing but the
  // quote follows it, so the splitter left it open). That sentence is the one before, not the quote's.
  const start = last && last.end >= to - 1 && !closed(last.text) ? last.start : to;
  return { text: text.slice(start, to), start, end: to };
}

/** The clause after a quote, up to the end of its sentence. */
export function contextAfter(text: string, from: number, to: number): Span {
  const end = Math.min(to, from + CONTEXT_LIMIT);
  // A leading space keeps the splitter from reading the closing punctuation as a sentence start.
  const first = splitSentences(text, from, end)[0];
  const cut = first ? Math.min(end, first.end) : from;
  return { text: text.slice(from, cut), start: from, end: cut };
}

// A full stop, question or exclamation mark, perhaps inside closing marks, that is not an
// abbreviation's or an initial's ("Sen.", "U.S.").
const CLOSED = /[.!?]["'”’)\]]*\s*$/u;
const ABBREVIATION = /(?:^|\s)(?:(?:\p{L}\.)+|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Inc|Co|Corp|Ltd|vs|No|Prof|Rev|Hon|Sens|Reps)\.)\s*$/u;

function closed(sentence: string): boolean {
  return CLOSED.test(sentence) && !ABBREVIATION.test(sentence);
}
