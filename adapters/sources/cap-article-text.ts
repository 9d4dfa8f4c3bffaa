// Apart from extract-article.ts so that plain text (a feed's text, a text/plain page) is capped
// without loading linkedom and Readability.

/** Longer article text than this is cut at a paragraph: a digest of 4 MB would hold the bot up for seconds. */
export const MAX_ARTICLE_CHARS = 200_000;
/** What a digest of a cut article says. */
export const LONG_NOTICE = `The page is very long; the digest covers its first ${MAX_ARTICLE_CHARS / 1000} kB of text.`;

/** Cuts text longer than {@link MAX_ARTICLE_CHARS} at the last paragraph break before it. */
export function capArticleText(text: string): { text: string; cut: boolean; notice: string | null } {
  if (text.length <= MAX_ARTICLE_CHARS) return { text, cut: false, notice: null };
  const lastBreak = text.lastIndexOf('\n\n', MAX_ARTICLE_CHARS);
  return { text: text.slice(0, lastBreak > MAX_ARTICLE_CHARS / 2 ? lastBreak : MAX_ARTICLE_CHARS), cut: true, notice: LONG_NOTICE };
}
