import { formatDigest, groupStories, rankStories, storyLeads, type Article, type ChannelDigest, type ChannelDigestOptions, type Digest, type DigestOptions, type StoryInput } from '../core/index.ts';

/**
 * Whose work it is: a person waiting for an answer (`command`), or the schedule (`schedule`). A
 * command goes ahead of scheduled work and is refused (`BUSY`) when the queue is full; scheduled
 * work waits for room instead.
 */
export type DigestPriority = 'command' | 'schedule';

/**
 * Builds digests, somewhere: on this thread ({@link inlineDigests}) or in a pool of worker threads
 * (the `DIGEST_WORKERS` setting), so that the event loop only acknowledges, routes and posts.
 */
export interface DigestBuilder {
  /** `formatDigest(article, options)`; rejects with `BUSY` when a command finds the queue full. */
  digest(article: Article, options: DigestOptions, priority: DigestPriority): Promise<Digest>;
  /**
   * `groupStories(articles)`: the story groups of a channel digest. `keys[i]`, when given, names
   * article i's content (its URL and content hash), so a builder may reuse what it made of it.
   */
  groupStories(articles: readonly Article[], priority: DigestPriority, keys?: readonly string[]): Promise<number[][]>;
}

/** Digests made on the calling thread: the CLI's way, and `DIGEST_WORKERS=0`. */
export const inlineDigests: DigestBuilder = {
  digest: async (article, options) => formatDigest(article, options),
  groupStories: async (articles) => groupStories(articles),
};

/**
 * `formatChannelDigest` with the grouping and each story's digest made by `builder`: the same
 * stories, in the same order, as the core's synchronous one.
 */
export async function buildChannelDigest(builder: DigestBuilder, inputs: readonly StoryInput[], options: ChannelDigestOptions, priority: DigestPriority): Promise<ChannelDigest> {
  const groups = await builder.groupStories(inputs.map((i) => i.article), priority);
  const leads = storyLeads(inputs, groups, options);
  const digests = await Promise.all(leads.map(({ lead, options: digestOptions }) => builder.digest(lead.article, digestOptions, priority)));
  return rankStories(inputs, leads, digests, options);
}
