import { formatDigest, groupStories, isNewsbriefError, storyTerms, type Article, type Digest, type DigestOptions, type StoryTerms } from '../../src/core/index.ts';
import { createLru } from './create-lru.ts';

/**
 * One piece of digest work, as plain data a worker thread can be sent. A grouping may carry each
 * article's content key (URL and content hash, from the digest cache), so that an article grouped
 * again for another channel is not stemmed again.
 */
export type DigestTask = { kind: 'digest'; article: Article; options: DigestOptions } | { kind: 'group'; articles: Article[]; keys?: string[] };

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
function termsOf(article: Pick<Article, 'text' | 'title'>, key: string | undefined): StoryTerms {
  if (key === undefined) return storyTerms(article);
  const kept = terms.get(key);
  if (kept) return kept;
  const made = storyTerms(article);
  // Fresh stems are slices and copies of the tokeniser's strings (about 12 kB an article); copied flat they are ~3 kB.
  return terms.set(key, { stems: JSON.parse(JSON.stringify(made.stems)) as string[], counts: made.counts });
}

/** Does one task; a worker thread and `DIGEST_WORKERS=0` both run it through here. */
export function runDigestTask(task: DigestTask): DigestTaskOutcome {
  try {
    if (task.kind === 'digest') return { ok: true, value: formatDigest(task.article, task.options) };
    const { keys } = task;
    return { ok: true, value: keys ? groupStories(task.articles, undefined, (article, i) => termsOf(article, keys[i])) : groupStories(task.articles) };
  } catch (error) {
    return { ok: false, code: isNewsbriefError(error) ? error.code : null, message: error instanceof Error ? error.message : String(error) };
  }
}
