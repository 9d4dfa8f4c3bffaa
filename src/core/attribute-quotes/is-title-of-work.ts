// Words a title keeps in lower case ("Gone with the Wind", "Dancing on Ice").
const SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'but', 'of', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'as', 'into', 'over', 'no', 'not', 'like']);
const MAX_TITLE_WORDS = 6;
// What tells a work's name from a slogan or a chant, which are someone's words ("chanted “USA! USA!”"):
// a noun for a work right before it ("the television show “Nashville”", "an episode of “DWTS”"),
// or another quoted title before it in a list ("“Mary Poppins” and “Bambi”", "(“The Discovery,” “…”"),
// where the quote before ends with a comma or is followed by one.
// A full stop, question or exclamation mark (perhaps inside closing marks) before the quote: it opens a sentence.
const SENTENCE_ENDED = /[.!?][”"’)]*\s*$/u;
const WORK_BEFORE = /(?:\b(?:film|films|movie|movies|show|shows|series|sitcom|episode|episodes|book|books|novel|memoir|album|albums|song|songs|single|documentary|play|musical|programme|program|podcast|titled|entitled)(?:\s+of)?|,[”"’]|[”"’](?:,|\s+(?:and|or|&))|\()\s*$/iu;

/**
 * True when a quotation inside a sentence is the name of a work, not words someone said: a few
 * words, each capitalised but a title's small words ("Bambi", "The One I Love", "Dancing with the
 * Stars") after a noun for a work or another title. Such a quote gets no speaker — the person the
 * sentence is about directed, wrote or starred in it. A quote that opens its own sentence is speech
 * ("Please."), whatever its capitals; so is a slogan or a chant (`chanted “USA! USA!”`), which
 * nothing marks as a work.
 */
export function isTitleOfWork(quoteText: string, textBefore: string): boolean {
  // What stands before the opening mark tells: read past the mark itself.
  const lead = textBefore.replace(/[“"‘']\s*$/u, '');
  if (lead.trim().length === 0 || SENTENCE_ENDED.test(lead) || !WORK_BEFORE.test(lead)) return false;
  const words = quoteText.replace(/[.,!?;:]+\s*$/u, '').match(/[\p{L}\p{N}][\p{L}\p{N}’'.&-]*/gu) ?? [];
  if (words.length === 0 || words.length > MAX_TITLE_WORDS) return false;
  // "I" is capitalised in any sentence: a title of one word "I" is no evidence.
  if (words.length === 1 && words[0] === 'I') return false;
  return words.every((w, i) => /^[\p{Lu}\p{N}]/u.test(w) || (i > 0 && SMALL_WORDS.has(w)));
}
