import type { Article } from './parse-article.ts';
import { findQuoteSpans } from './find-quote-spans.ts';
import { attributeQuotes } from './attribute-quotes/index.ts';
import { detectLanguage } from './detect-language.ts';
import { findCandidates, selectSummary } from './summarize.ts';
import { rankQuotes } from './rank-quotes.ts';
import { articleWords } from './article-words.ts';
import { wordCount as countWords } from './normalize-text.ts';
import type { Span } from './span.ts';
import type { SpeakerModel } from './speaker-model.ts';
import { aroundQuotes, firstQuotes, withinDigestBudget } from './within-digest-budget.ts';

/** A direct quote of the article, with who said it. */
export interface DigestQuote extends Span {
  /** Canonical name of the speaker ("Kaja Kallas"), or null when the article does not say. */
  speaker: string | null;
  /** Where the article names the speaker for this quote ("the EU diplomat"). */
  mention: Span | null;
  /** The verb or phrase introducing the quote ("said", "according to"). */
  cue: string | null;
}

/** Everything a renderer needs to lay out one article; renderers never re-parse the text. */
export interface Digest {
  source: string;
  title: string | null;
  date: string | null;
  url: string | null;
  /** Summary sentences in article order; each is a verbatim span of the article text. */
  summary: Span[];
  /** Every direct quote found within the budget (`DIGEST_BUDGET`), most important first. */
  quotes: DigestQuote[];
  /** The article's language ("en", "fr", …), or null when the text is too short to tell. */
  language: string | null;
  /** The quotes worth showing (the best few with substance), a prefix of the ranking's choice. */
  keyQuotes: DigestQuote[];
  wordCount: number;
  /** Minutes to read the whole article at 230 words a minute, at least 1. */
  readingMinutes: number;
  /** Set when the digest should warn the reader, e.g. the article looked truncated. */
  notice: string | null;
}

/** How long a digest should be. */
export interface DigestOptions {
  /** Summary sentences (default 3). */
  sentences?: number;
  /** Key quotes to show (default 3); `quotes` always lists all. */
  quotes?: number;
  notice?: string | null;
  /** The speaker model to attribute with (default: the fitted one); evaluation passes models fitted on other folds. */
  speakerModel?: SpeakerModel;
}

/**
 * Turns an article into a digest: an extractive summary and every direct quote with its speaker,
 * ranked. Pure and deterministic; every span is `article.text.slice(start, end)`.
 */
export function formatDigest(article: Article, options: DigestOptions = {}): Digest {
  const sentenceCount = Math.max(0, Math.floor(options.sentences ?? 3));
  const quoteCount = Math.max(0, Math.floor(options.quotes ?? 3));
  // Summary and quotes are read from the part within the CPU budget (a prefix: offsets hold).
  const read = withinDigestBudget(article);
  const found = findQuoteSpans(read.text, read.blocks);
  const spans = firstQuotes(found);
  const language = detectLanguage(article);
  // Attribution reads every name and cue of the article: not worth it for no quote at all.
  const attributions = spans.length === 0 ? [] : attributeQuotes(aroundQuotes(read, spans, found.length), spans, { ...(options.speakerModel ? { model: options.speakerModel } : {}), language });
  // Tokenised and stemmed once for the summary features and the quote ranking.
  const tokens = articleWords(read.text);
  const candidates = findCandidates(read, spans, tokens);
  const summary = selectSummary(candidates, sentenceCount);
  const quotes: DigestQuote[] = spans.map((q, i) => {
    const a = attributions[i] ?? { speaker: null, mention: null, cue: null };
    return { text: article.text.slice(q.start, q.end), start: q.start, end: q.end, speaker: a.speaker, mention: a.mention, cue: a.cue };
  });
  const ranked = rankQuotes(read, quotes, summary, tokens);
  const wordCount = article.blocks.filter((b) => b.kind === 'body').reduce((n, b) => n + countWords(b.text), 0);
  return {
    source: article.source,
    title: article.title,
    date: article.date,
    url: article.url,
    summary,
    quotes: ranked.map((r) => r.quote),
    language,
    keyQuotes: ranked.filter((r) => r.key).slice(0, quoteCount).map((r) => r.quote),
    wordCount,
    readingMinutes: Math.max(1, Math.round(wordCount / 230)),
    notice: options.notice ?? null,
  };
}
