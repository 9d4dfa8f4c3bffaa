import type { StoryInput } from '../../core/index.ts';
import type { ArticleLoader, Clock, ContentFolder, FeedPoll, FeedReader, LoadedArticle, Logger } from '../ports.ts';
import type { FeedItemStore, Subscription } from '../store.ts';
import { toError } from '../../core/index.ts';
import type { FeedOutcome } from './create-channel-alerts.ts';
import { inParallel } from './in-parallel.ts';
import { createArticleBudget, type ArticleBudget } from './create-article-budget.ts';

/**
 * What one tick shares between subscriptions: each feed is polled once, each item read once. A
 * tick works through its slots a few at a time (`SchedulerSettings.concurrency`); what they share
 * is bounded so that a tick of thousands of subscriptions does not keep every article it read.
 */
export interface TickCache {
  /** Each feed's poll of this tick, once, without its items: they are in the store, not kept here too. One entry per feed the tick's slots follow, dropped with the tick. */
  polls: Map<string, Promise<FeedPoll>>;
  /** Feed articles read this tick, within {@link TICK_ARTICLE_CHARS} (least recently used out first). */
  articles: ArticleBudget;
  /** content/, read once per tick however many subscriptions follow it (the content index holds it anyway). */
  content?: Promise<ContentFolder>;
}

/** Characters of feed-article text one tick keeps for its other slots: 16 M, about 64 MB parsed. */
export const TICK_ARTICLE_CHARS = 16_000_000;

/** A fresh {@link TickCache}: one per tick, and one per `/digest now`. */
export function createTickCache(): TickCache {
  return { polls: new Map(), articles: createArticleBudget(TICK_ARTICLE_CHARS) };
}

/** What was gathered for a slot: `inputs[i]` is the item of `keys[i]`. */
export interface Gathered {
  inputs: StoryInput[];
  keys: string[];
  feedUrls: string[];
  gatheredAt: string;
  /** How each feed's poll went, for the channel's alerts. */
  feeds: FeedOutcome[];
}

/** Dependencies of {@link createStoryCollector}. */
export interface StoryCollectorOptions {
  store: Pick<FeedItemStore, 'addFeedItems' | 'unseenItems' | 'seenKeys'>;
  feeds: FeedReader;
  loader: Pick<ArticleLoader, 'content'>;
  logger: Pick<Logger, 'warn'>;
  now: Clock;
  /**
   * Feeds are polled ahead of the slots (poll jobs spread over this window): a feed polled within
   * it is not polled again for a slot, its stored items are used. 0: every slot polls its feeds.
   */
  freshMs?: number;
}

/** Polls a feed and keeps its new items; a failure is logged and returned. */
export type FeedPoller = (feedUrl: string) => Promise<FeedPoll>;

/** Creates the {@link FeedPoller} both a slot and a poll job use; with `freshMs`, a feed a poll job just read is not fetched. */
export function createFeedPoller(options: Pick<StoryCollectorOptions, 'store' | 'feeds' | 'logger' | 'now' | 'freshMs'>): FeedPoller {
  const { store, feeds, logger, now } = options;
  const pollOptions = options.freshMs ? { freshMs: options.freshMs } : {};
  return (url) =>
    feeds.poll(url, pollOptions).then(async (result) => {
      if (result.status === 'ok') {
        const seenAt = now().toISOString();
        await store.addFeedItems(result.items.map((item) => ({ ...item, feedUrl: url, firstSeenAt: seenAt })));
      } else if (result.status === 'failed') {
        logger.warn({ feed: url, error: result.error, retryAt: result.retryAt }, 'feed failed');
      }
      return result;
    });
}

/** Collects the stories for a subscription's slot. */
export type StoryCollector = (subscription: Subscription, cache: TickCache) => Promise<Gathered>;

// Unseen items looked at per slot, of feeds and of content/ each; a busy feed's backlog beyond
// this is not worth a digest, a big folder's comes in later slots.
const ITEMS_PER_SLOT = 50;
const FETCHES_AT_ONCE = 5;

/**
 * Creates the story collector: the new items of a subscription's feeds (each feed polled once per
 * tick, its new items stored), and the `content/` articles it has not had, with the keys that
 * mark them as had.
 */
