import { formatDigest, groupStories, isNewsbriefError, storyTerms, type Article, type Digest, type DigestOptions, type StoryTerms } from '../../src/core/index.ts';
import { createLru } from './create-lru.ts';

/**
 * One piece of digest work, as plain data a worker thread can be sent. A grouping may carry each
 * article's content key (URL and content hash, from the digest cache), so that an article grouped
 * again for another channel is not stemmed again — nor even sent: with keys, an article is null
 * where the pool knows this thread keeps its stems (copying 50 articles to a worker for every
 * channel was a fifth of a tick's main-thread time).
 */
export type DigestTask = { kind: 'digest'; article: Article; options: DigestOptions } | { kind: 'group'; articles: (Article | null)[]; keys?: string[] };

/** The code of a grouping that lacked an article whose stems this thread no longer keeps: the pool sends it again, whole. */
export const MISSING_TERMS = 'MISSING_TERMS';

/** What a task gives back: a digest, or story groups. */
export type DigestTaskResult = Digest | number[][];

/** A task's outcome as a worker posts it: an error is its code and message, since an Error does not cross threads whole. */
export type DigestTaskOutcome = { ok: true; value: DigestTaskResult } | { ok: false; code: string | null; message: string };

/**
 * Articles whose grouping stems this thread keeps, by content key: 5,000 (about 3 kB each once
 * compacted, so ~15 MB), least recently used out first — a tick's articles of a few hundred feeds.
 */
export const TERMS_KEPT = 5_000;
const terms = createLru<StoryTerms>(TERMS_KEPT);

/** An article's stems, from this thread's cache when its key was grouped before. */
function termsOf(article: Pick<Article, 'text' | 'title'> | null, key: string | undefined): StoryTerms {
  const kept = key === undefined ? undefined : terms.get(key);
  if (kept) return kept;
  if (!article) throw new MissingTerms();
  if (key === undefined) return storyTerms(article);
  const made = storyTerms(article);
  // A fresh stem of 13 characters or more may be a slice of the article's text (V8 slices strings
  // from that length on, and a word that folding and stemming leave alone stays one), which
  // keeping the stem would keep too: those few are copied flat (copying every stem cost a
  // twentieth of a worker's tick). Shorter ones are copies already.
  return terms.set(key, { stems: made.stems.map((stem) => (stem.length < 13 ? stem : (JSON.parse(JSON.stringify(stem)) as string))), counts: made.counts });
}

class MissingTerms extends Error {}
const missingTerms = (): never => {
  throw new MissingTerms();
};

/** Does one task; a worker thread and `DIGEST_WORKERS=0` both run it through here. */
export function runDigestTask(task: DigestTask): DigestTaskOutcome {
  try {
    if (task.kind === 'digest') return { ok: true, value: formatDigest(task.article, task.options) };
    const { keys, articles } = task;
    // Without keys every article is there (the pool leaves out only keyed ones), and the core keeps their stems by object.
    if (!keys) return { ok: true, value: groupStories(articles.map((a) => a ?? missingTerms())) };
    // An article left out is read only through its key's stems; `text` and `title` are never touched for it.
    const placeholder = { text: '', title: null };
    return { ok: true, value: groupStories(articles.map((a) => a ?? placeholder), undefined, (_, i) => termsOf(articles[i] ?? null, keys[i])) };
  } catch (error) {
    if (error instanceof MissingTerms) return { ok: false, code: MISSING_TERMS, message: 'a grouping lacked an article whose stems this thread does not keep' };
    return { ok: false, code: isNewsbriefError(error) ? error.code : null, message: error instanceof Error ? error.message : String(error) };
  }
}
