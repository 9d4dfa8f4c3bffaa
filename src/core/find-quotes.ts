import { bm25Term } from './bm25.ts';
import type { Article } from './parse-article.ts';
import { formatDigest, type Digest, type DigestQuote } from './format-digest.ts';
import { contentStems, words } from './normalize-text.ts';

/** A quote that answers a lookup, with the sentence around it for context. */
export interface QuoteMatch {
  quote: DigestQuote;
  /** Higher is better; speaker matches rank above topic matches. */
  score: number;
  /** True when the query named the speaker. */
  bySpeaker: boolean;
}

/**
 * Finds the quotes that best answer `query`: by speaker (any form of the name, case- and
 * diacritic-insensitive, surname alone) and by topic words (BM25 over the quote and its
 * sentence). "Kallas sanctions" finds what Kallas said about sanctions. Best first; empty when
 * nothing matches.
 */
export function findQuotes(source: Digest | Article, query: string, articleText?: string): QuoteMatch[] {
  const digest = 'blocks' in source ? formatDigest(source) : source;
  const text = 'blocks' in source ? source.text : articleText;
  const queryWords = words(query);
  if (queryWords.length === 0) return [];

  // Query words that name a speaker in this article; the rest are topic words.
  const speakerWords = new Set<string>();
  for (const q of digest.quotes) {
    const names = new Set([...words(q.speaker ?? ''), ...(q.mention ? words(q.mention.text) : [])]);
    for (const w of queryWords) if (names.has(w) && w.length > 1 && !/^(?:he|she|they|the|a|an)$/.test(w)) speakerWords.add(w);
  }
  const topic = contentStems(queryWords.filter((w) => !speakerWords.has(w)).join(' '));

  // Two fields, as in BM25F: the quote's own words count double, its paragraph adds context.
  const own = field(digest.quotes.map((q) => contentStems(q.text)));
  const around = field(digest.quotes.map((q) => contentStems(contextOf(q, text))));

  const matches: QuoteMatch[] = [];
  digest.quotes.forEach((quote, i) => {
    const names = new Set([...words(quote.speaker ?? ''), ...(quote.mention ? words(quote.mention.text) : [])]);
    const bySpeaker = speakerWords.size > 0 && [...speakerWords].some((w) => names.has(w));
    if (speakerWords.size > 0 && !bySpeaker) return;
    const score = 2 * bm25(topic, own, i) + bm25(topic, around, i) + (bySpeaker ? 10 : 0);
    if (score <= 0) return;
    matches.push({ quote, score, bySpeaker });
  });
  // With topic words, quotes about the topic are the answer; the speaker's other quotes are not.
  const onTopic = topic.length > 0 ? matches.filter((m) => m.score > (m.bySpeaker ? 10.01 : 0.01)) : [];
  const answer = onTopic.length > 0 ? onTopic : matches;
  return answer.sort((a, b) => b.score - a.score || words(b.quote.text).length - words(a.quote.text).length);
}

/** The quote with its paragraph when the text is known: topic words often sit around a quote. */
function contextOf(quote: DigestQuote, text: string | undefined): string {
  if (text === undefined) return quote.text;
  const from = Math.max(0, text.lastIndexOf('\n', quote.start - 1), quote.start - 300);
  const nl = text.indexOf('\n', quote.end);
  const to = Math.min(nl < 0 ? text.length : nl, quote.end + 300);
  return text.slice(from, to);
}

interface Field {
  docs: string[][];
  df: Map<string, number>;
  avg: number;
}

function field(docs: string[][]): Field {
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  return { docs, df, avg: docs.reduce((n, d) => n + d.length, 0) / Math.max(1, docs.length) };
}

function bm25(query: readonly string[], f: Field, index: number): number {
  if (query.length === 0) return 0.001; // a speaker-only query: every quote of theirs matches
  const doc = f.docs[index] ?? [];
  const tf = new Map<string, number>();
  for (const w of doc) tf.set(w, (tf.get(w) ?? 0) + 1);
  let score = 0;
  for (const w of new Set(query)) score += bm25Term(tf.get(w) ?? 0, f.df.get(w) ?? 0, f.docs.length, doc.length, Math.max(1, f.avg));
  return score;
}
