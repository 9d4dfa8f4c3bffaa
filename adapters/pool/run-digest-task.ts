import { formatDigest, groupStories, isNewsbriefError, type Article, type Digest, type DigestOptions } from '../../src/core/index.ts';

/** One piece of digest work, as plain data a worker thread can be sent. */
export type DigestTask = { kind: 'digest'; article: Article; options: DigestOptions } | { kind: 'group'; articles: Article[] };

/** What a task gives back: a digest, or story groups. */
export type DigestTaskResult = Digest | number[][];

/** A task's outcome as a worker posts it: an error is its code and message, since an Error does not cross threads whole. */
export type DigestTaskOutcome = { ok: true; value: DigestTaskResult } | { ok: false; code: string | null; message: string };

/** Does one task; a worker thread and `DIGEST_WORKERS=0` both run it through here. */
export function runDigestTask(task: DigestTask): DigestTaskOutcome {
  try {
    return { ok: true, value: task.kind === 'digest' ? formatDigest(task.article, task.options) : groupStories(task.articles) };
  } catch (error) {
    return { ok: false, code: isNewsbriefError(error) ? error.code : null, message: error instanceof Error ? error.message : String(error) };
  }
}
