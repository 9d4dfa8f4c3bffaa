/**
 * Joins whole sentences (or quotes) while they fit in `limit` characters, so a platform's size
 * limit never cuts a sentence in half. When even the first one is too long, it is cut at a word
 * boundary and ends with "…" — still a verbatim prefix of the article.
 */
export function fitText(parts: readonly string[], limit: number, separator = ' '): string {
  let out = '';
  for (const part of parts) {
    const next = out ? `${out}${separator}${part}` : part;
    if (next.length <= limit) {
      out = next;
      continue;
    }
    if (!out) {
      const cut = part.slice(0, Math.max(0, limit - 1));
      const space = cut.lastIndexOf(' ');
      out = `${space > limit / 2 ? cut.slice(0, space) : cut}…`;
    }
    break;
  }
  return out;
}

/** Cuts text to `limit` characters, ending with "…" when it had to cut. */
export function clipText(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, Math.max(0, limit - 1))}…`;
}

/**
 * Fits one long text (a quote) into `limit` characters by keeping its first whole sentences,
 * each passed through `escape` first; ends with " …" when sentences were dropped. What is shown
 * is still a verbatim prefix of the article.
 */
export function fitSentences(text: string, limit: number, escape: (s: string) => string = (s) => s): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences = (flat.match(/[^.!?…]+(?:[.!?…]+["”’]?\s*|$)/g) ?? [flat]).map((s) => escape(s.trim())).filter(Boolean);
  const whole = sentences.join(' ');
  if (whole.length <= limit) return whole;
  const body = fitText(sentences, limit - 2);
  return body.endsWith('…') ? body : `${body} …`;
}