export function createStoryCollector(options: StoryCollectorOptions): StoryCollector {
  const { store, feeds, loader, logger, now } = options;
  const poll = createFeedPoller(options);
  return async (subscription, cache) => {
    const inputs: StoryInput[] = [];
    const keys: string[] = [];
    const feedUrls = feedUrlsOf(subscription);
    const outcomes: FeedOutcome[] = [];
    for (const url of feedUrls) {
      let polled = cache.polls.get(url);
      if (!polled) {
        // One poll per feed per tick, however many channels follow it; no fetch when a poll job just read it.
        polled = poll(url).then((result) => (result.status === 'ok' ? { ...result, items: [] } : result)); // its items are in the store
        cache.polls.set(url, polled);
      }
      outcomes.push({ url, problem: problemOf(await polled) });
    }
    const gatheredAt = now().toISOString();
    // Excerpt-only items are fetched from their links, a few at a time: one slow site must not
    // make a digest wait for fifty fetches in a row. Results keep the feed's order.
    const items = await store.unseenItems(subscription.id, feedUrls, ITEMS_PER_SLOT);
    const loaded: (LoadedArticle | null)[] = items.map(() => null);
    await inParallel(items.map((item, index) => ({ item, index })), FETCHES_AT_ONCE, async ({ item, index }) => {
      try {
        const key = `${item.feedUrl} ${item.id}`;
        let article = cache.articles.get(key);
        if (!article) cache.articles.set(key, (article = feeds.articleOf(item, item.feedUrl)));
        loaded[index] = await article;
      } catch (error) {
        logger.warn({ subscription: subscription.id, item: item.url ?? item.id, error: toError(error).message }, 'feed item skipped');
      }
    });
    items.forEach((item, index) => {
      const article = loaded[index];
      if (!article) return;
      inputs.push({ article: article.article, notice: article.notice });
      keys.push(`${item.feedUrl} ${item.id}`);
    });
    const tags = subscription.sources.filter((s) => s.startsWith('content'));
    if (tags.length > 0) {
      const folder = await (cache.content ??= loader.content());
      const wanted = folder.articles.filter((a) => tags.some((t) => t === 'content' || a.tags.includes(t.slice('content:'.length))));
      const seen = await store.seenKeys(subscription.id, wanted.map((a) => `content ${a.id}`));
      // At most ITEMS_PER_SLOT of them, the last in the folder's order (by file name, so dated
      // names put the newest last); the rest wait for later slots. Handing a channel all of a
      // 10,000-file folder grouped 10,000 articles and held 10,000 keys per slot.
      for (const a of wanted.filter((w) => !seen.has(`content ${w.id}`)).slice(-ITEMS_PER_SLOT)) {
        inputs.push({ article: a.article, notice: a.notice });
        keys.push(`content ${a.id}`);
      }
    }
    return { inputs, keys, feedUrls, gatheredAt, feeds: outcomes };
  };
}

/** What is wrong with a feed after a poll, in words; null when it worked. */
function problemOf(poll: FeedPoll): string | null {
  if (poll.status === 'failed') return poll.error;
  if (poll.status === 'backing-off') return poll.lastError ?? 'failing; waiting before the next try';
  return null;
}

/** A subscription's feeds: its web sources (the rest are `content/` ids). Slots and poll jobs must agree on them. */
export function feedUrlsOf(subscription: Pick<Subscription, 'sources'>): string[] {
  return subscription.sources.filter((source) => /^https?:/.test(source));
}

/**
 * Slots ordered so that channels following the same feeds come one after another (stable
 * otherwise): the articles, digests and story groups a tick keeps, each within its bound, are
 * then still kept when the next channel wants them.
 */
export function byFeedSet<T extends { subscription: Pick<Subscription, 'sources'> }>(plans: readonly T[]): T[] {
  const keyed = plans.map((plan) => ({ plan, feeds: feedUrlsOf(plan.subscription).sort().join(' ') }));
  keyed.sort((a, b) => (a.feeds < b.feeds ? -1 : a.feeds > b.feeds ? 1 : 0));
  return keyed.map(({ plan }) => plan);
}
