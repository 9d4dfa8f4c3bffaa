/**
 * The newsbrief core: article model, summary, quotes with speakers, quote search and digest
 * assembly. Pure TypeScript; adapters import the core only through this file.
 */
export type { Span } from './span.ts';
export { NewsbriefError, isNewsbriefError, toError, causeOf, type NewsbriefErrorCode } from './errors.ts';
export { parseArticle, bodyBlocks, type Article, type ArticleMeta, type Block, type BlockKind } from './parse-article.ts';
export { splitSentences } from './split-sentences.ts';
export { findQuoteSpans, type QuoteSpan } from './find-quote-spans.ts';
export { attributeQuotes, type Attribution } from './attribute-quotes/index.ts';
export { formatDigest, type Digest, type DigestQuote, type DigestOptions } from './format-digest.ts';
export { findQuotes, type QuoteMatch } from './find-quotes.ts';
export { foldText, isRegexSpace, wordCount } from './normalize-text.ts';
export { findArticles, searchArticles, type ArticleMatch } from './find-articles.ts';
export { articleTerms, indexArticles, type ArticleIndex, type ArticleTerms } from './index-articles.ts';
export { groupStories, storyTerms, type StoryTerms } from './group-stories.ts';
export { formatChannelDigest, rankStories, storyLeads, type ChannelDigest, type ChannelDigestOptions, type ChannelStory, type StoryInput, type StoryLead } from './format-channel-digest.ts';
export { speakerLabel, oneLine } from './speaker-label.ts';
export { fitText, cutText, clipText, CUT_MARK, type Escape } from './fit-text.ts';
export { articleName, digestByline, sourceName, storyByline, webUrl } from './digest-byline.ts';
export { plainTitle } from './plain-title.ts';
