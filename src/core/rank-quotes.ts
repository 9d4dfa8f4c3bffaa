import type { Article } from './parse-article.ts';
import type { DigestQuote } from './format-digest.ts';
import { contentStems, words } from './normalize-text.ts';
import type { Span } from './span.ts';

/** A quote with its importance and whether it is worth showing as a key quote. */
export interface RankedQuote {
  quote: DigestQuote;
  score: number;
  key: boolean;
}

/**
 * Orders quotes by importance: substance (a full statement beats a two-word phrase), a known
 * speaker, words shared with the title and the article's main topics, and not repeating what the
 * summary already shows. Key quotes have at least five words and say something the summary does not.
 */
export function rankQuotes(article: Article, quotes: readonly DigestQuote[], summary: readonly Span[]): RankedQuote[] {
  const topic = new Map<string, number>();
  for (const b of article.blocks) if (b.kind === 'body') for (const w of contentStems(b.text)) topic.set(w, (topic.get(w) ?? 0) + 1);
  const title = new Set(article.title ? contentStems(article.title) : []);
  const ranked = quotes.map((quote, i) => {
    const n = words(quote.text).length;
    const stems = contentStems(quote.text);
    const unique = [...new Set(stems)];
    const topical = unique.length === 0 ? 0 : unique.reduce((s, w) => s + Math.min(3, (topic.get(w) ?? 0) - 1), 0) / unique.length;
    const titled = unique.filter((w) => title.has(w)).length;
    const inSummary = summary.some((s) => s.start <= quote.start && s.end >= quote.end);
    const score =
      Math.min(n, 40) / 10 +
      (quote.speaker ? 1.5 : quote.mention ? 0.5 : 0) +
      topical +
      0.4 * Math.min(titled, 3) -
      (inSummary ? 2 : 0) -
      0.02 * i;
    return { quote, score, key: n >= 5 && !inSummary };
  });
  return ranked.sort((a, b) => b.score - a.score || a.quote.start - b.quote.start);
}
